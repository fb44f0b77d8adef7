package dev.qnet.runtime.train;

import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one training or inference step inside an ND4J memory workspace, so the step's
 * activations and gradients reuse one block of memory learned on the first step instead of
 * being freshly allocated (malloc + page faults + GC-driven release of off-heap memory, which
 * cost as much as the convolutions for ResNet-50).
 *
 * <p>Every array created inside the step is invalid once the step returns: return only Java
 * values, or arrays {@code detach()}ed from the workspace. Parameters, gradients and optimizer
 * state live outside (they are created before, or the optimizer runs after the step).
 */
public final class StepWorkspace {

    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.05)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final String id;

    /** @param id workspace name; one per kind of step (training and evaluation differ in size) */
    public StepWorkspace(String id) {
        this.id = id;
    }

    public <T> T run(Supplier<T> step) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id)) {
            return step.get();
        }
    }

    /** Frees the workspace's memory (e.g. after training, before evaluation of a large model). */
    public void release() {
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(CONFIG, id);
        Nd4j.getWorkspaceManager().destroyWorkspace(ws);
    }

    public void run(Runnable step) {
        run(() -> {
            step.run();
            return null;
        });
    }
}
