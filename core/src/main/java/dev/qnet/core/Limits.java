package dev.qnet.core;

import java.util.List;

/** Limits the compiler checks and the runtime relies on. */
public final class Limits {
    private Limits() {}

    /** The statevector simulator's limit; a state needs 2^n * 16 bytes (complex double). */
    public static final int MAX_QUBITS = 24;

    /** Quanvolution kernel sizes: a k x k patch is simulated on k*k qubits. */
    public static final List<Integer> QUANV_KERNELS = List.of(2, 3);
}
