package dev.qnet.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The threshold chosen on a split, and two-class metrics at a threshold; every value counted by hand. */
class DecisionThresholdTest {

    private static final List<String> NAMES = List.of("normal", "pneumonia");

    private static double[][] binary(double... p1) {
        double[][] p = new double[p1.length][];
        for (int i = 0; i < p1.length; i++) {
            p[i] = new double[] {1 - p1[i], p1[i]};
        }
        return p;
    }

    // Sorted by score: labels 0 0 1 0 1 1. At 0.5 (arg-max) 0.3 and 0.6 are wrong: 4 of 6.
    private static final int[] LABELS = {0, 0, 1, 0, 1, 1};
    private static final double[][] P = binary(0.1, 0.2, 0.3, 0.6, 0.7, 0.8);

    @Test
    void choosesTheMostAccurateCutNearestHalf() {
        // Cutting at 0.25 (only 0.6 wrong) or at 0.65 (only 0.3 wrong) gives 5 of 6; 0.65 is nearer 0.5.
        DecisionThreshold t = DecisionThreshold.maximisingAccuracy(LABELS, P, 1);
        assertEquals(0.65, t.threshold(), 1e-12);
        assertEquals(5.0 / 6, t.accuracy(), 1e-12);
    }

    @Test
    void theNegativeClassAsPositiveMirrorsTheCut() {
        // Scores of class 0 are 1 - p: the same two cuts, mirrored to 0.35 and 0.75; 0.35 is nearer 0.5.
        DecisionThreshold t = DecisionThreshold.maximisingAccuracy(LABELS, P, 0);
        assertEquals(0.35, t.threshold(), 1e-12);
        assertEquals(5.0 / 6, t.accuracy(), 1e-12);
    }

    @Test
    void aSplitOfOneClassIsCutBelowOrAboveEveryScore() {
        assertEquals(1.0, DecisionThreshold.maximisingAccuracy(new int[] {1, 1}, binary(0.2, 0.4), 1).accuracy());
        DecisionThreshold none = DecisionThreshold.maximisingAccuracy(new int[] {0, 0}, binary(0.7, 0.9), 1);
        assertEquals(1.0, none.accuracy());
        assertEquals(Math.nextUp(0.9), none.threshold());
    }

    @Test
    void metricsAtAThreshold() {
        // At 0.65: predicted positive 0.7 and 0.8; 0.3 is a false negative. TP 2, FN 1, TN 3, FP 0.
        Evaluation e = Evaluation.atThreshold(LABELS, P, 1, NAMES, 0.65);
        assertEquals(5.0 / 6, e.accuracy(), 1e-12);
        assertEquals(1.0, e.precision(), 1e-12);
        assertEquals(2.0 / 3, e.recall(), 1e-12);
        assertEquals(0.8, e.f1(), 1e-12);
        assertArrayEquals(new long[] {3, 0}, e.confusion()[0]);
        assertArrayEquals(new long[] {1, 2}, e.confusion()[1]);
        // The ranking does not depend on the cut: 8 of the 9 positive-negative pairs are ordered.
        assertEquals(8.0 / 9, e.rocAuc(), 1e-12);
        assertEquals(Evaluation.of(LABELS, P, 1, NAMES).rocAuc(), e.rocAuc());
        // At 0.5 it is the arg-max.
        assertEquals(Evaluation.of(LABELS, P, 1, NAMES), Evaluation.atThreshold(LABELS, P, 1, NAMES, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.atThreshold(LABELS, P, 1, NAMES, 1.5));
    }
}
