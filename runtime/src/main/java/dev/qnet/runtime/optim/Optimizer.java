package dev.qnet.runtime.optim;

import dev.qnet.runtime.nn.Parameter;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Updates trainable parameters in place from their accumulated gradients. State (moments,
 * momentum buffers, step count) is keyed by parameter name so it can be saved and restored
 * with a checkpoint; parameters without a gradient (running statistics) are skipped.
 */
public sealed interface Optimizer permits Adam, Sgd {

    /** One update of every trainable parameter with learning rate {@code lr}. */
    default void step(List<Parameter> parameters, double lr) {
        // State must outlive any workspace the caller may have open.
        try (var outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            update(parameters, lr);
        }
    }

    /** The update itself, outside every workspace. */
    void update(List<Parameter> parameters, double lr);

    /** A snapshot of the optimizer's state (copies, safe to serialise while training continues). */
    OptimizerState state();

    /** Replaces the state with a saved one, e.g. when resuming. */
    void restore(OptimizerState state);
}
