package dev.qnet.runtime.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The paired tests against scipy 1.17.1 (scipy.stats.ttest_rel and scipy.stats.wilcoxon), the
 * expected values computed there for these fixed samples; each call is in the comment above it.
 */
class PairedTestTest {

    @Test
    void sixPairsWithoutTiesMatchScipyExactly() {
        double[] ref = {0.870, 0.869, 0.886, 0.881, 0.861, 0.875};
        double[] other = {0.891, 0.877, 0.885, 0.903, 0.880, 0.889};
        PairedTest.Result r = PairedTest.test(ref, other);
        // ttest_rel(other, ref).pvalue
        assertEquals(0.012706896632554693, r.tTestP(), 1e-12);
        // wilcoxon(other, ref, method='exact').pvalue: W- = 1 of 21, 2 * 2 / 64
        assertEquals(0.0625, r.wilcoxonP(), 1e-12);
        assertEquals(PairedTest.WilcoxonMethod.EXACT, r.wilcoxonMethod());
        assertEquals(6, r.pairs());
        assertEquals((0.021 + 0.008 - 0.001 + 0.022 + 0.019 + 0.014) / 6, r.meanDifference(), 1e-12);
    }

    @Test
    void twelvePairsExact() {
        double[] x = {0.8569, 0.8664, 0.8566, 0.8239, 0.8681, 0.8589, 0.8393, 0.8616, 0.8573, 0.8559, 0.8506, 0.8609};
        double[] y = {0.8559, 0.874, 0.8594, 0.8429, 0.8787, 0.8645, 0.8376, 0.8677, 0.8674, 0.8618, 0.88, 0.886};
        PairedTest.Result r = PairedTest.test(x, y);
        // ttest_rel(y, x).pvalue
        assertEquals(0.004743913252357525, r.tTestP(), 1e-12);
        // wilcoxon(np.round(y - x, 12), method="exact").pvalue
        assertEquals(0.00244140625, r.wilcoxonP(), 1e-12);
    }

    @Test
    void tiesAndAZeroUseTheNormalApproximationWithTieAndContinuityCorrection() {
        double[] ref = {0.80, 0.82, 0.85, 0.79, 0.90, 0.88, 0.81, 0.86};
        double[] other = {0.78, 0.80, 0.86, 0.77, 0.85, 0.88, 0.83, 0.80};
        PairedTest.Result r = PairedTest.test(ref, other);
        // ttest_rel(other, ref).pvalue
        assertEquals(0.11650595899091107, r.tTestP(), 1e-12);
        // wilcoxon(np.round(other - ref, 12), zero_method='wilcox', correction=True, method='approx').pvalue
        assertEquals(0.12133525035848211, r.wilcoxonP(), 1e-12);
        assertEquals(PairedTest.WilcoxonMethod.NORMAL, r.wilcoxonMethod());
    }

    @Test
    void zeroDifferencesAreDroppedBeforeTheExactTest() {
        double[] ref = {0.5, 0.55, 0.72, 0.74, 0.95};
        double[] other = {0.5, 0.6, 0.7, 0.8, 0.91};
        PairedTest.Result r = PairedTest.test(ref, other);
        // wilcoxon(other, ref, zero_method='wilcox', method='exact').pvalue (= the 4 nonzero pairs alone)
        assertEquals(0.625, r.wilcoxonP(), 1e-12);
        assertEquals(PairedTest.WilcoxonMethod.EXACT, r.wilcoxonMethod());
        // ttest_rel(other, ref).pvalue
        assertEquals(0.6349902752778118, r.tTestP(), 1e-12);
    }

    @Test
    void twoPairs() {
        PairedTest.Result r = PairedTest.test(new double[] {0.5, 0.6}, new double[] {0.55, 0.62});
        // ttest_rel([0.55, 0.62], [0.5, 0.6]).pvalue
        assertEquals(0.2577621168183132, r.tTestP(), 1e-12);
        // the smallest exact two-sided p-value with 2 pairs: 2 * 1/4
        assertEquals(0.5, r.wilcoxonP(), 1e-12);
    }

    @Test
    void identicalModelsGiveOneAndConstantShiftsHaveNoTTest() {
        PairedTest.Result same = PairedTest.test(new double[] {0.375, 0.375, 0.375}, new double[] {0.375, 0.375, 0.375});
        assertEquals(1.0, same.tTestP());
        assertEquals(1.0, same.wilcoxonP());
        assertEquals(PairedTest.WilcoxonMethod.NO_DIFFERENCE, same.wilcoxonMethod());
        // 0.1 + 0.2 - 0.2 is not exactly 0.1 in floating point: the rounding makes the differences equal.
        PairedTest.Result shift = PairedTest.test(new double[] {0.2, 0.3, 0.4}, new double[] {0.1 + 0.2, 0.4, 0.5});
        assertTrue(Double.isNaN(shift.tTestP()), "constant difference: t undefined");
        // three tied |d| = 0.1, all positive: normal approximation, T = 0, mean 3, var 3.5 - 24/48 = 3
        // wilcoxon([0.1, 0.1, 0.1], correction=True, method='approx').pvalue
        assertEquals(0.14891467317876572, shift.wilcoxonP(), 1e-12);
    }

    @Test
    void sixPairsAreTheFewestThatCanReachFivePercent() {
        assertEquals(6, PairedTest.pairsToReach(0.05));
        double[] ref = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        double[] up = {0.11, 0.22, 0.33, 0.44, 0.55, 0.66};
        // wilcoxon(up, ref, method='exact').pvalue
        assertEquals(0.03125, PairedTest.test(ref, up).wilcoxonP(), 1e-12);
        // wilcoxon(up[:5], ref[:5], method='exact').pvalue
        assertEquals(0.0625, PairedTest.test(java.util.Arrays.copyOf(ref, 5), java.util.Arrays.copyOf(up, 5)).wilcoxonP(), 1e-12);
    }

    @Test
    void needsTwoPairsOfEqualLength() {
        assertThrows(IllegalArgumentException.class, () -> PairedTest.test(new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> PairedTest.test(new double[] {1, 2}, new double[] {1}));
    }
}
