package dev.qnet.runtime.quantum.noise;

/**
 * Seeds of the random streams of the sampling simulators (shots, trajectories): one stream per
 * (simulator seed, forward call, sample), each seed passed through the SplitMix64 finaliser so
 * that nearby seeds (parts whose paths hash one apart, consecutive calls or samples) give
 * unrelated streams. Seeding {@code SplittableRandom} with {@code seed * gamma + ...}, gamma being
 * its own increment, would not: the stream of seed s + 1 is then the stream of s one draw later.
 */
public final class RandomStreams {

    private RandomStreams() {
    }

    /** The seed of the stream of one sample in one forward call of a simulator seeded {@code seed}. */
    public static long seed(long seed, long call, long sample) {
        return mix(mix(mix(seed) + call) + sample);
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
