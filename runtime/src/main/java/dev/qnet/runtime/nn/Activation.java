package dev.qnet.runtime.nn;

import dev.qnet.core.ActivationKind;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Element-wise activation (softmax: over axis 1). Keeps its input or output for the backward pass. */
public final class Activation implements Layer {

    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private final ActivationKind kind;
    private INDArray lastInput;
    private INDArray lastOutput;
    /** float32 and bfloat16 ReLU through oneDNN (see DnnlRelu); created on first use. */
    private final DnnlRelu.Cache relu = new DnnlRelu.Cache();

    public Activation(ActivationKind kind) {
        this.kind = kind;
    }

    public ActivationKind kind() {
        return kind;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        return compute(input, false);
    }

    /** ReLU runs in place (its backward reads only the output); the other kinds as {@link #forward}. */
    @Override
    public INDArray forwardOverwriting(INDArray input, boolean training) {
        return compute(input, kind == ActivationKind.RELU);
    }

    private INDArray compute(INDArray input, boolean inPlace) {
        // ReLU's backward needs only the output: not keeping the input lets its memory go.
        lastInput = kind == ActivationKind.RELU ? null : input;
        lastOutput = switch (kind) {
            case RELU -> {
                if (Dnnl.isDense(input)) {
                    yield relu.of(input).forward(input, inPlace);
                }
                INDArray out = Dnnl.like(input);
                INDArray[] v = Dnnl.storage(input, out);
                Nd4j.exec(new RectifiedLinear(v[0], v[1], 0.0));
                yield out;
            }
            case TANH -> Transforms.tanh(input, true);
            case SIGMOID -> Transforms.sigmoid(input, true);
            case GELU -> normalCdf(input).muli(input);
            case SILU -> Transforms.sigmoid(input, true).muli(input);
            case SOFTMAX -> Softmax.rows(input);
        };
        return lastOutput;
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        return backward(gradOutput, false);
    }

    /** ReLU writes its input gradient over {@code gradOutput}; the other kinds as {@link #backward}. */
    @Override
    public INDArray backwardOverwriting(INDArray gradOutput) {
        return backward(gradOutput, kind == ActivationKind.RELU);
    }

    private INDArray backward(INDArray gradOutput, boolean inPlace) {
        if (lastOutput == null) {
            throw new IllegalStateException(name() + ": backward before forward");
        }
        INDArray y = lastOutput;
        return switch (kind) {
            case RELU -> {
                INDArray g = Dnnl.convertedLike(gradOutput, y); // (a float32 gradient from a float32 layer above)
                if (Dnnl.sameDenseLayout(y, g)) {
                    yield relu.of(y).backward(y, g, inPlace || g != gradOutput);
                }
                // libnd4j's fused relu_bp: one pass instead of compare, cast and multiply; it is
                // given the output, which is positive exactly where the input is.
                INDArray gradInput = Dnnl.like(g);
                INDArray[] v = Dnnl.storage(y, g, gradInput);
                NativeOps.exec("relu_bp", NativeOps.in(v[0], v[1]), NativeOps.in(v[2]), new int[0], 0.0);
                yield gradInput;
            }
            case TANH -> y.mul(y).rsubi(1).muli(gradOutput);
            case SIGMOID -> y.rsub(1).muli(y).muli(gradOutput);
            case GELU -> {
                // d/dx [x Phi(x)] = Phi(x) + x phi(x)
                INDArray x = lastInput;
                INDArray pdf = Transforms.exp(x.mul(x).muli(-0.5), false).muli(INV_SQRT_2PI).muli(x);
                yield normalCdf(x).addi(pdf).muli(gradOutput);
            }
            case SILU -> {
                // d/dx [x s(x)] = s(x) (1 + x (1 - s(x)))
                INDArray sig = Transforms.sigmoid(lastInput, true);
                yield sig.rsub(1).muli(lastInput).addi(1).muli(sig).muli(gradOutput);
            }
            case SOFTMAX -> {
                // dx = y * (g - sum(g * y, axis 1))
                INDArray dot = gradOutput.mul(y).sum(true, 1);
                yield gradOutput.subColumnVector(dot).muli(y);
            }
        };
    }

    private static INDArray normalCdf(INDArray x) {
        INDArray e = x.mul(INV_SQRT2);
        Nd4j.exec(new Erf(e, e));
        return e.addi(1).muli(0.5);
    }

    /** ReLU computes bfloat16 feature maps in their type (oneDNN); the other kinds in float32. */
    @Override
    public boolean acceptsBfloat16() {
        return kind == ActivationKind.RELU;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String name() {
        return kind.keyword();
    }
}
