package dev.qnet.runtime.data;

import java.util.Random;

/** Random rotation about the image centre by an angle uniform in [-maxDegrees, maxDegrees]. */
public record Rotate(double maxDegrees) implements Geometric {

    public Rotate {
        if (maxDegrees < 0 || maxDegrees > 180) {
            throw new IllegalArgumentException("rotation must be in [0, 180] degrees, got " + maxDegrees);
        }
    }

    @Override
    public void draw(Random rng, AffineDraw t) {
        double a = Math.toRadians((rng.nextDouble() * 2 - 1) * maxDegrees);
        double c = Math.cos(a);
        double s = Math.sin(a);
        t.thenLinear(c, -s, s, c);
    }
}
