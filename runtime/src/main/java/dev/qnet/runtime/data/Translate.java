package dev.qnet.runtime.data;

import java.util.Random;

/** Random shift by up to {@code maxPixels} in x and y (uniform, sub-pixel). */
public record Translate(double maxPixels) implements Geometric {

    public Translate {
        if (maxPixels < 0) {
            throw new IllegalArgumentException("translation must be >= 0 pixels, got " + maxPixels);
        }
    }

    @Override
    public void draw(Random rng, AffineDraw t) {
        double dx = (rng.nextDouble() * 2 - 1) * maxPixels;
        double dy = (rng.nextDouble() * 2 - 1) * maxPixels;
        t.thenShift(dx, dy);
    }
}
