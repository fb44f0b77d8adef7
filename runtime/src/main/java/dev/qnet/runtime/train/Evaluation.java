package dev.qnet.runtime.train;

import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.SoftmaxCrossEntropy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Mean loss and accuracy of a model on a split, in evaluation mode and in batches. */
record Evaluation(double loss, double accuracy) {

    static Evaluation of(Layer model, LabeledImages split, SoftmaxCrossEntropy lossFn, int batchSize,
                         BatchTransform transform, DataType dtype, StepWorkspace ws) {
        int n = split.size();
        if (n == 0) {
            return new Evaluation(Double.NaN, Double.NaN);
        }
        int[] order = Batches.identity(n);
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int f = from;
            double[] r = ws.run(() -> {
                INDArray x = transform.apply(Batches.images(split, order, f, to, dtype), new java.util.Random(0), false);
                var res = lossFn.compute(model.forward(x, false), Batches.labels(split, order, f, to));
                return new double[] {res.loss(), res.correct()};
            });
            lossSum += r[0] * (to - from);
            correct += (long) r[1];
        }
        return new Evaluation(lossSum / n, (double) correct / n);
    }
}
