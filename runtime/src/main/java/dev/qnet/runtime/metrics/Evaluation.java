package dev.qnet.runtime.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Classification metrics of predicted probabilities against true labels, computed the way
 * scikit-learn does so numbers compare with published results: predictions are the arg-max
 * (first on ties), ROC AUC uses average ranks for tied scores, undefined ratios are 0.
 *
 * <p>With two classes the headline precision, recall, F1 and AUC are those of the explicit
 * {@code positiveClass}; with more they are macro averages (AUC: one-vs-rest macro).
 *
 * @param classNames    one per class
 * @param positiveClass the positive class for two-class headline metrics (-1 for K > 2)
 * @param count         number of samples evaluated
 * @param accuracy      share of correct arg-max predictions
 * @param precision     binary precision of the positive class, or macro precision
 * @param recall        binary recall, or macro recall
 * @param f1            binary F1, or macro F1
 * @param rocAuc        binary ROC AUC of the positive class's probability, or one-vs-rest macro
 * @param logLoss       mean cross-entropy of the true class's probability, clipped to [1e-15, 1 - 1e-15]
 * @param confusion     counts, row = true class, column = predicted class
 * @param perClass      one-vs-rest metrics for every class
 */
public record Evaluation(List<String> classNames, int positiveClass, int count, double accuracy, double precision,
                         double recall, double f1, double rocAuc, double logLoss, long[][] confusion,
                         List<ClassMetrics> perClass) {

    private static final double EPS = 1e-15;

    public Evaluation {
        classNames = List.copyOf(classNames);
        perClass = List.copyOf(perClass);
        confusion = deepCopy(confusion);
    }

    @Override
    public long[][] confusion() {
        return deepCopy(confusion);
    }

    private static long[][] deepCopy(long[][] m) {
        long[][] c = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    public int numClasses() {
        return classNames.size();
    }

    public boolean binary() {
        return classNames.size() == 2;
    }

    /** How the headline numbers were averaged, for reports: "binary, positive = pneumonia" or "macro". */
    public String averaging() {
        return binary() ? "binary, positive = " + classNames.get(positiveClass) : "macro over " + numClasses()
                + " classes";
    }

    /** Float probabilities, as networks produce them. */
    public static Evaluation of(int[] labels, float[][] probabilities, int positiveClass, List<String> classNames) {
        double[][] p = new double[probabilities.length][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[probabilities[i].length];
            for (int k = 0; k < p[i].length; k++) {
                p[i][k] = probabilities[i][k];
            }
        }
        return of(labels, p, positiveClass, classNames);
    }

    /**
     * @param labels        true class per sample
     * @param probabilities [N][K] class probabilities (rows should sum to 1)
     * @param positiveClass positive class for two-class metrics (ignored for K > 2)
     * @param classNames    K names
     */
    public static Evaluation of(int[] labels, double[][] probabilities, int positiveClass, List<String> classNames) {
        return evaluate(labels, probabilities, positiveClass, classNames, Double.NaN);
    }

    /**
     * Two-class metrics with the decision at {@code threshold} instead of the arg-max: a sample is
     * predicted positive when its positive-class probability is at least {@code threshold}
     * ({@link DecisionThreshold} chooses one on another split). AUC and log loss do not depend on it.
     */
    public static Evaluation atThreshold(int[] labels, double[][] probabilities, int positiveClass,
                                         List<String> classNames, double threshold) {
        if (classNames.size() != 2) {
            throw new IllegalArgumentException("a decision threshold needs 2 classes, got " + classNames.size());
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
        return evaluate(labels, probabilities, positiveClass, classNames, threshold);
    }

    /** {@code threshold} NaN: arg-max predictions. */
    private static Evaluation evaluate(int[] labels, double[][] probabilities, int positiveClass, List<String> classNames,
                                       double threshold) {
        int k = classNames.size();
        int n = labels.length;
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + k);
        }
        if (probabilities.length != n) {
            throw new IllegalArgumentException(n + " labels but " + probabilities.length + " probability rows");
        }
        if (n == 0) {
            throw new IllegalArgumentException("cannot evaluate zero samples");
        }
        if (k == 2 && (positiveClass < 0 || positiveClass > 1)) {
            throw new IllegalArgumentException("positive class must be 0 or 1, got " + positiveClass);
        }
        long[][] confusion = new long[k][k];
        double logLoss = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            double[] p = probabilities[i];
            if (p.length != k) {
                throw new IllegalArgumentException("row " + i + " has " + p.length + " probabilities, expected " + k);
            }
            int y = labels[i];
            if (y < 0 || y >= k) {
                throw new IllegalArgumentException("label " + y + " at index " + i + " is out of range [0, " + k + ")");
            }
            int pred = Double.isNaN(threshold) ? argMax(p) : p[positiveClass] >= threshold ? positiveClass : 1 - positiveClass;
            confusion[y][pred]++;
            if (pred == y) {
                correct++;
            }
            logLoss -= Math.log(Math.min(1 - EPS, Math.max(EPS, p[y])));
        }
        List<ClassMetrics> per = new ArrayList<>();
        double[] scores = new double[n];
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long support = 0;
            long predicted = 0;
            for (int j = 0; j < k; j++) {
                support += confusion[c][j];
                predicted += confusion[j][c];
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            boolean[] positive = new boolean[n];
            for (int i = 0; i < n; i++) {
                scores[i] = probabilities[i][c];
                positive[i] = labels[i] == c;
            }
            per.add(new ClassMetrics(classNames.get(c), precision, recall, f1, rocAuc(positive, scores), (int) support));
        }
        double accuracy = (double) correct / n;
        if (k == 2) {
            ClassMetrics pos = per.get(positiveClass);
            return new Evaluation(classNames, positiveClass, n, accuracy, pos.precision(), pos.recall(), pos.f1(),
                    pos.rocAuc(), logLoss / n, confusion, per);
        }
        double mp = per.stream().mapToDouble(ClassMetrics::precision).average().orElse(0);
        double mr = per.stream().mapToDouble(ClassMetrics::recall).average().orElse(0);
        double mf = per.stream().mapToDouble(ClassMetrics::f1).average().orElse(0);
        // sklearn raises when a class is absent; we report the macro over classes where AUC is defined.
        double[] aucs = per.stream().mapToDouble(ClassMetrics::rocAuc).filter(v -> !Double.isNaN(v)).toArray();
        double auc = aucs.length == 0 ? Double.NaN : Arrays.stream(aucs).average().orElse(Double.NaN);
        return new Evaluation(classNames, -1, n, accuracy, mp, mr, mf, auc, logLoss / n, confusion, per);
    }

    static int argMax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * ROC AUC as the Mann-Whitney statistic with average ranks for ties, which equals the
     * trapezoidal area sklearn's {@code roc_auc_score} computes. NaN when one side is empty.
     */
    public static double rocAuc(boolean[] positive, double[] scores) {
        int n = positive.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPos = 0;
        long nPos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (positive[order[t]]) {
                    rankSumPos += avgRank;
                    nPos++;
                }
            }
            i = j + 1;
        }
        long nNeg = n - nPos;
        if (nPos == 0 || nNeg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e && classNames.equals(e.classNames) && positiveClass == e.positiveClass
                && count == e.count && Double.compare(accuracy, e.accuracy) == 0
                && Double.compare(precision, e.precision) == 0 && Double.compare(recall, e.recall) == 0
                && Double.compare(f1, e.f1) == 0 && Double.compare(rocAuc, e.rocAuc) == 0
                && Double.compare(logLoss, e.logLoss) == 0 && Arrays.deepEquals(confusion, e.confusion)
                && perClass.equals(e.perClass);
    }

    @Override
    public int hashCode() {
        return 31 * classNames.hashCode() + Arrays.deepHashCode(confusion) + Double.hashCode(accuracy);
    }

    @Override
    public String toString() {
        return String.format("Evaluation[n=%d, %s, accuracy=%.4f, precision=%.4f, recall=%.4f, f1=%.4f, auc=%.4f,"
                + " logLoss=%.4f]", count, averaging(), accuracy, precision, recall, f1, rocAuc, logLoss);
    }
}
