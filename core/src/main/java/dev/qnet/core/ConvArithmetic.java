package dev.qnet.core;

/**
 * The output size of a sliding window (convolution, pooling, quanvolution), as PyTorch computes
 * it: floor mode, zero padding of {@code padding} on both sides. The compiler infers shapes with
 * it and the runtime sizes its outputs with it, so the two cannot disagree.
 */
public final class ConvArithmetic {
    private ConvArithmetic() {}

    /** floor((size + 2 * padding - kernel) / stride) + 1; zero or negative when the window does not fit. */
    public static long outputSize(long size, int kernel, int stride, int padding) {
        return Math.floorDiv(size + 2L * padding - kernel, stride) + 1;
    }
}
