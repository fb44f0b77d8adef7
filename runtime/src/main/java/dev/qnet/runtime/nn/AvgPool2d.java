package dev.qnet.runtime.nn;

/** Average pooling over k x k windows; padded cells count as zeros in the divisor (PyTorch's default). */
public final class AvgPool2d extends Pool2d {

    public AvgPool2d(int kernel, int stride, int pad) {
        super("avgpool2d", kernel, stride, pad, 1);
    }
}
