package dev.qnet.runtime.nn;

import org.nd4j.linalg.api.buffer.DataType;

/** Batch normalisation of [N, C] features, one mean/variance per feature over the batch. */
public final class BatchNorm1d extends BatchNorm {

    public BatchNorm1d(int channels, double eps, double momentum, DataType dtype) {
        super(channels, 2, eps, momentum, dtype);
    }

    public BatchNorm1d(int channels, DataType dtype) {
        this(channels, 1e-5, 0.1, dtype);
    }
}
