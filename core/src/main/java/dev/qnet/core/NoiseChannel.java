package dev.qnet.core;

import java.util.List;

/**
 * The one-qubit noise channels a {@code noise} declaration can name, with the names of their
 * probability parameters in order. The Kraus operators live in the runtime
 * ({@code dev.qnet.runtime.quantum.noise.Channels}); the compiler checks the parameters against
 * this list (each in [0, 1]).
 *
 * <p>Conventions (documented in docs/language.md): {@code depolarizing(p)} is
 * rho -> (1 - p) rho + p/3 (X rho X + Y rho Y + Z rho Z), so on |0> it gives <Z> = 1 - 4p/3 and p = 3/4 is fully
 * depolarizing; {@code bit_flip(p)} applies X with probability p, {@code phase_flip(p)} Z;
 * {@code amplitude_damping(gamma)} decays |1> to |0> with probability gamma (T1);
 * {@code phase_damping(lambda)} damps the off-diagonal terms by sqrt(1 - lambda) (T2).
 */
public enum NoiseChannel implements Keyword {
    DEPOLARIZING("p"),
    BIT_FLIP("p"),
    PHASE_FLIP("p"),
    AMPLITUDE_DAMPING("gamma"),
    PHASE_DAMPING("lambda");

    private final List<String> parameters;

    NoiseChannel(String... parameters) {
        this.parameters = List.of(parameters);
    }

    /** Parameter names in order; every parameter is a probability in [0, 1]. */
    public List<String> parameters() {
        return parameters;
    }
}
