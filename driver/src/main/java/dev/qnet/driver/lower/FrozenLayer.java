package dev.qnet.driver.lower;

import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer whose parameters stay at their initial values: {@code --ablate quantum}'s frozen variant
 * wraps each quantum node in one. The optimiser only updates trainable parameters, so the wrapper
 * lists the inner layer's parameters as state (still saved and restored by name with the model)
 * and clears the gradients the inner backward accumulates. The input gradient passes through
 * unchanged, so the layers before the frozen one still train.
 */
final class FrozenLayer implements Layer {

    private final Layer inner;

    FrozenLayer(Layer inner) {
        this.inner = inner;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        return inner.forward(input, training);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        INDArray g = inner.backward(gradOutput);
        for (Parameter p : inner.parameters()) {
            p.zeroGrad();
        }
        return g;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : inner.parameters()) {
            out.add(p.isTrainable() ? Parameter.state(p.name(), p.value()) : p);
        }
        return out;
    }

    @Override
    public List<Layer> children() {
        return List.of(inner);
    }

    @Override
    public String name() {
        return "frozen " + inner.name();
    }
}
