package dev.qnet.runtime.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** [N, ...] -> [N, product of the rest], C order (as PyTorch's flatten on NCHW). */
public final class Flatten implements Layer {

    private long[] lastShape;

    @Override
    public INDArray forward(INDArray input, boolean training) {
        lastShape = input.shape();
        return input.reshape('c', input.size(0), input.length() / input.size(0));
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        return gradOutput.reshape('c', lastShape);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String name() {
        return "flatten";
    }
}
