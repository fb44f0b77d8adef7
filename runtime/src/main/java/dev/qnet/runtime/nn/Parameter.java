package dev.qnet.runtime.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A named array owned by a layer. Trainable parameters carry a gradient array of the same shape
 * that {@link Layer#backward} accumulates into and the optimizer reads; state such as batch-norm
 * running statistics is saved with the model but has no gradient.
 *
 * @param name      stable, unique within the network once qualified by the layer path (used by checkpoints)
 * @param value     the array the layer computes with; updated in place by optimizers and loaders
 * @param grad      same shape as {@code value}, or {@code null} when not trainable
 */
public record Parameter(String name, INDArray value, INDArray grad) {

    public static Parameter trainable(String name, INDArray value) {
        return new Parameter(name, value, value.ulike());
    }

    public static Parameter state(String name, INDArray value) {
        return new Parameter(name, value, null);
    }

    public boolean isTrainable() {
        return grad != null;
    }

    public long size() {
        return value.length();
    }

    /** Clears the accumulated gradient before the next backward pass. */
    public void zeroGrad() {
        if (grad != null) {
            grad.assign(0);
        }
    }

    /** The parameter list of a layer with a weight and an optional bias (null when it has none). */
    public static List<Parameter> weightAndBias(Parameter weight, Parameter bias) {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }
}
