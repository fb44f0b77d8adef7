package dev.qnet.runtime.data;

import java.util.Random;

/** Random isotropic zoom by a factor uniform in [1 - maxFraction, 1 + maxFraction]. */
public record Zoom(double maxFraction) implements Geometric {

    public Zoom {
        if (maxFraction < 0 || maxFraction >= 1) {
            throw new IllegalArgumentException("zoom fraction must be in [0, 1), got " + maxFraction);
        }
    }

    @Override
    public void draw(Random rng, AffineDraw t) {
        double s = 1 + (rng.nextDouble() * 2 - 1) * maxFraction;
        t.thenLinear(s, 0, 0, s);
    }
}
