package dev.qnet.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static double[][] binary(double... p1) {
        double[][] p = new double[p1.length][];
        for (int i = 0; i < p1.length; i++) {
            p[i] = new double[] {1 - p1[i], p1[i]};
        }
        return p;
    }

    private static boolean[] pos(int... y) {
        boolean[] b = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            b[i] = y[i] == 1;
        }
        return b;
    }

    @Test
    void rocAucMatchesSklearnIncludingTies() {
        // sklearn docs: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
        assertEquals(0.75, Evaluation.rocAuc(pos(0, 0, 1, 1), new double[] {0.1, 0.4, 0.35, 0.8}), 1e-12);
        // All scores tied: the ROC is the diagonal.
        assertEquals(0.5, Evaluation.rocAuc(pos(0, 1, 0, 1), new double[] {0.3, 0.3, 0.3, 0.3}), 1e-12);
        // One tied positive/negative pair counts one half: (0.5 + 0 + 1 + 1) / 4.
        assertEquals(0.625, Evaluation.rocAuc(pos(0, 1, 0, 1), new double[] {0.2, 0.2, 0.6, 0.9}), 1e-12);
        assertTrue(Double.isNaN(Evaluation.rocAuc(pos(1, 1), new double[] {0.2, 0.3})));
    }

    @Test
    void binaryMetricsUseTheExplicitPositiveClass() {
        int[] y = {0, 0, 0, 1, 1, 1, 1, 1};
        double[][] p = binary(0.1, 0.6, 0.2, 0.9, 0.8, 0.4, 0.7, 0.55);
        Evaluation e = Evaluation.of(y, p, 1, List.of("normal", "pneumonia"));
        // predictions: 0 1 0 1 1 0 1 1 -> TP 4, FP 1, FN 1, TN 2
        assertArrayEquals(new long[] {2, 1}, e.confusion()[0]);
        assertArrayEquals(new long[] {1, 4}, e.confusion()[1]);
        assertEquals(6.0 / 8, e.accuracy(), 1e-12);
        assertEquals(4.0 / 5, e.precision(), 1e-12);
        assertEquals(4.0 / 5, e.recall(), 1e-12);
        assertEquals(0.8, e.f1(), 1e-12);
        // positives' scores 0.9 0.8 0.4 0.7 0.55 vs negatives 0.1 0.6 0.2: 13 of 15 pairs ordered right.
        assertEquals(13.0 / 15, e.rocAuc(), 1e-12);
        assertEquals("binary, positive = pneumonia", e.averaging());
        Evaluation neg = Evaluation.of(y, p, 0, List.of("normal", "pneumonia"));
        assertEquals(2.0 / 3, neg.precision(), 1e-12);
        assertEquals(2.0 / 3, neg.recall(), 1e-12);
        assertEquals(13.0 / 15, neg.rocAuc(), 1e-12, "AUC of the complementary score is the same");
    }

    @Test
    void logLossMatchesSklearnDocs() {
        // sklearn docs: log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]])
        //   = 0.21616...
        double[][] p = {{.1, .9}, {.9, .1}, {.8, .2}, {.35, .65}};
        Evaluation e = Evaluation.of(new int[] {1, 0, 0, 1}, p, 1, List.of("ham", "spam"));
        assertEquals(0.2161610, e.logLoss(), 1e-6);
    }

    @Test
    void multiclassMacroMatchesSklearnDocs() {
        // sklearn precision_recall_fscore_support docs, average='macro':
        // y_true [0,1,2,0,1,2], y_pred [0,2,1,0,0,1] -> precision 0.222, recall 0.333, f1 0.267
        int[] y = {0, 1, 2, 0, 1, 2};
        int[] pred = {0, 2, 1, 0, 0, 1};
        double[][] p = new double[6][3];
        for (int i = 0; i < 6; i++) {
            p[i][pred[i]] = 0.8;
            p[i][(pred[i] + 1) % 3] = 0.15;
            p[i][(pred[i] + 2) % 3] = 0.05;
        }
        Evaluation e = Evaluation.of(y, p, 1, List.of("a", "b", "c"));
        assertEquals(2.0 / 9, e.precision(), 1e-12);
        assertEquals(1.0 / 3, e.recall(), 1e-12);
        assertEquals(0.8 / 3, e.f1(), 1e-12);
        assertEquals(2.0 / 6, e.accuracy(), 1e-12);
        assertEquals(-1, e.positiveClass());
        assertEquals(2, e.perClass().get(0).support());
        assertEquals(1.0, e.perClass().get(0).recall(), 1e-12);
        assertEquals(0.0, e.perClass().get(1).precision(), 1e-12, "zero division counts as 0");
        // One-vs-rest macro AUC: mean of the three per-class AUCs, each computed by hand.
        double mean = (e.perClass().get(0).rocAuc() + e.perClass().get(1).rocAuc() + e.perClass().get(2).rocAuc()) / 3;
        assertEquals(mean, e.rocAuc(), 1e-12);
        // Class 0: scores of class-0 samples {0.8, 0.8}; others {0.05, 0.15(pred 2->0 at +1), ...}.
        boolean[] is0 = {true, false, false, true, false, false};
        double[] s0 = new double[6];
        for (int i = 0; i < 6; i++) {
            s0[i] = p[i][0];
        }
        assertEquals(Evaluation.rocAuc(is0, s0), e.perClass().get(0).rocAuc(), 1e-12);
        // positives {0.8, 0.8} vs negatives {0.15, 0.05, 0.8, 0.05}: 6 wins, 2 ties -> 7/8
        assertEquals(0.875, e.perClass().get(0).rocAuc(), 1e-12);
    }

    @Test
    void argMaxTakesTheFirstOnTiesAndInputsAreChecked() {
        Evaluation e = Evaluation.of(new int[] {0, 1}, new float[][] {{0.5f, 0.5f}, {0.5f, 0.5f}}, 1, List.of("a", "b"));
        assertArrayEquals(new long[] {1, 0}, e.confusion()[0]);
        assertArrayEquals(new long[] {1, 0}, e.confusion()[1]);
        assertEquals(0.0, e.precision(), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of(new int[] {2}, new double[][] {{0.5, 0.5}}, 1, List.of("a", "b")));
        assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of(new int[] {0}, new double[][] {{1.0}}, 1, List.of("a", "b")));
    }
}
