package dev.qnet.runtime.optim;

import java.util.List;
import dev.qnet.runtime.nn.Parameter;

/**
 * Updates trainable parameters in place from their accumulated gradients. State (moments,
 * momentum buffers, step count) is keyed by parameter name so it can be saved and restored
 * with a checkpoint; parameters without a gradient (running statistics) are skipped.
 */
public sealed interface Optimizer permits Adam, Sgd {

    /** One update of every trainable parameter with learning rate {@code lr}. */
    void step(List<Parameter> parameters, double lr);

    /** A snapshot of the optimizer's state (copies, safe to serialise while training continues). */
    OptimizerState state();

    /** Replaces the state with a saved one, e.g. when resuming. */
    void restore(OptimizerState state);
}
