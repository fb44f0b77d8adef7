package dev.qnet.compiler.ir;

import dev.qnet.core.Limits;
import dev.qnet.core.SimulationMethod;

/**
 * How one quantum stage or quanvolution runs: its noise model, its simulation method (never
 * {@code auto}: resolved by {@link #resolve}, with the reason {@code qnetc check} shows), and its
 * shots per expectation value (0 = exact).
 *
 * @param requested the method the source asked for ({@code auto} unless written)
 */
public record ExecutionIr(NoiseIr noise, SimulationMethod method, SimulationMethod requested, String reason, int shots) {

    /** Noiseless, exact, statevector: what a stage runs as when nothing says otherwise. */
    public static final ExecutionIr IDEAL = resolve(NoiseIr.NONE, SimulationMethod.AUTO, 0, 1);

    public ExecutionIr {
        if (method == SimulationMethod.AUTO) throw new IllegalArgumentException("an execution's method is resolved, never auto");
    }

    /**
     * Resolves {@code auto}: the statevector when the stage has no gate noise (a pure state; readout
     * error alone is folded into the observables), the exact density matrix when it is noisy and has at most
     * {@link Limits#MAX_DENSITY_QUBITS} qubits, Monte-Carlo trajectories otherwise. A method written
     * in the source is kept (the checker rejects the statevector for a noisy stage).
     */
    public static ExecutionIr resolve(NoiseIr noise, SimulationMethod requested, int shots, int qubits) {
        if (requested != SimulationMethod.AUTO) {
            return new ExecutionIr(noise, requested, requested, "as written", shots);
        }
        if (noise.isNoiseless()) {
            return new ExecutionIr(noise, SimulationMethod.STATEVECTOR, requested, "auto: noiseless", shots);
        }
        if (!noise.hasGateNoise()) {
            // Readout error is linear in the final state: the runtime folds it into the observables.
            return new ExecutionIr(noise, SimulationMethod.STATEVECTOR, requested, "auto: readout error only", shots);
        }
        if (qubits <= Limits.MAX_DENSITY_QUBITS) {
            return new ExecutionIr(noise, SimulationMethod.DENSITY_MATRIX, requested,
                    "auto: noisy, " + qubits + " <= " + Limits.MAX_DENSITY_QUBITS + " qubits", shots);
        }
        return new ExecutionIr(noise, SimulationMethod.TRAJECTORIES, requested,
                "auto: noisy, " + qubits + " > " + Limits.MAX_DENSITY_QUBITS + " qubits for a density matrix", shots);
    }

    /** The same request under another noise model or shot count (command-line overrides); auto is re-resolved. */
    public ExecutionIr with(NoiseIr otherNoise, int otherShots, int qubits) {
        return resolve(otherNoise, requested, otherShots, qubits);
    }

    public boolean exact() { return shots == 0; }

    /**
     * Memory of the simulated state for {@code circuits} circuits simulated at once (a batch, or a
     * batch's patches): core's {@link dev.qnet.core.SimulationMemory}, the runtime's own figure.
     */
    public long stateBytes(int qubits, long circuits) {
        return dev.qnet.core.SimulationMemory.bytes(method, qubits, (int) Math.min(Integer.MAX_VALUE, circuits));
    }

    /** For reports: {@code device, density_matrix (auto: noisy, 6 <= 10 qubits), 1000 shots}. */
    public String describe() {
        return noise.name() + ", " + method.keyword() + " (" + reason + "), " + (shots == 0 ? "exact" : shots + " shots");
    }
}
