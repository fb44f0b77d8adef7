package dev.qnet.runtime.quantum.noise;

import dev.qnet.core.Limits;
import dev.qnet.core.SimulationMemory;
import dev.qnet.core.SimulationMethod;
import dev.qnet.runtime.quantum.Circuit;
import dev.qnet.runtime.quantum.DensityMatrixSimulator;
import dev.qnet.runtime.quantum.Observable;
import dev.qnet.runtime.quantum.QuantumException;
import dev.qnet.runtime.quantum.QuantumSimulator;
import dev.qnet.runtime.quantum.StatevectorSimulator;
import dev.qnet.runtime.quantum.TrajectorySimulator;
import java.util.List;

/** The simulator an {@link Execution} asks for, and what each method costs in memory. */
public final class NoiseSimulation {

    private NoiseSimulation() {
    }

    /**
     * The simulator for a circuit under an execution: the statevector (readout error folded into the
     * observables; gate noise refused), the exact density matrix, or trajectories
     * ({@link Limits#DEFAULT_TRAJECTORIES} when the execution gives 0), wrapped in
     * {@link SampledSimulator} for finite shots. {@link Execution#IDEAL} gives exactly the plain
     * {@link StatevectorSimulator}.
     */
    public static QuantumSimulator create(Circuit circuit, List<Observable> observables, Execution execution) {
        NoiseModel noise = execution.noise();
        QuantumSimulator sim = switch (execution.method()) {
            case STATEVECTOR -> {
                if (!noise.rules().stream().allMatch(NoiseModel.Rule::isIdentity)) {
                    throw new QuantumException("noise model '" + noise.name() + "' has gate noise, which a statevector "
                        + "cannot represent: simulate it as density_matrix or trajectories");
                }
                yield noise.readout().isNone() ? new StatevectorSimulator(circuit, observables)
                    : new StatevectorSimulator(circuit, observables, noise.readout());
            }
            case DENSITY_MATRIX -> new DensityMatrixSimulator(circuit, observables, noise);
            case TRAJECTORIES -> new TrajectorySimulator(circuit, observables, noise,
                execution.trajectories() > 0 ? execution.trajectories() : Limits.DEFAULT_TRAJECTORIES, execution.seed());
            case AUTO -> throw new IllegalArgumentException("resolve the simulation method before building a simulator");
        };
        return execution.exact() ? sim : new SampledSimulator(sim, execution.shots(), noise.readout(), execution.seed());
    }

    /** Bytes of the simulated state for a batch: {@link SimulationMemory#bytes} (in core, so {@code qnetc check} prints the same). */
    public static long bytes(SimulationMethod method, int qubits, int batch) {
        return SimulationMemory.bytes(method, qubits, batch);
    }
}
