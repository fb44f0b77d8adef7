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
     * Resolves {@code auto}: the statevector when the stage is noiseless (nothing to simulate
     * beyond a pure state), the exact density matrix when it is noisy and has at most
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
     * Estimated simulator memory for {@code circuits} circuits simulated at once (a batch, or a
     * batch's patches): a statevector is 2^n complex doubles (16 bytes each), a density matrix
     * 4^n, a trajectory 2^n per trajectory in flight ({@code Limits.DEFAULT_TRAJECTORIES} of them).
     * An estimate of the state alone, not of the simulator's scratch buffers.
     */
    public long stateBytes(int qubits, long circuits) {
        double perCircuit = switch (method) {
            case STATEVECTOR, AUTO -> Math.pow(2, qubits) * 16;
            case DENSITY_MATRIX -> Math.pow(4, qubits) * 16;
            case TRAJECTORIES -> Math.pow(2, qubits) * 16 * Limits.DEFAULT_TRAJECTORIES;
        };
        double total = perCircuit * circuits;
        return total >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) total;
    }

    /** For reports: {@code device, density_matrix (auto: noisy, 6 <= 10 qubits), 1000 shots}. */
    public String describe() {
        return noise.name() + ", " + method.keyword() + " (" + reason + "), " + (shots == 0 ? "exact" : shots + " shots");
    }
}
