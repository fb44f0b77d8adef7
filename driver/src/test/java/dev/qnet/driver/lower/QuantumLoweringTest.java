package dev.qnet.driver.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.quantum.Circuit;
import dev.qnet.runtime.quantum.Observable;
import dev.qnet.runtime.quantum.Qcnn;
import dev.qnet.runtime.quantum.StatevectorSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The lowered circuits are the circuits the language promises. */
class QuantumLoweringTest {

    private static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (!p.resolve("examples").toFile().isDirectory()) {
            p = p.getParent();
        }
        return p;
    }

    private static Node.QuantumStage stage(NetworkIr n) {
        return (Node.QuantumStage) n.body().nodes().stream().filter(x -> x instanceof Node.QuantumStage)
                .findFirst().orElseThrow();
    }

    @Test
    void qcnnExampleLowersToThePeerCircuit() {
        CompilationResult r = Compiler.compile(repo().resolve("examples/qcnn.qnet"));
        assertTrue(r.ok());
        Circuit ours = QuantumLowering.circuit(stage(r.program().trains().get(0).network()));
        Circuit peer = Qcnn.peer8();
        assertEquals(154, peer.gates().size(), "8 encoding rotations + 146 QCNN gates");
        assertEquals(peer.gates().size(), ours.gates().size());
        assertEquals(60, ours.parameterCount());
        assertEquals(peer.parameterCount(), ours.parameterCount());

        // Same outputs for the same angles and inputs: the lowering is exactly the peer's circuit.
        Random rnd = new Random(3);
        int b = 5;
        double[] theta = new double[60];
        double[] x = new double[b * 8];
        for (int i = 0; i < theta.length; i++) theta[i] = rnd.nextDouble() * 2 * Math.PI;
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextDouble() * Math.PI;
        List<Observable> z7 = List.of(new Observable.Z(7));
        double[] a = new StatevectorSimulator(ours, z7).forward(theta, x, b).outputs();
        double[] e = new StatevectorSimulator(peer, z7).forward(theta, x, b).outputs();
        assertArrayEquals(e, a, 1e-12);
    }

    @Test
    void hybridNetworkGradientsMatchFiniteDifferences() {
        CompilationResult r = Compiler.compile(new dev.qnet.compiler.source.SourceFile(Path.of("t.qnet"), """
                circuit c2(a, b; t[2]) { ry(t[0]) a  cnot a, b  rz(2 * t[1] + 0.1) b  cry(t[0]) b, a }
                network h {
                    input [4]
                    dense(3) tanh
                    quantum(qubits: 3) { encode angle(rx)  qconv c2  measure z }
                    dense(2)
                }
                """));
        assertTrue(r.ok(), () -> dev.qnet.compiler.diag.DiagnosticPrinter.render(r.diagnostics()));
        Layer model = new NetworkLowering(DataType.DOUBLE, 11).lower(r.program().networks().get(0));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4).subi(0.5);
        INDArray w = Nd4j.rand(DataType.DOUBLE, 3, 2);
        // loss = sum(out * w): dLoss/dOut = w
        model.parameters().forEach(p -> p.zeroGrad());
        model.forward(x, true);
        INDArray gx = model.backward(w.dup());
        java.util.function.DoubleSupplier loss = () -> model.forward(x, true).mul(w).sumNumber().doubleValue();
        for (var p : model.parameters()) {
            for (int i = 0; i < p.value().length(); i++) {
                assertEquals(centralDifference(p.value(), i, loss), p.grad().getDouble(i), 1e-6, p.name() + "[" + i + "]");
            }
        }
        for (int i = 0; i < x.length(); i++) {
            assertEquals(centralDifference(x, i, loss), gx.getDouble(i), 1e-6, "input[" + i + "]");
        }
    }

    /** d loss / d a[i] by central differences, restoring a[i] afterwards. */
    private static double centralDifference(INDArray a, int i, java.util.function.DoubleSupplier loss) {
        double eps = 1e-6;
        double old = a.getDouble(i);
        a.putScalar(i, old + eps);
        double plus = loss.getAsDouble();
        a.putScalar(i, old - eps);
        double minus = loss.getAsDouble();
        a.putScalar(i, old);
        return (plus - minus) / (2 * eps);
    }
}
