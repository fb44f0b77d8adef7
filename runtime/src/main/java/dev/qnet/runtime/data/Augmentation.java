package dev.qnet.runtime.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One pre-processing or augmentation step on a FLOAT [N, C, H, W] batch. Random steps draw from
 * {@code rng} (the trainer's seeded generator, so runs are reproducible) and do nothing when
 * {@code training} is false; deterministic steps (normalise, resize) always apply. The signature
 * matches the trainer's {@code BatchTransform} so either can wrap the other.
 */
@FunctionalInterface
public interface Augmentation {

    INDArray apply(INDArray batch, Random rng, boolean training);

    /** Flat C-order copy of a batch, the working format of every step here. */
    static float[] floats(INDArray batch) {
        // A plain C-order array owns exactly its buffer: read it without an extra copy.
        if (!batch.isView() && batch.ordering() == 'c' && batch.data().length() == batch.length()
                && batch.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            return batch.data().asFloat();
        }
        return batch.dup('c').data().asFloat();
    }
}
