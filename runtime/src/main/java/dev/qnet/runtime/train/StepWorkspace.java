package dev.qnet.runtime.train;

import dev.qnet.runtime.nn.BufferPool;
import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one training or inference step inside an ND4J memory workspace and a {@link BufferPool},
 * so the step's arrays reuse memory from earlier steps instead of being freshly allocated
 * (malloc + page faults + GC-driven release of off-heap memory, which cost as much as the
 * convolutions for ResNet-50). The feature maps (the bulk) come from the pool, which hands a
 * buffer out again as soon as the network's structure says its tensor is dead; the small rest
 * (per-channel statistics, weight-gradient temporaries, losses) from the workspace, which is
 * learned on the first step and reset at the end of each.
 *
 * <p>Every array created inside the step is invalid once the step returns: return only Java
 * values, or arrays {@code detach()}ed from the workspace. Parameters, gradients and optimizer
 * state live outside (they are created before, or the optimizer runs after the step).
 *
 * <p>Its memory stays reserved between steps until {@link #close}: open it with
 * try-with-resources, so that no caller (a prediction, a training run that fails) can leave a
 * pool of feature maps resident after its last step.
 */
public final class StepWorkspace implements AutoCloseable {

    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.05)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final String id;
    private final BufferPool pool = new BufferPool();

    /** @param id workspace name; one per kind of step (training and evaluation differ in size) */
    public StepWorkspace(String id) {
        this.id = id;
    }

    public <T> T run(Supplier<T> step) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id)) {
            return pool.run(step);
        }
    }

    /** Frees the workspace's memory; a later {@link #run} starts learning its size again. */
    @Override
    public void close() {
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(CONFIG, id);
        Nd4j.getWorkspaceManager().destroyWorkspace(ws);
        pool.clear();
    }

    public void run(Runnable step) {
        run(() -> {
            step.run();
            return null;
        });
    }
}
