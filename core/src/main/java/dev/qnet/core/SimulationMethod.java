package dev.qnet.core;

/**
 * How a quantum stage is simulated. {@code auto} picks the statevector for noiseless stages, the
 * exact density matrix for noisy ones that fit {@link Limits#MAX_DENSITY_QUBITS}, and seeded
 * Monte-Carlo trajectories otherwise; {@code qnetc check} says which one a stage gets and why.
 */
public enum SimulationMethod implements Keyword {
    AUTO,
    STATEVECTOR,
    DENSITY_MATRIX,
    TRAJECTORIES;
}
