package dev.qnet.runtime.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Mean over H and W: [N, C, H, W] -> [N, C] (flattens, like PyTorch's adaptive_avg_pool2d(1) + flatten). */
public final class GlobalAvgPool implements Layer {

    private long[] lastShape;

    @Override
    public INDArray forward(INDArray input, boolean training) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException(name() + ": expected [N, C, H, W], got rank " + input.rank());
        }
        lastShape = input.shape();
        return input.mean(2, 3);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        long[] s = lastShape;
        double scale = 1.0 / (s[2] * s[3]);
        INDArray g = gradOutput.mul(scale).reshape(s[0], s[1], 1, 1);
        return g.broadcast(s).dup();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String name() {
        return "global_avg_pool";
    }
}
