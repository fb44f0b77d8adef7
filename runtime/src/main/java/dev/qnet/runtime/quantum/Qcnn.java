package dev.qnet.runtime.quantum;

import java.util.Arrays;

/**
 * Quantum convolutional network stages after Cong, Choi and Lukin (2019), in the exact pattern of
 * the PyTorch peer {@code torch_qcnn8.py}: a convolution applies a two-qubit block in a brick
 * pattern over the active register, a pooling applies a two-qubit block from each dropped qubit to
 * its kept partner and halves the register (8 -> 4 -> 2 -> 1).
 */
public final class Qcnn {

    private Qcnn() {
    }

    /**
     * Convolution: the template on (A0,A1), (A2,A3), ... then (A1,A2), (A3,A4), ..., (A[n-1],A0)
     * (the wrap-around pair only when n > 2). With {@code shared} all applications use one set of
     * fresh parameters, otherwise each application gets its own.
     */
    public static void conv(Circuit.Builder b, int[] active, CircuitTemplate template, boolean shared) {
        checkPairTemplate(template);
        int n = active.length;
        int base = b.parameterCount();
        int next = base;
        for (int i = 0; i + 1 < n; i += 2) {
            template.applyTo(b, new int[] {active[i], active[i + 1]}, next);
            next = shared ? base : next + template.params();
        }
        for (int i = 1; i < n; i += 2) {
            if (i + 1 < n) {
                template.applyTo(b, new int[] {active[i], active[i + 1]}, next);
            } else if (n > 2) {
                template.applyTo(b, new int[] {active[i], active[0]}, next);
            } else {
                continue;
            }
            next = shared ? base : next + template.params();
        }
        next = shared ? base + template.params() : next;
        b.parameters(next);
    }

    /**
     * Pooling: the template on (A[i], A[i + n/2]) for i < n/2 (local qubit 0 = the dropped qubit,
     * 1 = the kept one); returns the kept second half as the new active register.
     */
    public static int[] pool(Circuit.Builder b, int[] active, CircuitTemplate template, boolean shared) {
        checkPairTemplate(template);
        int n = active.length;
        if (n < 2 || n % 2 != 0) {
            throw new QuantumException("pooling needs an even number (>= 2) of active qubits, got " + n);
        }
        int half = n / 2;
        int base = b.parameterCount();
        int next = base;
        for (int i = 0; i < half; i++) {
            template.applyTo(b, new int[] {active[i], active[i + half]}, next);
            next = shared ? base : next + template.params();
        }
        next = shared ? base + template.params() : next;
        b.parameters(next);
        return Arrays.copyOfRange(active, half, n);
    }

    private static void checkPairTemplate(CircuitTemplate t) {
        if (t.qubits() != 2) {
            throw new QuantumException("QCNN blocks act on 2 qubits, template " + t.name() + " has " + t.qubits());
        }
    }

    /** The peer's convolution block conv(a, b; p0, p1, p2): 8 gates, 3 parameters. */
    public static CircuitTemplate peerConv() {
        return CircuitTemplate.of("conv", 2, c -> c
            .rz(1, -Math.PI / 2).cnot(1, 0).rz(0, Angle.param(0)).ry(1, Angle.param(1))
            .cnot(0, 1).ry(1, Angle.param(2)).cnot(1, 0).rz(0, Math.PI / 2));
    }

    /** The peer's pooling block pool(s, d; p0, p1, p2): 6 gates, 3 parameters (s dropped, d kept). */
    public static CircuitTemplate peerPool() {
        return CircuitTemplate.of("pool", 2, c -> c
            .rz(1, -Math.PI / 2).cnot(1, 0).rz(0, Angle.param(0)).ry(1, Angle.param(1))
            .cnot(0, 1).ry(1, Angle.param(2)));
    }

    /**
     * The complete peer circuit: RY(x_i) on qubit i, then conv/pool 8 -> 4 -> 2 -> 1 with unshared
     * parameters (154 gates, 60 parameters); the output qubit is returned as {@code active[0]} (7).
     */
    public static Circuit peer8() {
        Circuit.Builder b = Circuit.builder(8);
        Encodings.angle(b, GateKind.RY, 0, 1.0);
        int[] active = {0, 1, 2, 3, 4, 5, 6, 7};
        CircuitTemplate conv = peerConv(), pool = peerPool();
        while (active.length > 1) {
            conv(b, active, conv, false);
            active = pool(b, active, pool, false);
        }
        return b.build();
    }
}
