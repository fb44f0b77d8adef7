package dev.qnet.core;

/**
 * Memory of a quantum stage's simulated state, per {@link SimulationMethod}, in core so that
 * {@code qnetc check} (which runs without the runtime) and the runtime print the same number.
 */
public final class SimulationMemory {

    private SimulationMemory() {
    }

    /**
     * Bytes of the simulated state for a batch, double-precision complex: one {@code 2^n}
     * statevector per sample for the statevector and for trajectories (which run one trajectory of
     * a sample at a time), one {@code 4^n} density matrix per sample for the density matrix. The
     * gradient pass needs working space on top (a co-state per sample or block of samples).
     */
    public static long bytes(SimulationMethod method, int qubits, int batch) {
        long complex = 16;
        return switch (method) {
            case STATEVECTOR, TRAJECTORIES -> complex * (1L << qubits) * batch;
            case DENSITY_MATRIX -> complex * (1L << (2 * qubits)) * batch;
            case AUTO -> throw new IllegalArgumentException("resolve the simulation method before estimating its memory");
        };
    }
}
