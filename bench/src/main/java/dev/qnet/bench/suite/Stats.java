package dev.qnet.bench.suite;

import java.util.Arrays;

/** Min and median of repeated measurements (the median of an even count is the upper middle, as in the peers). */
public record Stats(double min, double median, double max, int count) {

    public static Stats of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return new Stats(s[0], s[s.length / 2], s[s.length - 1], s.length);
    }
}
