package dev.qnet.runtime.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer's 8-qubit QCNN rebuilt from conv/pool templates. */
class QcnnTest {

    /** x[b,i] = 0.1 + 0.37 b + 0.23 i, theta[k] = 0.05 + 0.11 k. */
    static double[] peerInputs(int batch) {
        double[] x = new double[batch * 8];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < 8; i++) {
                x[b * 8 + i] = 0.1 + 0.37 * b + 0.23 * i;
            }
        }
        return x;
    }

    static double[] peerTheta() {
        double[] t = new double[60];
        for (int k = 0; k < 60; k++) {
            t[k] = 0.05 + 0.11 * k;
        }
        return t;
    }

    @Test
    void reproducesThePeerCircuit() {
        Circuit c = Qcnn.peer8();
        assertEquals(154, c.gates().size());
        assertEquals(60, c.parameterCount());
        assertEquals(8, c.featureCount());
        // first conv block on (0,1) and the final pool on (6,7), as in torch_qcnn8.py
        assertEquals("rz[1]", c.gates().get(8).toString());
        assertEquals("cx[1, 0]", c.gates().get(9).toString());
        assertEquals("ry[7]", c.gates().get(153).toString());
    }

    @Test
    void zOnQubitSevenMatchesThePeerAndTheReference() {
        Circuit c = Qcnn.peer8();
        // computed by the peer's own qcnn() (torch_qcnn8.py functions, complex128) on these inputs
        double[] peer = {-0.4134686761683757, -0.3897035941812734, -0.3167716559777807};
        double[] x = peerInputs(3);
        double[] theta = peerTheta();
        double[] z = new StatevectorSimulator(c, List.of(new Observable.Z(7))).forward(theta, x, 3).outputs();
        for (int b = 0; b < 3; b++) {
            assertEquals(peer[b], z[b], 1e-12, "sample " + b);
            double[][] ref = ReferenceSimulator.run(c, theta, java.util.Arrays.copyOfRange(x, 8 * b, 8 * b + 8));
            double zr = 0;
            for (int i = 0; i < 256; i++) {
                zr += ((i & 1) == 0 ? 1 : -1) * (ref[0][i] * ref[0][i] + ref[1][i] * ref[1][i]);
            }
            assertEquals(zr, z[b], 1e-12, "reference, sample " + b);
        }
    }

    @Test
    void sharedParametersAreCountedOncePerLayer() {
        Circuit.Builder b = Circuit.builder(8);
        int[] active = {0, 1, 2, 3, 4, 5, 6, 7};
        Qcnn.conv(b, active, Qcnn.peerConv(), true);
        assertEquals(3, b.parameterCount());
        active = Qcnn.pool(b, active, Qcnn.peerPool(), true);
        assertEquals(6, b.parameterCount());
        assertEquals(4, active.length);
        assertEquals(8 * 8 + 4 * 6, b.build().gates().size());
    }
}
