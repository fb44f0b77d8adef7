package dev.qnet.runtime.train;

/**
 * Derives independent RNG seeds from the run seed and a position (epoch, batch), so any epoch's
 * shuffle and any batch's augmentation can be reproduced without replaying the ones before it;
 * this is what makes a resumed run identical to an uninterrupted one.
 */
final class Seeds {

    private Seeds() {
    }

    static long derive(long seed, long... position) {
        long h = seed;
        for (long p : position) {
            h = mix(h ^ (p + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
