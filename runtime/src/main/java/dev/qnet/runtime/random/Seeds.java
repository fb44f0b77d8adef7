package dev.qnet.runtime.random;

/**
 * The one place random seeds are derived, always through the SplitMix64 finaliser, so that nearby
 * inputs (consecutive epochs, batches or calls, layers whose paths hash one apart) give unrelated
 * streams. Seeding {@code SplittableRandom} with {@code seed * gamma + k}, gamma being its own
 * increment, would not: the stream of seed s + 1 is then the stream of s one draw later.
 */
public final class Seeds {

    private Seeds() {
    }

    /**
     * A seed for a position (epoch, batch) of a run: any epoch's shuffle and any batch's
     * augmentation can be reproduced without replaying the ones before it, which is what makes a
     * resumed run identical to an uninterrupted one.
     */
    public static long derive(long seed, long... position) {
        long h = seed;
        for (long p : position) {
            h = mix(h ^ (p + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    /**
     * The seed of the stream of one sample in one forward call of a random layer or sampling
     * simulator seeded {@code seed} (shots, trajectories, dropout masks).
     */
    public static long stream(long seed, long call, long sample) {
        return mix(mix(mix(seed) + call) + sample);
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
