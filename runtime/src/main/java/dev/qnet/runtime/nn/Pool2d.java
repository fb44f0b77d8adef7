package dev.qnet.runtime.nn;

import dev.qnet.core.ConvArithmetic;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shared body of {@link MaxPool2d} and {@link AvgPool2d}: libnd4j's {@code maxpool2d} /
 * {@code avgpool2d} and their {@code _bp} ops on NCHW (oneDNN for FLOAT).
 */
abstract sealed class Pool2d implements Layer permits MaxPool2d, AvgPool2d {

    private final String op;
    private final int kernel;
    private final int stride;
    private final int pad;
    private final int extraParam;
    private INDArray lastInput;

    Pool2d(String op, int kernel, int stride, int pad, int extraParam) {
        if (kernel <= 0 || stride <= 0 || pad < 0 || pad > kernel / 2) {
            throw new IllegalArgumentException(op + ": need kernel, stride > 0 and 0 <= pad <= kernel/2, got k="
                    + kernel + " s=" + stride + " p=" + pad);
        }
        this.op = op;
        this.kernel = kernel;
        this.stride = stride;
        this.pad = pad;
        this.extraParam = extraParam;
    }

    private int[] intArgs() {
        // kH, kW, sH, sW, pH, pW, dH, dW, isSameMode, extraParam0 (avg: 1 = divide by the full kernel), isNHWC
        return new int[] {kernel, kernel, stride, stride, pad, pad, 1, 1, 0, extraParam, 0};
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException(name() + ": expected [N, C, H, W], got rank " + input.rank());
        }
        long oh = ConvArithmetic.outputSize(input.size(2), kernel, stride, pad);
        long ow = ConvArithmetic.outputSize(input.size(3), kernel, stride, pad);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(name() + ": input " + input.size(2) + "x" + input.size(3)
                    + " is smaller than the kernel");
        }
        lastInput = input;
        INDArray out = Nd4j.create(input.dataType(), input.size(0), input.size(1), oh, ow);
        NativeOps.exec(op, NativeOps.in(input), NativeOps.in(out), intArgs());
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException(name() + ": backward before forward");
        }
        INDArray gradInput = lastInput.ulike();
        NativeOps.exec(op + "_bp", NativeOps.in(lastInput, gradOutput), NativeOps.in(gradInput), intArgs());
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String name() {
        return op + "(" + kernel + ", stride " + stride + ", pad " + pad + ")";
    }
}
