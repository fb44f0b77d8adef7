package dev.qnet.runtime.train;

import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import dev.qnet.runtime.nn.Softmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Class probabilities (softmax of the logits) of a model for a split, in evaluation mode and in batches. */
public final class Predictor {

    private Predictor() {
    }

    /** @return [N, K] probabilities in the model's dtype; row i belongs to image i */
    public static INDArray probabilities(Layer model, LabeledImages images, int batchSize, BatchTransform transform) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        BatchTransform t = transform == null ? BatchTransform.IDENTITY : transform;
        DataType dtype = model.parameters().stream().filter(Parameter::isTrainable).findFirst()
                .map(p -> p.value().dataType()).orElse(DataType.FLOAT);
        int n = images.size();
        int[] order = Batches.identity(n);
        // One workspace for all the batches of this call, freed when it returns: a caller that
        // predicts again (robustness sweeps, every run of a Spark sweep task) must not find the
        // last call's feature maps still resident.
        INDArray result = null;
        try (StepWorkspace ws = new StepWorkspace("qnet-predict")) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                int f = from;
                INDArray probs = ws.run(() -> {
                    INDArray x = t.apply(Batches.images(images, order, f, to, dtype), new java.util.Random(0), false);
                    return Softmax.rows(model.forward(x, false)).detach();
                });
                if (result == null) {
                    result = Nd4j.create(dtype, n, probs.size(1));
                }
                result.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(probs);
            }
        }
        return result == null ? Nd4j.create(dtype, 0, images.numClasses()) : result;
    }
}
