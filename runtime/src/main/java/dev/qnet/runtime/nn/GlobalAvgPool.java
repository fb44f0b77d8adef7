package dev.qnet.runtime.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Mean over H and W: [N, C, H, W] -> [N, C] (flattens, like PyTorch's adaptive_avg_pool2d(1) + flatten). */
public final class GlobalAvgPool implements Layer {

    private long[] lastShape;
    private boolean lastNhwc;

    @Override
    public INDArray forward(INDArray input, boolean training) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException(name() + ": expected [N, C, H, W], got rank " + input.rank());
        }
        lastShape = input.shape();
        lastNhwc = Dnnl.nhwcWithChannels(input);
        // NHWC memory (see Dnnl): reduce the dense [N, H, W, C] view over H and W
        return lastNhwc ? input.permute(0, 2, 3, 1).mean(1, 2) : input.mean(2, 3);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        long[] s = lastShape;
        double scale = 1.0 / (s[2] * s[3]);
        if (lastNhwc) {
            INDArray out = Dnnl.createNhwc(s[0], s[1], s[2], s[3]);
            out.permute(0, 2, 3, 1).assign(gradOutput.mul(scale).reshape(s[0], 1, 1, s[1]).broadcast(s[0], s[2], s[3], s[1]));
            return out;
        }
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
