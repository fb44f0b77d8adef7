package dev.qnet.runtime.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed states (Bell, GHZ, QFT), qubit order, observables, shots and the memory guard. */
class KnownStatesTest {

    private static double[][] run(Circuit c) {
        return new StatevectorSimulator(c, List.of()).forward(new double[c.parameterCount()], new double[0], 1).amplitudes(0);
    }

    @Test
    void bellState() {
        double[][] a = run(Circuit.builder(2).h(0).cnot(0, 1).build());
        double r = Math.sqrt(0.5);
        assertArrayClose(new double[] {r, 0, 0, r}, a[0]);
        assertArrayClose(new double[4], a[1]);
    }

    @Test
    void ghzStateOnFiveQubits() {
        Circuit.Builder b = Circuit.builder(5).h(0);
        for (int q = 0; q < 4; q++) {
            b.cnot(q, q + 1);
        }
        double[][] a = run(b.build());
        double[] want = new double[32];
        want[0] = want[31] = Math.sqrt(0.5);
        assertArrayClose(want, a[0]);
    }

    @Test
    void qubitZeroIsTheMostSignificantBit() {
        double[][] a = run(Circuit.builder(3).x(0).build());
        assertEquals(1.0, a[0][4], 0);
        StatevectorSimulator sim = new StatevectorSimulator(Circuit.builder(3).x(0).build(),
            List.of(new Observable.Z(0), new Observable.Z(2), new Observable.Probability(new int[] {0, 2}, 0b10)));
        double[] o = sim.forward(new double[0], new double[0], 1).outputs();
        assertArrayClose(new double[] {-1, 1, 1}, o);
    }

    @Test
    void quantumFourierTransformOfABasisState() {
        int n = 3, dim = 8;
        for (int x = 0; x < dim; x++) {
            Circuit.Builder b = Circuit.builder(n);
            for (int q = 0; q < n; q++) {
                if ((x >> (n - 1 - q) & 1) == 1) {
                    b.x(q);
                }
            }
            for (int j = 0; j < n; j++) {
                b.h(j);
                for (int k = j + 1; k < n; k++) {
                    b.cphase(k, j, Angle.constant(Math.PI / (1 << (k - j))));
                }
            }
            for (int j = 0; j < n / 2; j++) {
                b.swap(j, n - 1 - j);
            }
            double[][] a = run(b.build());
            for (int k = 0; k < dim; k++) {
                double phi = 2 * Math.PI * x * k / dim;
                assertEquals(Math.cos(phi) / Math.sqrt(dim), a[0][k], 1e-12, "x=" + x + " k=" + k);
                assertEquals(Math.sin(phi) / Math.sqrt(dim), a[1][k], 1e-12, "x=" + x + " k=" + k);
            }
        }
    }

    @Test
    void shotsEstimateExpectationsWithTheRightSpread() {
        Circuit c = Circuit.builder(2).ry(0, Angle.constant(1.1)).cnot(0, 1).build();
        StatevectorSimulator sim = new StatevectorSimulator(c, List.of(new Observable.Z(1)));
        StatevectorSimulator.Run run = sim.forward(new double[0], new double[0], 1);
        double exact = run.outputs()[0];
        assertEquals(Math.cos(1.1), exact, 1e-12);
        double est = run.sample(20000, 1)[0];
        assertEquals(exact, est, 4 * Math.sqrt((1 - exact * exact) / 20000));
        assertEquals(est, run.sample(20000, 1)[0], 0, "same seed, same estimate");
    }

    @Test
    void tooManyQubitsGiveAClearMessage() {
        QuantumException e = assertThrows(QuantumException.class, () -> StatevectorSimulator.checkMemory(30, 4));
        assertTrue(e.getMessage().startsWith("30 qubits need 16.0 GiB per state"), e.getMessage());
        assertThrows(QuantumException.class, () -> Circuit.builder(31));
    }

    @Test
    void badCircuitsAreRejected() {
        assertThrows(QuantumException.class, () -> Circuit.builder(2).cnot(0, 0));
        assertThrows(QuantumException.class, () -> Circuit.builder(2).h(2));
        assertThrows(QuantumException.class, () -> Circuit.builder(1).unitary2(0, new double[] {1, 1, 0, 1}, new double[4]));
    }

    static void assertArrayClose(double[] want, double[] got) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-12, "index " + i);
        }
    }
}
