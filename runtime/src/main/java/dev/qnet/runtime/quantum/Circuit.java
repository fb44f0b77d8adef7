package dev.qnet.runtime.quantum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable parameterised circuit: {@code n} qubits, an initial state and an ordered gate list.
 *
 * <p><b>Qubit order.</b> Qubit 0 is the <em>most significant</em> bit of a basis-state index
 * (amplitude {@code |q0 q1 ... q(n-1)>} sits at index {@code q0*2^(n-1) + ... + q(n-1)}), the same
 * as the PyTorch peer where qubit 0 is the first tensor axis after the batch and as the usual
 * textbook ket notation.
 *
 * <p>The initial state is |0...0> or, with {@link Builder#amplitudeEncoding}, the L2-normalised
 * feature vector {@code x[b, offset .. offset + 2^n)} (direct state preparation, differentiable).
 */
public final class Circuit {

    private final int qubits;
    private final List<Gate> gates;
    private final int params;
    private final int features;
    private final int amplitudeOffset;

    private Circuit(int qubits, List<Gate> gates, int params, int features, int amplitudeOffset) {
        this.qubits = qubits;
        this.gates = Collections.unmodifiableList(new ArrayList<>(gates));
        this.params = params;
        this.features = features;
        this.amplitudeOffset = amplitudeOffset;
    }

    public static Builder builder(int qubits) {
        return new Builder(qubits);
    }

    public int qubits() { return qubits; }

    public List<Gate> gates() { return gates; }

    /** Number of trainable parameters {@code theta}. */
    public int parameterCount() { return params; }

    /** Number of input features per sample {@code x[b, *]}. */
    public int featureCount() { return features; }

    /** First feature of the amplitude-encoded initial state, or -1 when the circuit starts in |0...0>. */
    public int amplitudeOffset() { return amplitudeOffset; }

    /** Mask of qubit {@code q} in a basis-state index (qubit 0 = most significant bit). */
    static int mask(int qubits, int q) {
        return 1 << (qubits - 1 - q);
    }

    /** Builder; methods return {@code this} so gate lists read like a circuit listing. */
    public static final class Builder {
        private final int n;
        private final List<Gate> gates = new ArrayList<>();
        private int params;
        private int features;
        private int amplitudeOffset = -1;

        private Builder(int n) {
            if (n < 1) {
                throw new QuantumException("a circuit needs at least 1 qubit, got " + n);
            }
            if (n > 30) {
                throw new QuantumException(n + " qubits is beyond the simulator's limit of 30 (array indices are int)");
            }
            this.n = n;
        }

        public int qubits() { return n; }

        /** Allocates the next trainable parameter index. */
        public int newParam() {
            return params++;
        }

        /** Parameters allocated or referenced so far. */
        public int parameterCount() { return params; }

        /** Declares at least {@code f} input features (more are implied by {@link Angle#input} indices). */
        public Builder features(int f) {
            features = Math.max(features, f);
            return this;
        }

        /** Declares at least {@code p} parameters. */
        public Builder parameters(int p) {
            params = Math.max(params, p);
            return this;
        }

        /** Start from {@code x[b, offset .. offset + 2^n)} normalised instead of |0...0>. */
        public Builder amplitudeEncoding(int offset) {
            if (!gates.isEmpty()) {
                throw new QuantumException("amplitude encoding prepares the initial state: declare it before any gate");
            }
            amplitudeOffset = offset;
            features(offset + (1 << n));
            return this;
        }

        public Builder h(int q) { return fixed(GateKind.H, q); }
        public Builder x(int q) { return fixed(GateKind.X, q); }
        public Builder y(int q) { return fixed(GateKind.Y, q); }
        public Builder z(int q) { return fixed(GateKind.Z, q); }
        public Builder s(int q) { return fixed(GateKind.S, q); }
        public Builder sdg(int q) { return fixed(GateKind.SDG, q); }
        public Builder t(int q) { return fixed(GateKind.T, q); }
        public Builder tdg(int q) { return fixed(GateKind.TDG, q); }
        public Builder sx(int q) { return fixed(GateKind.SX, q); }

        public Builder rx(int q, Angle a) { return add(GateKind.RX, new int[0], new int[] {q}, a); }
        public Builder ry(int q, Angle a) { return add(GateKind.RY, new int[0], new int[] {q}, a); }
        public Builder rz(int q, Angle a) { return add(GateKind.RZ, new int[0], new int[] {q}, a); }
        public Builder phase(int q, Angle a) { return add(GateKind.PHASE, new int[0], new int[] {q}, a); }
        public Builder rx(int q, double a) { return rx(q, Angle.constant(a)); }
        public Builder ry(int q, double a) { return ry(q, Angle.constant(a)); }
        public Builder rz(int q, double a) { return rz(q, Angle.constant(a)); }

        public Builder u3(int q, Angle theta, Angle phi, Angle lambda) {
            return add(GateKind.U3, new int[0], new int[] {q}, theta, phi, lambda);
        }

        public Builder cnot(int c, int t) { return add(GateKind.CNOT, new int[] {c}, new int[] {t}); }
        public Builder cy(int c, int t) { return add(GateKind.CY, new int[] {c}, new int[] {t}); }
        public Builder cz(int c, int t) { return add(GateKind.CZ, new int[] {c}, new int[] {t}); }
        public Builder swap(int a, int b) { return add(GateKind.SWAP, new int[0], new int[] {a, b}); }
        public Builder crx(int c, int t, Angle a) { return add(GateKind.CRX, new int[] {c}, new int[] {t}, a); }
        public Builder cry(int c, int t, Angle a) { return add(GateKind.CRY, new int[] {c}, new int[] {t}, a); }
        public Builder crz(int c, int t, Angle a) { return add(GateKind.CRZ, new int[] {c}, new int[] {t}, a); }
        public Builder cphase(int c, int t, Angle a) { return add(GateKind.CPHASE, new int[] {c}, new int[] {t}, a); }

        /** X on {@code target} where every control is 1 (Toffoli for two controls). */
        public Builder mcx(int[] controls, int target) {
            if (controls.length == 0) {
                throw new QuantumException("mcx needs at least one control");
            }
            return add(GateKind.MCX, controls, new int[] {target});
        }

        /** An arbitrary 2x2 unitary given row-major as real and imaginary parts (4 each). */
        public Builder unitary2(int q, double[] re, double[] im) {
            return addFixed(GateKind.UNITARY2, new int[] {q}, interleave(re, im, 4));
        }

        /** An arbitrary 4x4 unitary on (q0, q1), row-major (16 each); q0 is the more significant index bit. */
        public Builder unitary4(int q0, int q1, double[] re, double[] im) {
            return addFixed(GateKind.UNITARY4, new int[] {q0, q1}, interleave(re, im, 16));
        }

        /** Appends an already-built gate (used by templates). */
        public Builder gate(Gate g) {
            check(g.kind(), g.controls(), g.targets(), g.angles());
            gates.add(g);
            for (Angle a : g.angles()) {
                note(a);
            }
            return this;
        }

        public Builder add(GateKind kind, int[] controls, int[] targets, Angle... angles) {
            if (kind == GateKind.UNITARY2 || kind == GateKind.UNITARY4) {
                throw new QuantumException(kind.qasmName() + " needs a matrix: use unitary2/unitary4");
            }
            return gate(new Gate(kind, controls, targets, angles, null));
        }

        private Builder fixed(GateKind kind, int q) {
            return add(kind, new int[0], new int[] {q});
        }

        private Builder addFixed(GateKind kind, int[] targets, double[] m) {
            checkUnitary(m, targets.length == 1 ? 2 : 4);
            return gate(new Gate(kind, new int[0], targets, new Angle[0], m));
        }

        private void note(Angle a) {
            switch (a.source()) {
                case PARAM -> params = Math.max(params, a.index() + 1);
                case INPUT -> features = Math.max(features, a.index() + 1);
                case INPUT_PRODUCT -> features = Math.max(features, Math.max(a.index(), a.index2()) + 1);
                case CONSTANT -> { }
            }
        }

        private void check(GateKind kind, int[] controls, int[] targets, Angle[] angles) {
            if (kind.controls() >= 0 && controls.length != kind.controls()) {
                throw new QuantumException(kind.qasmName() + " takes " + kind.controls() + " control qubit(s), got " + controls.length);
            }
            if (targets.length != kind.targets()) {
                throw new QuantumException(kind.qasmName() + " takes " + kind.targets() + " target qubit(s), got " + targets.length);
            }
            if (angles.length != kind.angles()) {
                throw new QuantumException(kind.qasmName() + " takes " + kind.angles() + " angle(s), got " + angles.length);
            }
            long seen = 0;
            for (int[] qs : new int[][] {controls, targets}) {
                for (int q : qs) {
                    if (q < 0 || q >= n) {
                        throw new QuantumException(kind.qasmName() + ": qubit " + q + " out of range 0.." + (n - 1));
                    }
                    if ((seen & (1L << q)) != 0) {
                        throw new QuantumException(kind.qasmName() + ": qubit " + q + " used twice in one gate");
                    }
                    seen |= 1L << q;
                }
            }
        }

        public Circuit build() {
            return new Circuit(n, gates, params, features, amplitudeOffset);
        }
    }

    private static double[] interleave(double[] re, double[] im, int len) {
        if (re.length != len || im.length != len) {
            throw new QuantumException("unitary needs " + len + " real and " + len + " imaginary entries, got "
                + re.length + " and " + im.length);
        }
        double[] m = new double[2 * len];
        for (int i = 0; i < len; i++) {
            m[2 * i] = re[i];
            m[2 * i + 1] = im[i];
        }
        return m;
    }

    /** U^dagger U = I to 1e-9, or a clear error. */
    private static void checkUnitary(double[] m, int d) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double re = 0, im = 0;
                for (int k = 0; k < d; k++) {
                    double ar = m[2 * (k * d + i)], ai = -m[2 * (k * d + i) + 1];
                    double br = m[2 * (k * d + j)], bi = m[2 * (k * d + j) + 1];
                    re += ar * br - ai * bi;
                    im += ar * bi + ai * br;
                }
                if (Math.abs(re - (i == j ? 1 : 0)) > 1e-9 || Math.abs(im) > 1e-9) {
                    throw new QuantumException("the " + d + "x" + d + " matrix is not unitary (U^dagger U differs from I at ["
                        + i + "," + j + "])");
                }
            }
        }
    }
}
