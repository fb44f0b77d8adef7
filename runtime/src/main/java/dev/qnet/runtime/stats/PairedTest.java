package dev.qnet.runtime.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;
import org.apache.commons.math3.stat.ranking.NaturalRanking;

/**
 * Two-sided paired tests of one metric between two models trained with the same seeds (so the
 * same initialisation stream, data order and augmentation draws): a pair is one seed. Both tests
 * are on the differences d = other - reference.
 *
 * <ul>
 *   <li><b>Paired t-test</b>: Commons Math's {@code TTest.pairedTTest} (t = mean(d) / (sd(d) / sqrt(n)),
 *       n - 1 degrees of freedom). When every difference is equal the statistic is undefined: the
 *       p-value is 1 when they are all zero (the models agree on every seed) and NaN otherwise.</li>
 *   <li><b>Wilcoxon signed-rank</b>, as scipy.stats.wilcoxon with {@code zero_method="wilcox"}: zero
 *       differences are dropped (n' left; p = 1 when none is left), |d| ranked with ties averaged.
 *       With no ties and n' <= 30 the p-value is exact (Commons Math's {@code WilcoxonSignedRankTest}
 *       with {@code exactPValue}, the full distribution of W over the 2^n' sign patterns). Otherwise it is
 *       the normal approximation written out here, with the tie correction of the variance and a
 *       continuity correction of 0.5 towards the mean (scipy's {@code method="approx",
 *       correction=True}); Commons Math's own approximation has no tie correction. The exact test
 *       cannot go below 2 / 2^n': 0.5 with 2 seeds, 0.0625 with 5, 0.03125 with 6, so with fewer than
 *       6 seeds it can never reach p < 0.05.</li>
 * </ul>
 * Differences are rounded to 12 decimals before ranking: test-set metrics are multiples of 1/N, and
 * two equal differences must tie although floating-point subtraction leaves them 1e-17 apart.
 */
public final class PairedTest {

    /** The largest n' with an exact Wilcoxon p-value (Commons Math's limit). */
    public static final int EXACT_LIMIT = 30;

    /** How a Wilcoxon p-value was obtained. */
    public enum WilcoxonMethod {
        EXACT, NORMAL, NO_DIFFERENCE;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param pairs          number of pairs (seeds)
     * @param meanDifference mean of other - reference
     * @param tTestP         paired t-test p-value (NaN: undefined, see above)
     * @param wilcoxonP      Wilcoxon signed-rank p-value
     */
    public record Result(int pairs, double meanDifference, double tTestP, double wilcoxonP, WilcoxonMethod wilcoxonMethod) {}

    private PairedTest() {
    }

    /**
     * The fewest pairs for which the exact two-sided Wilcoxon test can reach p < alpha (all
     * differences of one sign: p = 2 / 2^n): 6 for alpha = 0.05. The paired t-test has no such floor.
     */
    public static int pairsToReach(double alpha) {
        int n = 1;
        while (2.0 / Math.pow(2, n) >= alpha) n++;
        return n;
    }

    /** Both tests on paired samples; at least 2 pairs. */
    public static Result test(double[] reference, double[] other) {
        if (reference.length != other.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + reference.length + " and " + other.length);
        }
        if (reference.length < 2) {
            throw new IllegalArgumentException("a paired test needs at least 2 pairs, got " + reference.length);
        }
        int n = reference.length;
        double[] d = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            d[i] = round(other[i] - reference[i]);
            mean += d[i];
        }
        mean /= n;
        return new Result(n, mean, tTest(reference, other, d), wilcoxon(d), wilcoxonMethod(d));
    }

    static double tTest(double[] reference, double[] other, double[] d) {
        boolean constant = Arrays.stream(d).allMatch(v -> v == d[0]);
        if (constant) {
            return d[0] == 0 ? 1.0 : Double.NaN;
        }
        return new TTest().pairedTTest(other, reference);
    }

    private static WilcoxonMethod wilcoxonMethod(double[] d) {
        double[] nz = nonZero(d);
        if (nz.length == 0) {
            return WilcoxonMethod.NO_DIFFERENCE;
        }
        return !hasTies(nz) && nz.length <= EXACT_LIMIT ? WilcoxonMethod.EXACT : WilcoxonMethod.NORMAL;
    }

    /** The two-sided Wilcoxon signed-rank p-value of differences {@code d} (already rounded). */
    static double wilcoxon(double[] d) {
        double[] nz = nonZero(d);
        int n = nz.length;
        if (n == 0) {
            return 1.0;
        }
        if (!hasTies(nz) && n <= EXACT_LIMIT) {
            // Commons Math ranks y - x, so x = 0 and y = d give the ranks of d itself.
            double p = new WilcoxonSignedRankTest().wilcoxonSignedRankTest(new double[n], nz, true);
            return Math.min(1.0, p);
        }
        double[] abs = Arrays.stream(nz).map(Math::abs).toArray();
        double[] ranks = new NaturalRanking().rank(abs);
        double plus = 0;
        double minus = 0;
        for (int i = 0; i < n; i++) {
            if (nz[i] > 0) plus += ranks[i];
            else minus += ranks[i];
        }
        double t = Math.min(plus, minus);
        double mn = n * (n + 1) / 4.0;
        double var = n * (n + 1.0) * (2 * n + 1) / 24.0 - tieCorrection(abs) / 48.0;
        if (var <= 0) {
            return 1.0;
        }
        double z = (t - mn + Math.signum(mn - t) * 0.5) / Math.sqrt(var);
        return Math.min(1.0, 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.abs(z)));
    }

    /** Sum over groups of tied values of t^3 - t. */
    private static double tieCorrection(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        double c = 0;
        int i = 0;
        while (i < s.length) {
            int j = i;
            while (j + 1 < s.length && s[j + 1] == s[i]) j++;
            double t = j - i + 1;
            c += t * t * t - t;
            i = j + 1;
        }
        return c;
    }

    private static boolean hasTies(double[] nz) {
        return Arrays.stream(nz).map(Math::abs).distinct().count() < nz.length;
    }

    private static double[] nonZero(double[] d) {
        return Arrays.stream(d).filter(v -> v != 0).toArray();
    }

    private static double round(double v) {
        return Math.round(v * 1e12) / 1e12;
    }
}
