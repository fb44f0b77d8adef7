package dev.qnet.runtime.quantum;

import java.util.Arrays;

/**
 * An independent, deliberately naive single-sample simulator for tests. It reads a {@link Circuit}
 * only as data (kinds, qubits, angle expressions, the matrices of {@code unitary2/unitary4}); every
 * gate matrix is written out below from its textbook definition, never taken from
 * {@link GateKind}'s matrices or kernels, and every gate is applied by visiting each basis state and
 * summing over its full local matrix: no specialisation, no layout shared with
 * {@link StatevectorSimulator}. Speed is not a goal; being obviously right is.
 *
 * <p>Conventions (Nielsen &amp; Chuang ch. 4; OpenQASM 3 and its {@code stdgates.inc}):
 * <ul>
 *   <li><b>Basis order.</b> Qubit 0 is the most significant bit of a basis index:
 *       {@code |q0 q1 ... q(n-1)>} is amplitude {@code q0 2^(n-1) + ... + q(n-1)} (docs/language.md,
 *       docs/architecture.md). A gate's local index is formed from its qubits in the order
 *       controls..., targets..., the first the most significant.</li>
 *   <li><b>Fixed gates.</b> X = [[0,1],[1,0]], Y = [[0,-i],[i,0]], Z = diag(1,-1),
 *       H = [[1,1],[1,-1]]/sqrt 2, S = diag(1,i), SDG = diag(1,-i), T = diag(1,e^{i pi/4}),
 *       TDG = diag(1,e^{-i pi/4}), SX = sqrt(X) = ½[[1+i,1-i],[1-i,1+i]] (the principal root,
 *       stdgates' {@code pow(0.5) @ x}).</li>
 *   <li><b>Rotations.</b> R_P(t) = exp(-i t P / 2) = cos(t/2) I - i sin(t/2) P for P = X, Y, Z,
 *       with no global phase dropped: RZ(t) = diag(e^{-it/2}, e^{it/2}) as stdgates' {@code rz}.</li>
 *   <li><b>Phase.</b> PHASE(l) = diag(1, e^{il}) (stdgates' {@code p}).</li>
 *   <li><b>U3(t, p, l)</b> is OpenQASM 3's built-in {@code U}:
 *       [[cos t/2, -e^{il} sin t/2], [e^{ip} sin t/2, e^{i(p+l)} cos t/2]]. (stdgates'
 *       {@code u3} is {@code gphase(-(p+l)/2) U}: the same gate up to a global phase.)</li>
 *   <li><b>Controlled gates</b> are the block matrix diag(I, ..., I, U) over (controls, target): U acts
 *       where every control is 1. CX, CY, CZ control X, Y, Z; CRX, CRY, CRZ, CP control RX, RY,
 *       RZ, PHASE; MCX controls X with any k &gt;= 1 controls (k = 2 is CCX, the Toffoli).</li>
 *   <li><b>SWAP</b> exchanges |01&gt; and |10&gt;.</li>
 *   <li><b>UNITARY2 / UNITARY4</b> are the matrices the gates carry (the user's definition),
 *       row-major, the first target the more significant local bit.</li>
 * </ul>
 * Angles are evaluated here too ({@code offset + scale * value}), so comparing gradients also checks
 * the production chain rule through {@link Angle}.
 */
final class ReferenceSimulator {

    private ReferenceSimulator() {
    }

    /** An immutable complex number. */
    record C(double re, double im) {
        static final C ZERO = new C(0, 0);
        static final C ONE = new C(1, 0);
        static final C I = new C(0, 1);

        static C real(double re) {
            return new C(re, 0);
        }

        /** e^{i phi}. */
        static C expI(double phi) {
            return new C(Math.cos(phi), Math.sin(phi));
        }

        C plus(C o) {
            return new C(re + o.re, im + o.im);
        }

        C minus(C o) {
            return new C(re - o.re, im - o.im);
        }

        C times(C o) {
            return new C(re * o.re - im * o.im, re * o.im + im * o.re);
        }

        C times(double s) {
            return new C(re * s, im * s);
        }

        C conj() {
            return new C(re, -im);
        }

        double abs() {
            return Math.hypot(re, im);
        }
    }

    /** The final state {re[], im[]} from |0...0> (or the circuit's amplitude encoding of {@code x}). */
    static double[][] run(Circuit c, double[] theta, double[] x) {
        int dim = 1 << c.qubits();
        double[] re = new double[dim], im = new double[dim];
        int off = c.amplitudeOffset();
        if (off >= 0) {
            double s = 0;
            for (int i = 0; i < dim; i++) {
                s += x[off + i] * x[off + i];
            }
            for (int i = 0; i < dim; i++) {
                re[i] = x[off + i] / Math.sqrt(s);
            }
        } else {
            re[0] = 1;
        }
        return run(c, theta, x, re, im);
    }

    /** The final state from a given initial state (ignores the circuit's own initial state). */
    static double[][] run(Circuit c, double[] theta, double[] x, double[] re0, double[] im0) {
        int n = c.qubits(), dim = 1 << n;
        double[] re = re0.clone(), im = im0.clone();
        for (Gate g : c.gates()) {
            int[] qs = localQubits(g);
            C[][] m = localMatrix(g, theta, x);
            int k = qs.length, d = 1 << k;
            double[] nr = new double[dim], ni = new double[dim];
            for (int i = 0; i < dim; i++) {
                int row = 0;
                for (int j = 0; j < k; j++) {
                    row = row * 2 + ((i >> (n - 1 - qs[j])) & 1);
                }
                for (int col = 0; col < d; col++) {
                    int src = i;
                    for (int j = 0; j < k; j++) {
                        int bit = (col >> (k - 1 - j)) & 1;
                        int pos = n - 1 - qs[j];
                        src = (src & ~(1 << pos)) | (bit << pos);
                    }
                    C e = m[row][col];
                    nr[i] += e.re() * re[src] - e.im() * im[src];
                    ni[i] += e.re() * im[src] + e.im() * re[src];
                }
            }
            re = nr;
            im = ni;
        }
        return new double[][] {re, im};
    }

    /** The gate's qubits in local-index order: controls, then targets. */
    static int[] localQubits(Gate g) {
        int[] c = g.controls(), t = g.targets();
        int[] q = new int[c.length + t.length];
        System.arraycopy(c, 0, q, 0, c.length);
        System.arraycopy(t, 0, q, c.length, t.length);
        return q;
    }

    /** The full matrix over {@link #localQubits}, for concrete parameters and one sample's features. */
    static C[][] localMatrix(Gate g, double[] theta, double[] x) {
        Arity ar = arity(g.kind());
        if ((ar.controls() >= 0 ? g.controls().length != ar.controls() : g.controls().length < 1)
            || g.targets().length != ar.targets() || g.angles().length != ar.angles()) {
            throw new IllegalStateException(g + ": the reference expects " + ar + " but the gate has "
                + g.controls().length + " control(s), " + g.targets().length + " target(s), "
                + g.angles().length + " angle(s)");
        }
        double[] a = new double[g.angles().length];
        for (int j = 0; j < a.length; j++) {
            a[j] = angle(g.angles()[j], theta, x);
        }
        return matrix(g.kind(), a, g.controls().length, g.fixedMatrix());
    }

    /** Controls (-1: any number &gt;= 1), targets and angles of each kind, by its definition. */
    record Arity(int controls, int targets, int angles) {
    }

    static Arity arity(GateKind kind) {
        return switch (kind) {
            case H, X, Y, Z, S, SDG, T, TDG, SX, UNITARY2 -> new Arity(0, 1, 0);
            case RX, RY, RZ, PHASE -> new Arity(0, 1, 1);
            case U3 -> new Arity(0, 1, 3);
            case CNOT, CY, CZ -> new Arity(1, 1, 0);
            case CRX, CRY, CRZ, CPHASE -> new Arity(1, 1, 1);
            case SWAP, UNITARY4 -> new Arity(0, 2, 0);
            case MCX -> new Arity(-1, 1, 0);
        };
    }

    /**
     * The textbook matrix of a kind under {@code controls} controls (0 for uncontrolled kinds), for
     * angle values {@code a}; {@code fixed} is the carried matrix of UNITARY2/4 (else ignored).
     */
    static C[][] matrix(GateKind kind, double[] a, int controls, double[] fixed) {
        C[][] u = switch (kind) {
            case H -> times(1 / Math.sqrt(2), new C[][] {{C.ONE, C.ONE}, {C.ONE, C.real(-1)}});
            case X, CNOT, MCX -> pauliX();
            case Y, CY -> pauliY();
            case Z, CZ -> pauliZ();
            case S -> diag(C.ONE, C.I);
            case SDG -> diag(C.ONE, C.I.conj());
            case T -> diag(C.ONE, C.expI(Math.PI / 4));
            case TDG -> diag(C.ONE, C.expI(-Math.PI / 4));
            case SX -> {
                C p = new C(0.5, 0.5), m = new C(0.5, -0.5);
                yield new C[][] {{p, m}, {m, p}};
            }
            case RX, CRX -> rotation(pauliX(), a[0]);
            case RY, CRY -> rotation(pauliY(), a[0]);
            case RZ, CRZ -> rotation(pauliZ(), a[0]);
            case PHASE, CPHASE -> diag(C.ONE, C.expI(a[0]));
            case U3 -> {
                double t = a[0], p = a[1], l = a[2];
                double c = Math.cos(t / 2), s = Math.sin(t / 2);
                yield new C[][] {
                    {C.real(c), C.expI(l).times(-s)},
                    {C.expI(p).times(s), C.expI(p + l).times(c)}};
            }
            case SWAP -> {
                C[][] m = zeros(4);
                m[0][0] = C.ONE;
                m[1][2] = C.ONE;
                m[2][1] = C.ONE;
                m[3][3] = C.ONE;
                yield m;
            }
            case UNITARY2 -> fromInterleaved(fixed, 2);
            case UNITARY4 -> fromInterleaved(fixed, 4);
        };
        return controlled(controls, u);
    }

    /** The angle's value: {@code offset + scale * (constant 0 | theta[i] | x[i] | x[i] x[j])}. */
    static double angle(Angle a, double[] theta, double[] x) {
        return switch (a.source()) {
            case CONSTANT -> a.offset();
            case PARAM -> a.offset() + a.scale() * theta[a.index()];
            case INPUT -> a.offset() + a.scale() * x[a.index()];
            case INPUT_PRODUCT -> a.offset() + a.scale() * x[a.index()] * x[a.index2()];
        };
    }

    private static C[][] pauliX() {
        return new C[][] {{C.ZERO, C.ONE}, {C.ONE, C.ZERO}};
    }

    private static C[][] pauliY() {
        return new C[][] {{C.ZERO, C.I.times(-1)}, {C.I, C.ZERO}};
    }

    private static C[][] pauliZ() {
        return diag(C.ONE, C.real(-1));
    }

    /** exp(-i t P / 2) = cos(t/2) I - i sin(t/2) P, valid because P^2 = I for a Pauli P. */
    private static C[][] rotation(C[][] pauli, double t) {
        C c = C.real(Math.cos(t / 2)), ms = new C(0, -Math.sin(t / 2));
        C[][] r = new C[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                r[i][j] = (i == j ? c : C.ZERO).plus(ms.times(pauli[i][j]));
            }
        }
        return r;
    }

    /** diag(I, ..., I, u) over k controls: u acts on the block where every control bit is 1. */
    private static C[][] controlled(int k, C[][] u) {
        int du = u.length, d = du << k;
        C[][] m = zeros(d);
        for (int i = 0; i < d - du; i++) {
            m[i][i] = C.ONE;
        }
        for (int r = 0; r < du; r++) {
            System.arraycopy(u[r], 0, m[d - du + r], d - du, du);
        }
        return m;
    }

    private static C[][] diag(C a, C b) {
        return new C[][] {{a, C.ZERO}, {C.ZERO, b}};
    }

    private static C[][] times(double s, C[][] m) {
        C[][] r = new C[m.length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                r[i][j] = m[i][j].times(s);
            }
        }
        return r;
    }

    private static C[][] zeros(int d) {
        C[][] m = new C[d][d];
        for (C[] row : m) {
            Arrays.fill(row, C.ZERO);
        }
        return m;
    }

    /** Row-major interleaved re/im ({@link Gate#fixedMatrix()}'s documented layout). */
    private static C[][] fromInterleaved(double[] f, int d) {
        if (f == null || f.length != 2 * d * d) {
            throw new IllegalStateException("a " + d + "x" + d + " unitary needs " + 2 * d * d + " numbers");
        }
        C[][] m = new C[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[i][j] = new C(f[2 * (i * d + j)], f[2 * (i * d + j) + 1]);
            }
        }
        return m;
    }

    /** {@code a b}. */
    static C[][] multiply(C[][] a, C[][] b) {
        int d = a.length;
        C[][] r = zeros(d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    r[i][j] = r[i][j].plus(a[i][k].times(b[k][j]));
                }
            }
        }
        return r;
    }

    /** Conjugate transpose. */
    static C[][] dagger(C[][] a) {
        int d = a.length;
        C[][] r = new C[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                r[i][j] = a[j][i].conj();
            }
        }
        return r;
    }
}
