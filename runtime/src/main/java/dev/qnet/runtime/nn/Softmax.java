package dev.qnet.runtime.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Softmax over the classes (axis 1) of [N, K] logits, shifted by each row's maximum so exp cannot overflow. */
public final class Softmax {
    private Softmax() {}

    /** A new [N, K] array of probabilities in the logits' dtype; each row sums to 1. */
    public static INDArray rows(INDArray logits) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("softmax: expected [N, K] input, got rank " + logits.rank());
        }
        INDArray e = Transforms.exp(logits.subColumnVector(logits.max(true, 1)), false);
        return e.diviColumnVector(e.sum(true, 1));
    }
}
