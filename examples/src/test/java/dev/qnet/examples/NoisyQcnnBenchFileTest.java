package dev.qnet.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.diag.DiagnosticPrinter;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.core.SimulationMethod;
import dev.qnet.driver.lower.NetworkLowering;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Sequential;
import dev.qnet.runtime.quantum.QuantumLayer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The noisy-QCNN benchmark's file (bench/qnet/noisy-qcnn8.qnet) runs the study's circuit under the
 * study's device noise, and computes what its PyTorch peer computes: the lowered quantum stage, at
 * x_i = 0.1 (i+1), theta_k = 0.05 (k+1), gives the values printed by
 * {@code bench/peers/torch_density_qcnn8.py --values} (complex128 tensor contraction), and the
 * study's own quantum stage (examples/study/qcnn.qnet) gives the peer's noiseless values.
 */
class NoisyQcnnBenchFileTest {

    private static final double[] PEER_DEVICE = {0.12964703954550927, -0.008587666130275784};
    private static final double[] PEER_NOISELESS = {0.21323700328425882, -0.01801438416630452};

    private static QuantumLayer stage(Path file, Map<String, String> args) {
        CompilationResult r = Compiler.compile(file, args);
        assertTrue(r.ok(), () -> DiagnosticPrinter.render(r.diagnostics()));
        TrainIr t = r.program().trains().get(0);
        Layer model = new NetworkLowering(DataType.FLOAT, 7).lower(t.network());
        QuantumLayer q = null;
        for (Layer l : ((Sequential) model).layers()) {
            if (l instanceof QuantumLayer ql) q = ql;
        }
        assertTrue(q != null, "no quantum stage in " + file);
        return q;
    }

    private static double[] atFixedPoint(QuantumLayer q) {
        double[] x = new double[8], theta = new double[57];
        for (int i = 0; i < 8; i++) x[i] = 0.1 * (i + 1);
        for (int k = 0; k < 57; k++) theta[k] = 0.05 * (k + 1);
        return q.simulator().forward(theta, x, 1).outputs();
    }

    @Test
    void benchFileIsTheStudyCircuitUnderDeviceNoiseAsThePeerComputesIt() {
        QuantumLayer bench = stage(Path.of("../bench/qnet/noisy-qcnn8.qnet"), Map.of());
        assertEquals(SimulationMethod.DENSITY_MATRIX, bench.execution().method());
        assertEquals(0, bench.execution().shots());
        assertEquals(57, bench.circuit().parameterCount());
        assertArrayEquals(PEER_DEVICE, atFixedPoint(bench), 1e-12);

        QuantumLayer study = stage(Path.of("study/qcnn.qnet"), Map.of());
        assertEquals(bench.circuit().gates().size(), study.circuit().gates().size());
        assertArrayEquals(PEER_NOISELESS, atFixedPoint(study), 1e-12);
    }
}
