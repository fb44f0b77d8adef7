package dev.qnet.runtime.nn;

import org.nd4j.linalg.api.buffer.DataType;

/** Batch normalisation of NCHW feature maps, one mean/variance per channel over (N, H, W). */
public final class BatchNorm2d extends BatchNorm {

    public BatchNorm2d(int channels, double eps, double momentum, DataType dtype) {
        super(channels, 4, eps, momentum, dtype);
    }

    public BatchNorm2d(int channels, DataType dtype) {
        this(channels, 1e-5, 0.1, dtype);
    }
}
