package dev.qnet.runtime.quantum.noise;

import dev.qnet.core.NoiseChannel;

/**
 * The Kraus operators of every {@link NoiseChannel} (the one place they are defined), their
 * superoperators on a vectorised density matrix, and readout error as a transformation of a
 * diagonal observable.
 *
 * <p>Matrices are 2x2 complex, row-major, interleaved as {@code double[8]} (the layout of
 * {@code GateKind.matrix}). Conventions (those of {@link NoiseChannel}'s javadoc):
 * <ul>
 *   <li>depolarizing(p): sqrt(1-p) I, sqrt(p/3) X, sqrt(p/3) Y, sqrt(p/3) Z, so
 *       rho -> (1-p) rho + p/3 (X rho X + Y rho Y + Z rho Z); on |0>, <Z> = 1 - 4p/3</li>
 *   <li>bit_flip(p): sqrt(1-p) I, sqrt(p) X; phase_flip(p): sqrt(1-p) I, sqrt(p) Z</li>
 *   <li>amplitude_damping(gamma): [[1, 0], [0, sqrt(1-gamma)]], [[0, sqrt(gamma)], [0, 0]]</li>
 *   <li>phase_damping(lambda): [[1, 0], [0, sqrt(1-lambda)]], [[0, 0], [0, sqrt(lambda)]], which
 *       multiplies the off-diagonal terms by sqrt(1 - lambda)</li>
 * </ul>
 */
public final class Channels {

    private Channels() {
    }

    /** The Kraus operators {@code K_i} (each {@code double[8]}) of a channel for its parameters. */
    public static double[][] kraus(NoiseChannel channel, double[] params) {
        double p = params[0];
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(channel.keyword() + ": " + channel.parameters().get(0)
                + " must be in [0, 1], got " + p);
        }
        return switch (channel) {
            case DEPOLARIZING -> {
                double a = Math.sqrt(1 - p), b = Math.sqrt(p / 3);
                yield new double[][] {
                    {a, 0, 0, 0, 0, 0, a, 0},
                    {0, 0, b, 0, b, 0, 0, 0},
                    {0, 0, 0, -b, 0, b, 0, 0},
                    {b, 0, 0, 0, 0, 0, -b, 0}};
            }
            case BIT_FLIP -> {
                double a = Math.sqrt(1 - p), b = Math.sqrt(p);
                yield new double[][] {{a, 0, 0, 0, 0, 0, a, 0}, {0, 0, b, 0, b, 0, 0, 0}};
            }
            case PHASE_FLIP -> {
                double a = Math.sqrt(1 - p), b = Math.sqrt(p);
                yield new double[][] {{a, 0, 0, 0, 0, 0, a, 0}, {b, 0, 0, 0, 0, 0, -b, 0}};
            }
            case AMPLITUDE_DAMPING -> new double[][] {
                {1, 0, 0, 0, 0, 0, Math.sqrt(1 - p), 0},
                {0, 0, Math.sqrt(p), 0, 0, 0, 0, 0}};
            case PHASE_DAMPING -> new double[][] {
                {1, 0, 0, 0, 0, 0, Math.sqrt(1 - p), 0},
                {0, 0, 0, 0, 0, 0, Math.sqrt(p), 0}};
        };
    }

    /**
     * The channel's superoperator on one qubit's (row bit, column bit) of a vectorised density
     * matrix: {@code S[(r,c),(r',c')] = sum_i K_i[r][r'] conj(K_i[c][c'])}, local index {@code 2r + c},
     * as a row-major complex 4x4 ({@code double[32]}, interleaved).
     */
    public static double[] superoperator(double[][] kraus) {
        double[] s = new double[32];
        for (double[] k : kraus) {
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 2; c++) {
                    for (int r2 = 0; r2 < 2; r2++) {
                        for (int c2 = 0; c2 < 2; c2++) {
                            double ar = k[2 * (2 * r + r2)], ai = k[2 * (2 * r + r2) + 1];
                            double br = k[2 * (2 * c + c2)], bi = -k[2 * (2 * c + c2) + 1];
                            int e = 2 * (4 * (2 * r + c) + 2 * r2 + c2);
                            s[e] += ar * br - ai * bi;
                            s[e + 1] += ar * bi + ai * br;
                        }
                    }
                }
            }
        }
        return s;
    }

    /** The Hilbert-Schmidt adjoint of a superoperator (its conjugate transpose): rho -> sum K^dagger rho K. */
    public static double[] adjoint(double[] superop) {
        double[] a = new double[32];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                a[2 * (4 * i + j)] = superop[2 * (4 * j + i)];
                a[2 * (4 * i + j) + 1] = -superop[2 * (4 * j + i) + 1];
            }
        }
        return a;
    }

    /** {@code sum_i K_i^dagger K_i} as {@code double[8]}: the identity for a trace-preserving channel. */
    public static double[] completeness(double[][] kraus) {
        double[] s = new double[8];
        for (double[] k : kraus) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    for (int m = 0; m < 2; m++) {
                        double ar = k[2 * (2 * m + i)], ai = -k[2 * (2 * m + i) + 1];
                        double br = k[2 * (2 * m + j)], bi = k[2 * (2 * m + j) + 1];
                        s[2 * (2 * i + j)] += ar * br - ai * bi;
                        s[2 * (2 * i + j) + 1] += ar * bi + ai * br;
                    }
                }
            }
        }
        return s;
    }

    /**
     * Readout error folded into a diagonal observable: the value read for true basis state i is
     * {@code d'[i] = sum_j P(read j | true i) d[j]}, with independent per-qubit flips, so
     * {@code <d'>} of the noiseless distribution is exactly the expectation over misread bits. Being
     * linear in rho, it leaves exact expectation values and their gradients exact.
     */
    public static double[] readout(double[] diagonal, int qubits, NoiseModel.Readout readout) {
        double[] d = diagonal.clone();
        if (readout.isNone()) {
            return d;
        }
        for (int q = 0; q < qubits; q++) {
            double p10 = readout.p1given0(q), p01 = readout.p0given1(q);
            int m = 1 << (qubits - 1 - q);
            for (int i = 0; i < d.length; i++) {
                if ((i & m) != 0) {
                    continue;
                }
                double v0 = d[i], v1 = d[i | m];
                d[i] = (1 - p10) * v0 + p10 * v1;
                d[i | m] = p01 * v0 + (1 - p01) * v1;
            }
        }
        return d;
    }

    /** A basis index read through readout error: each bit flipped with its probability (u01 uniform in [0,1)). */
    static int misread(int index, int qubits, NoiseModel.Readout readout, java.util.random.RandomGenerator rnd) {
        if (readout.isNone()) {
            return index;
        }
        int j = index;
        for (int q = 0; q < qubits; q++) {
            int m = 1 << (qubits - 1 - q);
            double flip = (index & m) == 0 ? readout.p1given0(q) : readout.p0given1(q);
            if (flip > 0 && rnd.nextDouble() < flip) {
                j ^= m;
            }
        }
        return j;
    }
}
