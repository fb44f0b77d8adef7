package dev.qnet.core;

import java.util.List;
/**
 * The gates a circuit can name, with their arity: qubits (controls first, target last) and
 * angles. The runtime's simulator kinds ({@code dev.qnet.runtime.quantum.GateKind}) are built
 * from these, so the arity of a gate is written here and nowhere else.
 *
 * <p>Conventions (OpenQASM 3): RX/RY/RZ(t) = exp(-i t/2 P); phase(t) = diag(1, e^{it});
 * u3(theta, phi, lambda) as OpenQASM's U; crx/cry/crz/cphase apply the rotation when the
 * control is 1; ccx is the Toffoli gate and mcx an X with any number (at least 1) of controls.
 */
public enum Gate implements Keyword {
    H(1, 0), X(1, 0), Y(1, 0), Z(1, 0), S(1, 0), SDG(1, 0), T(1, 0), TDG(1, 0), SX(1, 0),
    RX(1, 1), RY(1, 1), RZ(1, 1), PHASE(1, 1), U3(1, 3),
    CNOT(2, 0, "cx"), CZ(2, 0), CY(2, 0), SWAP(2, 0),
    CRX(2, 1), CRY(2, 1), CRZ(2, 1), CPHASE(2, 1),
    CCX(3, 0, "toffoli"),
    /** Multi-controlled X: at least 2 qubits, the last is the target. */
    MCX(-1, 0);

    /** {@link #qubits()} of a gate that takes any number of qubits from 2 up (MCX). */
    public static final int VARIABLE = -1;

    private final int qubits;
    private final int angles;
    private final List<String> aliases;

    Gate(int qubits, int angles, String... aliases) {
        this.qubits = qubits;
        this.angles = angles;
        this.aliases = List.of(aliases);
    }

    @Override
    public List<String> aliases() {
        return aliases;
    }

    /** Qubits the gate acts on, or {@link #VARIABLE} (at least 2). */
    public int qubits() {
        return qubits;
    }

    public int angles() {
        return angles;
    }

    /** Whether {@code n} qubits fit this gate. */
    public boolean acceptsQubits(int n) {
        return qubits == VARIABLE ? n >= 2 : n == qubits;
    }

    /** How many of an application's {@code n} qubits are controls (they come first). */
    public int controls(int n) {
        return switch (this) {
            case CNOT, CZ, CY, CRX, CRY, CRZ, CPHASE -> 1;
            case CCX, MCX -> n - 1;
            case H, X, Y, Z, S, SDG, T, TDG, SX, RX, RY, RZ, PHASE, U3, SWAP -> 0;
        };
    }
}
