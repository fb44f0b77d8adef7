package dev.qnet.runtime.train;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-batch preprocessing hook (augmentation, normalisation), written by the data layer.
 * {@code rng} is derived from (seed, epoch, batch), so a batch gets the same augmentation in a
 * resumed run; {@code training} is false for validation, test and prediction, where augmentation
 * must be off. Implementations may return the input itself or a new array; they must not keep it.
 */
@FunctionalInterface
public interface BatchTransform {

    BatchTransform IDENTITY = (batch, rng, training) -> batch;

    INDArray apply(INDArray batch, Random rng, boolean training);
}
