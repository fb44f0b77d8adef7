package dev.qnet.runtime.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saved optimizer state.
 *
 * @param kind   which optimizer wrote it ({@code adam}, {@code adamw}, {@code sgd}), checked on restore
 * @param steps  updates taken so far (Adam's bias correction depends on it)
 * @param arrays per-parameter buffers keyed {@code <parameter name>#<buffer>}, e.g. {@code 3.weight#m}
 */
public record OptimizerState(String kind, long steps, Map<String, INDArray> arrays) {

    public OptimizerState {
        arrays = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }
}
