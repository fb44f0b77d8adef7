package dev.qnet.runtime.data;

import java.util.Random;

/** Random mirror: each enabled axis is flipped with probability 1/2, independently. */
public record Flip(boolean horizontal, boolean vertical) implements Geometric {

    public Flip {
        if (!horizontal && !vertical) {
            throw new IllegalArgumentException("flip needs horizontal, vertical or both");
        }
    }

    public static Flip horizontally() {
        return new Flip(true, false);
    }

    public static Flip vertically() {
        return new Flip(false, true);
    }

    @Override
    public void draw(Random rng, AffineDraw t) {
        // Always draw both coins so the stream of random numbers does not depend on the outcome.
        boolean h = rng.nextBoolean() && horizontal;
        boolean v = rng.nextBoolean() && vertical;
        t.thenLinear(h ? -1 : 1, 0, 0, v ? -1 : 1);
    }
}
