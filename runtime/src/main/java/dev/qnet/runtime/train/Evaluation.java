package dev.qnet.runtime.train;

import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Softmax;
import dev.qnet.runtime.nn.SoftmaxCrossEntropy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Validation metrics of a model on a split, in evaluation mode and in batches: mean loss and the
 * classification metrics of {@link dev.qnet.runtime.metrics.Evaluation} (binary precision/recall/F1
 * of {@code positiveClass}, macro otherwise; ROC AUC), so any of them can select the best epoch.
 */
record Evaluation(double loss, double accuracy, double precision, double recall, double f1, double auc) {

    static Evaluation of(Layer model, LabeledImages split, SoftmaxCrossEntropy lossFn, int batchSize,
                         BatchTransform transform, DataType dtype, StepWorkspace ws, int positiveClass) {
        int n = split.size();
        if (n == 0) {
            return new Evaluation(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        int[] order = Batches.identity(n);
        int k = split.numClasses();
        float[][] probs = new float[n][];
        double lossSum = 0;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int f = from;
            double loss = ws.run(() -> {
                INDArray x = transform.apply(Batches.images(split, order, f, to, dtype), new java.util.Random(0), false);
                INDArray logits = model.forward(x, false);
                var res = lossFn.compute(logits, Batches.labels(split, order, f, to));
                float[][] p = Softmax.rows(logits.castTo(DataType.FLOAT)).toFloatMatrix();
                System.arraycopy(p, 0, probs, f, to - f);
                return res.loss();
            });
            lossSum += loss * (to - from);
        }
        var m = dev.qnet.runtime.metrics.Evaluation.of(split.labels(), probs,
                Math.min(positiveClass, k - 1), split.classNames());
        return new Evaluation(lossSum / n, m.accuracy(), m.precision(), m.recall(), m.f1(), m.rocAuc());
    }
}
