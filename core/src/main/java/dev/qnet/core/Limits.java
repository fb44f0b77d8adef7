package dev.qnet.core;

import java.util.List;

/** Limits the compiler checks and the runtime relies on. */
public final class Limits {
    private Limits() {}

    /** The statevector simulator's limit; a state needs 2^n * 16 bytes (complex double). */
    public static final int MAX_QUBITS = 24;

    /**
     * The largest noisy stage {@code auto} simulates as an exact density matrix (4^n * 16 bytes per
     * sample: 1 MiB at 8 qubits, 16 MiB at 10, 256 MiB at 12); larger ones use trajectories.
     */
    public static final int MAX_DENSITY_QUBITS = 10;

    /** Trajectories per sample when a noisy stage is simulated by Monte-Carlo trajectories (default). */
    public static final int DEFAULT_TRAJECTORIES = 64;

    /** Quanvolution kernel sizes: a k x k patch is simulated on k*k qubits. */
    public static final List<Integer> QUANV_KERNELS = List.of(2, 3);
}
