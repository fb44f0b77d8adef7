package dev.qnet.runtime.metrics;

import java.util.Arrays;

/**
 * The decision threshold of a two-class model chosen on a split: the cut of the positive class's
 * probability that classifies that split most accurately. Choosing it on the validation split and
 * applying it to the test split ({@code qnetc eval --threshold val}) recalibrates a model whose
 * ranking is good (high AUC) but whose 0.5 cut is not, e.g. under noise or a shift of class
 * frequencies between training and test.
 *
 * @param threshold predict positive when the positive-class probability is at least this
 * @param accuracy  the accuracy at {@code threshold} on the split it was chosen on
 */
public record DecisionThreshold(double threshold, double accuracy) {

    /**
     * The threshold with the highest accuracy on {@code labels}: one candidate between each pair of
     * neighbouring distinct scores (their midpoint), one below all and one above all; among equally
     * accurate candidates the one nearest 0.5, the arg-max's cut, so a model that is already most
     * accurate at 0.5 keeps its predictions on that split.
     */
    public static DecisionThreshold maximisingAccuracy(int[] labels, double[][] probabilities, int positiveClass) {
        int n = labels.length;
        if (n == 0 || probabilities.length != n) {
            throw new IllegalArgumentException(n + " labels and " + probabilities.length + " probability rows");
        }
        double[] score = new double[n];
        boolean[] positive = new boolean[n];
        int positives = 0;
        for (int i = 0; i < n; i++) {
            if (probabilities[i].length != 2) {
                throw new IllegalArgumentException("a decision threshold needs 2 classes, got " + probabilities[i].length);
            }
            score[i] = probabilities[i][positiveClass];
            positive[i] = labels[i] == positiveClass;
            positives += positive[i] ? 1 : 0;
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        // Cut before sorted position j: samples [0, j) are called negative, [j, n) positive.
        int negativesBelow = 0;
        int positivesBelow = 0;
        double bestThreshold = Double.NaN;
        int bestCorrect = -1;
        for (int j = 0; j <= n; j++) {
            if (j == 0 || j == n || score[order[j - 1]] < score[order[j]]) {
                double t = j == 0 ? score[order[0]] : j == n ? Math.nextUp(score[order[n - 1]])
                        : (score[order[j - 1]] + score[order[j]]) / 2;
                int correct = negativesBelow + (positives - positivesBelow);
                if (correct > bestCorrect
                        || correct == bestCorrect && Math.abs(t - 0.5) < Math.abs(bestThreshold - 0.5)) {
                    bestCorrect = correct;
                    bestThreshold = t;
                }
            }
            if (j < n) {
                if (positive[order[j]]) positivesBelow++;
                else negativesBelow++;
            }
        }
        return new DecisionThreshold(Math.min(1, bestThreshold), (double) bestCorrect / n);
    }
}
