package dev.qnet.runtime.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qnet.runtime.quantum.ReferenceSimulator.C;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reference's own definitions against textbook identities and truth tables, with no production
 * simulation involved, so a slip in the reference cannot hide behind the same slip in production.
 */
class ReferenceSimulatorTest {

    static final double TOL = 1e-14;
    private static final double[] NONE = {};

    @Test
    void fixedGatesSatisfyTheirDefiningIdentities() {
        assertClose(m(GateKind.Z), mul(m(GateKind.S), m(GateKind.S)), "S^2 = Z");
        assertClose(m(GateKind.S), mul(m(GateKind.T), m(GateKind.T)), "T^2 = S");
        assertClose(m(GateKind.X), mul(m(GateKind.SX), m(GateKind.SX)), "SX^2 = X");
        assertClose(m(GateKind.X), mul(mul(m(GateKind.H), m(GateKind.Z)), m(GateKind.H)), "H Z H = X");
        assertClose(m(GateKind.SDG), ReferenceSimulator.dagger(m(GateKind.S)), "SDG = S^dagger");
        assertClose(m(GateKind.TDG), ReferenceSimulator.dagger(m(GateKind.T)), "TDG = T^dagger");
        // XY = iZ fixes the sign of Y
        assertClose(scale(m(GateKind.Z), C.I), mul(m(GateKind.X), m(GateKind.Y)), "XY = iZ");
        // SX = H S H: sqrt(X) is the principal root, eigenvalues 1 and i
        assertClose(m(GateKind.SX), mul(mul(m(GateKind.H), m(GateKind.S)), m(GateKind.H)), "SX = H S H");
    }

    @Test
    void rotationsPhaseAndU3FollowOpenQasm() {
        Random rnd = new Random(1);
        C minusI = new C(0, -1);
        assertClose(scale(m(GateKind.X), minusI), m(GateKind.RX, Math.PI), "RX(pi) = -iX");
        assertClose(scale(m(GateKind.Y), minusI), m(GateKind.RY, Math.PI), "RY(pi) = -iY");
        assertClose(scale(m(GateKind.Z), minusI), m(GateKind.RZ, Math.PI), "RZ(pi) = -iZ");
        for (int rep = 0; rep < 20; rep++) {
            double t = (rnd.nextDouble() * 2 - 1) * 2 * Math.PI;
            double p = (rnd.nextDouble() * 2 - 1) * 2 * Math.PI;
            double l = (rnd.nextDouble() * 2 - 1) * 2 * Math.PI;
            assertClose(scale(m(GateKind.PHASE, t), C.expI(-t / 2)), m(GateKind.RZ, t), "RZ(t) = e^{-it/2} P(t)");
            assertClose(m(GateKind.RX, t), m(GateKind.U3, t, -Math.PI / 2, Math.PI / 2), "U(t, -pi/2, pi/2) = RX(t)");
            assertClose(m(GateKind.RY, t), m(GateKind.U3, t, 0, 0), "U(t, 0, 0) = RY(t)");
            assertClose(m(GateKind.PHASE, l), m(GateKind.U3, 0, 0, l), "U(0, 0, l) = P(l)");
            // OpenQASM 3: U(t, p, l) = e^{i(p+l)/2} RZ(p) RY(t) RZ(l)
            assertClose(scale(mul(mul(m(GateKind.RZ, p), m(GateKind.RY, t)), m(GateKind.RZ, l)), C.expI((p + l) / 2)),
                m(GateKind.U3, t, p, l), "U = e^{i(p+l)/2} RZ RY RZ");
            assertClose(m(GateKind.RX, 2 * t), mul(m(GateKind.RX, t), m(GateKind.RX, t)), "RX(t)^2 = RX(2t)");
        }
    }

    /** Controlled gates and SWAP as permutations of basis states, controls the leading local bits. */
    @Test
    void permutationGatesHaveTheirTruthTables() {
        for (int k = 1; k <= 4; k++) {
            C[][] mcx = ReferenceSimulator.matrix(GateKind.MCX, NONE, k, null);
            int d = 1 << (k + 1), allControls = d - 2;
            for (int in = 0; in < d; in++) {
                int out = (in & ~1) == allControls ? in ^ 1 : in;
                for (int row = 0; row < d; row++) {
                    assertEquals(row == out ? 1 : 0, mcx[row][in].re(), "mcx(" + k + ") |" + in + ">");
                    assertEquals(0, mcx[row][in].im());
                }
            }
        }
        assertClose(ReferenceSimulator.matrix(GateKind.CNOT, NONE, 1, null),
            ReferenceSimulator.matrix(GateKind.MCX, NONE, 1, null), "cx = mcx with one control");
        C[][] swap = ReferenceSimulator.matrix(GateKind.SWAP, NONE, 0, null);
        int[] swapped = {0, 2, 1, 3};
        for (int in = 0; in < 4; in++) {
            for (int row = 0; row < 4; row++) {
                assertEquals(row == swapped[in] ? 1 : 0, swap[row][in].re(), "swap |" + in + ">");
            }
        }
        C[][] cz = ReferenceSimulator.matrix(GateKind.CZ, NONE, 1, null);
        for (int i = 0; i < 4; i++) {
            assertEquals(i == 3 ? -1 : 1, cz[i][i].re(), "cz diagonal " + i);
        }
    }

    /** Qubit 0 is the most significant bit; a gate's first qubit is its local most significant bit. */
    @Test
    void qubitZeroIsTheMostSignificantBit() {
        double[][] psi = ReferenceSimulator.run(Circuit.builder(3).x(0).build(), NONE, NONE);
        assertEquals(1, psi[0][4], "X on qubit 0 of 3 gives |100> = index 4");
        psi = ReferenceSimulator.run(Circuit.builder(3).x(0).cnot(0, 2).build(), NONE, NONE);
        assertEquals(1, psi[0][5], "cx(0 -> 2) on |100> gives |101>");
        psi = ReferenceSimulator.run(Circuit.builder(3).x(2).cnot(0, 2).build(), NONE, NONE);
        assertEquals(1, psi[0][1], "cx(0 -> 2) leaves |001> alone");
        psi = ReferenceSimulator.run(Circuit.builder(3).x(2).swap(2, 0).build(), NONE, NONE);
        assertEquals(1, psi[0][4], "swap moves |001> to |100>");
    }

    private static C[][] m(GateKind kind, double... angles) {
        return ReferenceSimulator.matrix(kind, angles, 0, null);
    }

    private static C[][] mul(C[][] a, C[][] b) {
        return ReferenceSimulator.multiply(a, b);
    }

    private static C[][] scale(C[][] a, C s) {
        C[][] r = new C[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                r[i][j] = a[i][j].times(s);
            }
        }
        return r;
    }

    private static void assertClose(C[][] want, C[][] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            for (int j = 0; j < want.length; j++) {
                assertEquals(want[i][j].re(), got[i][j].re(), TOL, what + " [" + i + "][" + j + "] re");
                assertEquals(want[i][j].im(), got[i][j].im(), TOL, what + " [" + i + "][" + j + "] im");
            }
        }
    }
}
