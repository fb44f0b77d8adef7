package dev.qnet.runtime.quantum;

import java.util.function.Consumer;

/** Data encodings as circuit builders: they append to a {@link Circuit.Builder} and return it. */
public final class Encodings {

    private Encodings() {
    }

    /**
     * Angle encoding: one rotation about {@code axis} (RX, RY or RZ) per qubit,
     * {@code R(scale * x[offset + q])} on qubit q. Features used: {@code qubits}.
     */
    public static Circuit.Builder angle(Circuit.Builder b, GateKind axis, int offset, double scale) {
        if (axis != GateKind.RX && axis != GateKind.RY && axis != GateKind.RZ) {
            throw new QuantumException("angle encoding rotates about x, y or z, not " + axis.qasmName());
        }
        for (int q = 0; q < b.qubits(); q++) {
            b.add(axis, new int[0], new int[] {q}, Angle.input(offset + q, scale, 0.0));
        }
        return b;
    }

    /**
     * Data re-uploading (Perez-Salinas et al. 2020): the angle-encoding block and then
     * {@code layer} repeated {@code repeats} times; the same {@code qubits} features are read every time.
     */
    public static Circuit.Builder angleReuploading(Circuit.Builder b, GateKind axis, int offset, double scale,
                                                   int repeats, Consumer<Circuit.Builder> layer) {
        if (repeats < 1) {
            throw new QuantumException("re-uploading needs at least 1 repeat, got " + repeats);
        }
        for (int r = 0; r < repeats; r++) {
            angle(b, axis, offset, scale);
            layer.accept(b);
        }
        return b;
    }

    /**
     * Amplitude encoding: the initial state is {@code x[offset .. offset + 2^n) / |x|} (direct state
     * preparation, gradients flow through the normalisation). An all-zero sample is an error at run time.
     */
    public static Circuit.Builder amplitude(Circuit.Builder b, int offset) {
        return b.amplitudeEncoding(offset);
    }

    /**
     * IQP-style dense encoding (Havlicek et al. 2019), {@code repeats} times: H on every qubit,
     * RZ(x_i) on qubit i, then for every pair i < j the ZZ interaction CNOT(i,j) RZ_j(x_i * x_j) CNOT(i,j).
     * The pair angle is a product of two inputs, which {@link Angle#inputProduct} supports exactly
     * (the one non-affine angle form), so gradients reach both features.
     */
    public static Circuit.Builder iqp(Circuit.Builder b, int offset, int repeats) {
        int n = b.qubits();
        for (int r = 0; r < repeats; r++) {
            for (int q = 0; q < n; q++) {
                b.h(q);
            }
            for (int q = 0; q < n; q++) {
                b.rz(q, Angle.input(offset + q));
            }
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    b.cnot(i, j).rz(j, Angle.inputProduct(offset + i, offset + j, 1.0, 0.0)).cnot(i, j);
                }
            }
        }
        return b;
    }
}
