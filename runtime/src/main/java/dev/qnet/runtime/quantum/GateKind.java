package dev.qnet.runtime.quantum;

import dev.qnet.core.Gate;

/**
 * The simulator's gate set: the language's {@link Gate}s (whose arity it takes from there) plus
 * fixed unitaries. Every gate acts as a (possibly controlled) 2x2 matrix on one target, except
 * {@link #SWAP} and {@link #UNITARY4} which act on two targets. Controlled kinds name the 2x2
 * kind they control ({@link #base}); their matrix is the base matrix applied where all controls
 * are 1, which lets one kernel (with a control mask) serve cnot, cz, crx, mcx, ...
 *
 * <p>Matrices are row-major complex 2x2 as {@code double[8]}: re00, im00, re01, im01, re10, im10,
 * re11, im11. Rotation conventions are OpenQASM 3's: RZ(t) = diag(e^{-it/2}, e^{it/2}),
 * PHASE(t) = diag(1, e^{it}), U3(t,p,l) = [[cos t/2, -e^{il} sin t/2], [e^{ip} sin t/2, e^{i(p+l)} cos t/2]].
 */
public enum GateKind {
    H(Gate.H), X(Gate.X), Y(Gate.Y), Z(Gate.Z), S(Gate.S), SDG(Gate.SDG), T(Gate.T), TDG(Gate.TDG), SX(Gate.SX),
    RX(Gate.RX), RY(Gate.RY), RZ(Gate.RZ), PHASE(Gate.PHASE, "p"), U3(Gate.U3),
    CNOT(Gate.CNOT, "cx"), CY(Gate.CY), CZ(Gate.CZ), SWAP(Gate.SWAP),
    CRX(Gate.CRX), CRY(Gate.CRY), CRZ(Gate.CRZ), CPHASE(Gate.CPHASE, "cp"),
    /** Multi-controlled X: any number (>= 1) of controls; ccx and mcx of the language. */
    MCX(Gate.MCX),
    /** Arbitrary fixed 2x2 unitary (no source spelling: built by code, e.g. tests and exporters). */
    UNITARY2(null, "unitary2"),
    /** Arbitrary fixed 4x4 unitary on (first, second) target, first target = more significant index bit. */
    UNITARY4(null, "unitary4");

    private final Gate gate;
    private final String qasmName;

    GateKind(Gate gate) {
        this(gate, gate.keyword());
    }

    GateKind(Gate gate, String qasmName) {
        this.gate = gate;
        this.qasmName = qasmName;
    }

    /** The simulator kind that applies a gate of the language (ccx and mcx share {@link #MCX}). */
    public static GateKind of(Gate gate) {
        return switch (gate) {
            case H -> H;
            case X -> X;
            case Y -> Y;
            case Z -> Z;
            case S -> S;
            case SDG -> SDG;
            case T -> T;
            case TDG -> TDG;
            case SX -> SX;
            case RX -> RX;
            case RY -> RY;
            case RZ -> RZ;
            case PHASE -> PHASE;
            case U3 -> U3;
            case CNOT -> CNOT;
            case CY -> CY;
            case CZ -> CZ;
            case SWAP -> SWAP;
            case CRX -> CRX;
            case CRY -> CRY;
            case CRZ -> CRZ;
            case CPHASE -> CPHASE;
            case CCX, MCX -> MCX;
        };
    }

    public String qasmName() { return qasmName; }

    /** Number of control qubits, or -1 when variable (MCX). */
    public int controls() {
        if (gate == null) return 0;
        return gate == Gate.MCX ? -1 : gate.controls(gate.qubits());
    }

    public int targets() {
        if (gate == null) return this == UNITARY4 ? 2 : 1;
        return gate == Gate.MCX ? 1 : gate.qubits() - gate.controls(gate.qubits());
    }

    public int angles() { return gate == null ? 0 : gate.angles(); }

    /** The uncontrolled kind whose 2x2 matrix a controlled kind applies. */
    public GateKind base() {
        return switch (this) {
            case CNOT, MCX -> X;
            case CY -> Y;
            case CZ -> Z;
            case CRX -> RX;
            case CRY -> RY;
            case CRZ -> RZ;
            case CPHASE -> PHASE;
            default -> this;
        };
    }

    private static final double R = Math.sqrt(0.5);

    /** The 2x2 matrix of a single-target kind (controlled kinds give their base matrix). */
    public double[] matrix(double[] a) {
        return switch (base()) {
            case H -> new double[] {R, 0, R, 0, R, 0, -R, 0};
            case X -> new double[] {0, 0, 1, 0, 1, 0, 0, 0};
            case Y -> new double[] {0, 0, 0, -1, 0, 1, 0, 0};
            case Z -> diag(1, 0, -1, 0);
            case S -> diag(1, 0, 0, 1);
            case SDG -> diag(1, 0, 0, -1);
            case T -> diag(1, 0, R, R);
            case TDG -> diag(1, 0, R, -R);
            case SX -> new double[] {0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5};
            case RX -> {
                double c = Math.cos(a[0] / 2), s = Math.sin(a[0] / 2);
                yield new double[] {c, 0, 0, -s, 0, -s, c, 0};
            }
            case RY -> {
                double c = Math.cos(a[0] / 2), s = Math.sin(a[0] / 2);
                yield new double[] {c, 0, -s, 0, s, 0, c, 0};
            }
            case RZ -> {
                double c = Math.cos(a[0] / 2), s = Math.sin(a[0] / 2);
                yield diag(c, -s, c, s);
            }
            case PHASE -> diag(1, 0, Math.cos(a[0]), Math.sin(a[0]));
            case U3 -> {
                double c = Math.cos(a[0] / 2), s = Math.sin(a[0] / 2);
                double p = a[1], l = a[2];
                yield new double[] {c, 0, -Math.cos(l) * s, -Math.sin(l) * s,
                    Math.cos(p) * s, Math.sin(p) * s, Math.cos(p + l) * c, Math.sin(p + l) * c};
            }
            default -> throw new IllegalStateException(this + " has no parametric 2x2 matrix");
        };
    }

    /** d(matrix)/d(angle j) of a single-target kind (controlled kinds: of their base). */
    public double[] derivative(double[] a, int j) {
        return switch (base()) {
            case RX -> {
                double c = Math.cos(a[0] / 2) / 2, s = Math.sin(a[0] / 2) / 2;
                yield new double[] {-s, 0, 0, -c, 0, -c, -s, 0};
            }
            case RY -> {
                double c = Math.cos(a[0] / 2) / 2, s = Math.sin(a[0] / 2) / 2;
                yield new double[] {-s, 0, -c, 0, c, 0, -s, 0};
            }
            case RZ -> {
                double c = Math.cos(a[0] / 2) / 2, s = Math.sin(a[0] / 2) / 2;
                // d/dt e^{-it/2} = -i/2 e^{-it/2} = (-s/2) + i(-c/2); d/dt e^{it/2} = (-s/2) + i(c/2)
                yield diag(-s, -c, -s, c);
            }
            case PHASE -> diag(0, 0, -Math.sin(a[0]), Math.cos(a[0]));
            case U3 -> {
                double c = Math.cos(a[0] / 2), s = Math.sin(a[0] / 2);
                double p = a[1], l = a[2];
                yield switch (j) {
                    case 0 -> new double[] {-s / 2, 0, -Math.cos(l) * c / 2, -Math.sin(l) * c / 2,
                        Math.cos(p) * c / 2, Math.sin(p) * c / 2, -Math.cos(p + l) * s / 2, -Math.sin(p + l) * s / 2};
                    case 1 -> new double[] {0, 0, 0, 0,
                        -Math.sin(p) * s, Math.cos(p) * s, -Math.sin(p + l) * c, Math.cos(p + l) * c};
                    default -> new double[] {0, 0, Math.sin(l) * s, -Math.cos(l) * s,
                        0, 0, -Math.sin(p + l) * c, Math.cos(p + l) * c};
                };
            }
            default -> throw new IllegalStateException(this + " has no angle");
        };
    }

    /**
     * {@code dU/dangle_j * U^dagger} for the rotation kinds, where it does not depend on the angle
     * (-i/2 P for rotations about P, i|1><1| for phase); null for U3, whose generators vary.
     */
    public double[] generator() {
        return switch (base()) {
            case RX -> new double[] {0, 0, 0, -0.5, 0, -0.5, 0, 0};
            case RY -> new double[] {0, 0, -0.5, 0, 0.5, 0, 0, 0};
            case RZ -> diag(0, -0.5, 0, 0.5);
            case PHASE -> diag(0, 0, 0, 1);
            default -> null;
        };
    }

    /** {@code A B} for 2x2 complex matrices as double[8]. */
    static double[] multiply(double[] a, double[] b) {
        double[] r = new double[8];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double re = 0, im = 0;
                for (int k = 0; k < 2; k++) {
                    double ar = a[2 * (2 * i + k)], ai = a[2 * (2 * i + k) + 1];
                    double br = b[2 * (2 * k + j)], bi = b[2 * (2 * k + j) + 1];
                    re += ar * br - ai * bi;
                    im += ar * bi + ai * br;
                }
                r[2 * (2 * i + j)] = re;
                r[2 * (2 * i + j) + 1] = im;
            }
        }
        return r;
    }

    private static double[] diag(double r0, double i0, double r1, double i1) {
        return new double[] {r0, i0, 0, 0, 0, 0, r1, i1};
    }

    /** Conjugate transpose of a 2x2 ({@code double[8]}) or 4x4 ({@code double[32]}) matrix. */
    static double[] dagger(double[] m) {
        int d = m.length == 8 ? 2 : 4;
        double[] r = new double[m.length];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                r[2 * (i * d + j)] = m[2 * (j * d + i)];
                r[2 * (i * d + j) + 1] = -m[2 * (j * d + i) + 1];
            }
        }
        return r;
    }
}
