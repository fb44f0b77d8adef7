package dev.qnet.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Dropout masks: the right keep rate and scale, and independent masks for neighbouring seeds. */
class DropoutTest {

    private static final int N = 20_000;

    @Test
    void masksKeepOneMinusPScaledAndLayersWithNeighbouringSeedsDrawIndependentMasks() {
        double p = 0.5;
        INDArray ones = Nd4j.ones(DataType.DOUBLE, 1, N);
        // Seeds one apart: what two dropout layers whose paths hash one apart get. Seeding
        // SplittableRandom with seed * its own gamma + call made layer s + 1's mask layer s's mask
        // shifted by one draw; compare each mask with the other shifted by one as well.
        double[] a = new Dropout(p, 41).forward(ones, true).toDoubleVector();
        double[] b = new Dropout(p, 42).forward(ones, true).toDoubleVector();
        double kept = 0;
        for (double v : a) {
            assertTrue(v == 0 || Math.abs(v - 2) < 1e-12, "mask value " + v);
            kept += v == 0 ? 0 : 1;
        }
        // Binomial(N, 0.5): 4 standard deviations are 4 * sqrt(N / 4) = 283.
        assertEquals(N / 2.0, kept, 283);
        for (int shift = -1; shift <= 1; shift++) {
            double c = correlation(a, b, shift);
            // Independent masks: correlation ~ N(0, 1 / N), 4 standard deviations = 0.028.
            assertTrue(Math.abs(c) < 0.03, "masks of seeds 41 and 42 (shift " + shift + ") correlate: " + c);
        }
    }

    private static double correlation(double[] x, double[] y, int shift) {
        int from = Math.max(0, -shift), to = Math.min(x.length, y.length - shift);
        double mx = 0, my = 0;
        int n = to - from;
        for (int i = from; i < to; i++) {
            mx += x[i];
            my += y[i + shift];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = from; i < to; i++) {
            double dx = x[i] - mx, dy = y[i + shift] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
