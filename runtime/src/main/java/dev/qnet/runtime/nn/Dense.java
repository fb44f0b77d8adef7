package dev.qnet.runtime.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fully connected layer {@code y = x W^T + b} with W stored as [out, in] (PyTorch layout) and
 * PyTorch's default initialisation U(-1/sqrt(in), 1/sqrt(in)). The weight gradient is
 * accumulated by GEMM with beta = 1 straight into the gradient buffer.
 */
public final class Dense implements Layer {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private INDArray lastInput;

    public Dense(int in, int out, boolean bias, DataType dtype, Random rng) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("dense: sizes must be positive, got " + in + " -> " + out);
        }
        this.in = in;
        this.out = out;
        double bound = 1.0 / Math.sqrt(in);
        this.weight = Parameter.trainable("weight", Init.uniform(rng, dtype, bound, out, in));
        this.bias = bias ? Parameter.trainable("bias", Init.uniform(rng, dtype, bound, out)) : null;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        if (input.rank() != 2 || input.size(1) != in) {
            throw new IllegalArgumentException(name() + ": expected input [N, " + in + "], got "
                    + java.util.Arrays.toString(input.shape()));
        }
        lastInput = input;
        INDArray y = Nd4j.gemm(input, weight.value(), false, true);
        if (bias != null) {
            y.addiRowVector(bias.value());
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException(name() + ": backward before forward");
        }
        weight.grad().addi(Nd4j.gemm(gradOutput, lastInput, true, false));
        if (bias != null) {
            bias.grad().addi(gradOutput.sum(0));
        }
        return Nd4j.gemm(gradOutput, weight.value(), false, false);
    }

    @Override
    public List<Parameter> parameters() {
        return Parameter.weightAndBias(weight, bias);
    }

    @Override
    public String name() {
        return "dense(" + out + ")";
    }
}
