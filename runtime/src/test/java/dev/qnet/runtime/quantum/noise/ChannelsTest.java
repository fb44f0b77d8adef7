package dev.qnet.runtime.quantum.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qnet.core.NoiseChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Kraus operators, superoperators and readout error against their definitions. */
class ChannelsTest {

    @Test
    void everyChannelIsTracePreservingForRandomParameters() {
        Random rnd = new Random(1);
        for (NoiseChannel ch : NoiseChannel.values()) {
            for (int rep = 0; rep < 50; rep++) {
                double p = rep == 0 ? 0 : rep == 1 ? 1 : rnd.nextDouble();
                double[] s = Channels.completeness(Channels.kraus(ch, new double[] {p}));
                double[] identity = {1, 0, 0, 0, 0, 0, 1, 0};
                for (int e = 0; e < 8; e++) {
                    assertEquals(identity[e], s[e], 1e-12, ch + "(" + p + ") sum K^dagger K entry " + e);
                }
            }
        }
    }

    /** The superoperator applied to a random rho equals sum_i K_i rho K_i^dagger computed directly, and keeps the trace. */
    @Test
    void superoperatorIsTheKrausSumAndItsAdjointIsTheHilbertSchmidtAdjoint() {
        Random rnd = new Random(2);
        for (NoiseChannel ch : NoiseChannel.values()) {
            double[][] k = Channels.kraus(ch, new double[] {rnd.nextDouble()});
            double[] sup = Channels.superoperator(k), adj = Channels.adjoint(sup);
            double[][] rho = randomHermitian(rnd), lam = randomHermitian(rnd);
            double[][] want = new double[2][4];
            for (double[] ki : k) {
                double[][] t = mul(mul(split(ki), rho), dagger(split(ki)));
                for (int e = 0; e < 4; e++) {
                    want[0][e] += t[0][e];
                    want[1][e] += t[1][e];
                }
            }
            double[][] got = apply(sup, rho);
            for (int e = 0; e < 4; e++) {
                assertEquals(want[0][e], got[0][e], 1e-12, ch + " re " + e);
                assertEquals(want[1][e], got[1][e], 1e-12, ch + " im " + e);
            }
            assertEquals(rho[0][0] + rho[0][3], got[0][0] + got[0][3], 1e-12, ch + " trace");
            // <Lambda, E(rho)> = <E^dagger(Lambda), rho> (Hilbert-Schmidt inner product)
            assertEquals(inner(lam, got), inner(apply(adj, lam), rho), 1e-12, ch + " adjoint");
        }
    }

    @Test
    void depolarizingFollowsTheDocumentedConvention() {
        double p = 0.3;
        double[][] out = apply(Channels.superoperator(Channels.kraus(NoiseChannel.DEPOLARIZING, new double[] {p})),
            new double[][] {{1, 0, 0, 0}, {0, 0, 0, 0}});
        assertEquals(1 - 4 * p / 3, out[0][0] - out[0][3], 1e-15);
        double[][] full = apply(Channels.superoperator(Channels.kraus(NoiseChannel.DEPOLARIZING, new double[] {0.75})),
            new double[][] {{1, 0, 0, 0}, {0, 0, 0, 0}});
        assertEquals(0.5, full[0][0], 1e-15);
        assertEquals(0.5, full[0][3], 1e-15);
    }

    @Test
    void readoutOnABasisStateReadsEachBitThroughItsFlipProbabilities() {
        // true state |10> on two qubits; qubit 0 reads 0 with P(0|1) = 0.1, qubit 1 reads 1 with P(1|0) = 0.2
        NoiseModel.Readout r = new NoiseModel.Readout(new double[] {0.05, 0.2}, new double[] {0.1, 0.3});
        double[] z0 = {1, 1, -1, -1}, z1 = {1, -1, 1, -1}, p01 = {0, 1, 0, 0};
        assertEquals(2 * 0.1 - 1, Channels.readout(z0, 2, r)[2], 1e-15);
        assertEquals(1 - 2 * 0.2, Channels.readout(z1, 2, r)[2], 1e-15);
        assertEquals(0.1 * 0.2, Channels.readout(p01, 2, r)[2], 1e-15);
    }

    @Test
    void probabilitiesOutsideTheUnitIntervalAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Channels.kraus(NoiseChannel.BIT_FLIP, new double[] {1.5}));
        assertThrows(IllegalArgumentException.class, () -> Channels.kraus(NoiseChannel.DEPOLARIZING, new double[] {-0.1}));
    }

    // 2x2 complex matrices as {re[4], im[4]}, row-major; vectorised index 2r + c

    private static double[][] randomHermitian(Random rnd) {
        double a = rnd.nextDouble(), d = rnd.nextDouble(), br = rnd.nextGaussian(), bi = rnd.nextGaussian();
        return new double[][] {{a, br, br, d}, {0, bi, -bi, 0}};
    }

    private static double[][] split(double[] m) {
        return new double[][] {{m[0], m[2], m[4], m[6]}, {m[1], m[3], m[5], m[7]}};
    }

    private static double[][] mul(double[][] a, double[][] b) {
        double[][] r = new double[2][4];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 2; k++) {
                    r[0][2 * i + j] += a[0][2 * i + k] * b[0][2 * k + j] - a[1][2 * i + k] * b[1][2 * k + j];
                    r[1][2 * i + j] += a[0][2 * i + k] * b[1][2 * k + j] + a[1][2 * i + k] * b[0][2 * k + j];
                }
            }
        }
        return r;
    }

    private static double[][] dagger(double[][] a) {
        return new double[][] {{a[0][0], a[0][2], a[0][1], a[0][3]}, {-a[1][0], -a[1][2], -a[1][1], -a[1][3]}};
    }

    private static double[][] apply(double[] s, double[][] rho) {
        double[][] r = new double[2][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double sr = s[2 * (4 * i + j)], si = s[2 * (4 * i + j) + 1];
                r[0][i] += sr * rho[0][j] - si * rho[1][j];
                r[1][i] += sr * rho[1][j] + si * rho[0][j];
            }
        }
        return r;
    }

    /** Re Tr(A^dagger B). */
    private static double inner(double[][] a, double[][] b) {
        double s = 0;
        for (int e = 0; e < 4; e++) {
            s += a[0][e] * b[0][e] + a[1][e] * b[1][e];
        }
        return s;
    }
}
