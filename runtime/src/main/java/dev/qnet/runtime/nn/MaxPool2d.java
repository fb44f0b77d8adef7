package dev.qnet.runtime.nn;

/** Max pooling over k x k windows; padding never wins the max (PyTorch semantics). */
public final class MaxPool2d extends Pool2d {

    public MaxPool2d(int kernel, int stride, int pad) {
        super("maxpool2d", kernel, stride, pad, 0);
    }
}
