package dev.qnet.runtime.metrics;

/**
 * One class's one-vs-rest scores.
 *
 * @param name      class name
 * @param precision TP / (TP + FP), 0 when nothing was predicted as this class (sklearn's default)
 * @param recall    TP / (TP + FN), 0 when the class has no samples
 * @param f1        harmonic mean of precision and recall, 0 when both are 0
 * @param rocAuc    one-vs-rest ROC AUC of this class's probability; NaN if the class is absent or
 *                  is the only class present
 * @param support   number of true samples of this class
 */
public record ClassMetrics(String name, double precision, double recall, double f1, double rocAuc, int support) {
}
