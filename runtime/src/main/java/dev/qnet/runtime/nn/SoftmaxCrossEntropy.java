package dev.qnet.runtime.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross-entropy on logits [B, K] and integer labels, with PyTorch's semantics for class
 * weights: {@code loss = sum_i w[y_i] * -log p_i[y_i] / sum_i w[y_i]}. Computed in double on the
 * host: the logits of a classification head are small, and this keeps the loss exact.
 */
public final class SoftmaxCrossEntropy {

    /** Loss value, its gradient w.r.t. the logits (logits' dtype) and the number of correct argmax predictions. */
    public record Result(double loss, INDArray gradLogits, int correct) {
    }

    private final double[] classWeights;

    /** @param classWeights one weight per class, or null for equal weights */
    public SoftmaxCrossEntropy(double[] classWeights) {
        if (classWeights != null) {
            for (double w : classWeights) {
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("class weights must be finite and non-negative");
                }
            }
        }
        this.classWeights = classWeights == null ? null : classWeights.clone();
    }

    public Result compute(INDArray logits, int[] labels) {
        if (logits.rank() != 2 || logits.size(0) != labels.length) {
            throw new IllegalArgumentException("cross-entropy: logits must be [" + labels.length + ", K], got "
                    + java.util.Arrays.toString(logits.shape()));
        }
        int b = labels.length;
        int k = (int) logits.size(1);
        if (classWeights != null && classWeights.length != k) {
            throw new IllegalArgumentException("cross-entropy: " + classWeights.length + " class weights for " + k + " classes");
        }
        double[][] z = logits.toDoubleMatrix();
        double[][] grad = new double[b][k];
        double total = 0;
        double weightSum = 0;
        int correct = 0;
        for (int i = 0; i < b; i++) {
            int y = labels[i];
            if (y < 0 || y >= k) {
                throw new IllegalArgumentException("cross-entropy: label " + y + " out of range [0, " + k + ")");
            }
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int j = 0; j < k; j++) {
                if (z[i][j] > max) {
                    max = z[i][j];
                    arg = j;
                }
            }
            if (arg == y) {
                correct++;
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                grad[i][j] = Math.exp(z[i][j] - max);
                sum += grad[i][j];
            }
            double w = classWeights == null ? 1 : classWeights[y];
            total += w * (Math.log(sum) + max - z[i][y]);
            weightSum += w;
            for (int j = 0; j < k; j++) {
                grad[i][j] = w * (grad[i][j] / sum - (j == y ? 1 : 0));
            }
        }
        if (weightSum == 0) {
            throw new IllegalArgumentException("cross-entropy: all samples in the batch have class weight 0");
        }
        for (double[] row : grad) {
            for (int j = 0; j < k; j++) {
                row[j] /= weightSum;
            }
        }
        return new Result(total / weightSum, Nd4j.create(grad).castTo(logits.dataType()), correct);
    }
}
