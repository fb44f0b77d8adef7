package dev.qnet.runtime.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpenQasmWriterTest {

    @Test
    void writesThePeerQcnnSymbolicallyAndBound() {
        Circuit c = Qcnn.peer8();
        String q = OpenQasmWriter.write(c);
        assertTrue(q.startsWith("OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput array[float[64], 60] theta;\n"
            + "input array[float[64], 8] x;\nqubit[8] q;\nry(x[0]) q[0];\n"), q);
        assertTrue(q.contains("rz(-1.5707963267948966) q[1];\ncx q[1], q[0];\nrz(theta[0]) q[0];\nry(theta[1]) q[1];\n"), q);
        assertEquals(5 + 154, q.split("\n").length);
        double[] theta = new double[60];
        theta[0] = 0.25;
        String bound = OpenQasmWriter.write(c, theta, List.of(new Observable.Z(7)));
        assertTrue(bound.contains("rz(0.25) q[0];"), bound);
        assertTrue(!bound.contains("theta"), bound);
        assertTrue(bound.endsWith("// measured: Z7\n"), bound);
    }

    @Test
    void anglesAndControlledGatesUseStdgatesNames() {
        Circuit c = Circuit.builder(4)
            .crx(0, 1, Angle.param(2, 0.5, 1.0))
            .rz(2, Angle.inputProduct(0, 1, 1.0, 0.0))
            .mcx(new int[] {0, 1, 2}, 3)
            .mcx(new int[] {0, 1}, 3)
            .cphase(3, 0, Angle.constant(0.5))
            .build();
        String q = OpenQasmWriter.write(c);
        assertTrue(q.contains("crx(1.0 + 0.5 * theta[2]) q[0], q[1];"), q);
        assertTrue(q.contains("rz(x[0] * x[1]) q[2];"), q);
        assertTrue(q.contains("ctrl(3) @ x q[0], q[1], q[2], q[3];"), q);
        assertTrue(q.contains("ccx q[0], q[1], q[3];"), q);
        assertTrue(q.contains("cp(0.5) q[3], q[0];"), q);
    }

    @Test
    void arbitraryTwoByTwoBecomesUPlusGlobalPhase() {
        Random rnd = new Random(4);
        for (int t = 0; t < 50; t++) {
            double th = rnd.nextDouble() * 6, ph = rnd.nextDouble() * 6, la = rnd.nextDouble() * 6, al = rnd.nextDouble() * 6;
            double[] m = GateKind.U3.matrix(new double[] {th, ph, la});
            if (t % 10 == 0) {
                m = GateKind.Z.matrix(null);
            } else if (t % 10 == 1) {
                m = GateKind.X.matrix(null);
            }
            double[] g = {Math.cos(al), Math.sin(al), 0, 0, 0, 0, Math.cos(al), Math.sin(al)};
            double[] target = GateKind.multiply(g, m);
            double[] u = OpenQasmWriter.u3Angles(target);
            double[] back = GateKind.multiply(new double[] {Math.cos(u[3]), Math.sin(u[3]), 0, 0, 0, 0,
                Math.cos(u[3]), Math.sin(u[3])}, GateKind.U3.matrix(u));
            for (int i = 0; i < 8; i++) {
                assertEquals(target[i], back[i], 1e-12, "trial " + t);
            }
        }
        assertThrows(QuantumException.class, () -> OpenQasmWriter.write(Circuit.builder(2)
            .unitary4(0, 1, new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, new double[16]).build()));
    }
}
