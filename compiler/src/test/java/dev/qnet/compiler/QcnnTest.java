package dev.qnet.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.QuantumOp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The QCNN example reproduces peers/torch_qcnn8.py: same pairs, 60 parameters, 154 gates. */
class QcnnTest {
    private static Node.QuantumStage stage() {
        CompilationResult r = TestPrograms.ok(Compiler.compile(TestPrograms.repo().resolve("examples/qcnn.qnet")));
        NetworkIr net = TestPrograms.network(r, "qcnn");
        assertEquals(60, net.circuitParams());
        assertEquals(8, net.qubits());
        return net.body().nodes().stream().filter(n -> n instanceof Node.QuantumStage).map(n -> (Node.QuantumStage) n)
                .findFirst().orElseThrow();
    }

    @Test
    void pairsMatchThePeer() {
        List<QuantumOp> ops = stage().ops();
        assertArrayEquals(new int[][] {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {1, 2}, {3, 4}, {5, 6}, {7, 0}}, ((QuantumOp.QConv) ops.get(1)).pairs());
        assertArrayEquals(new int[][] {{0, 4}, {1, 5}, {2, 6}, {3, 7}}, ((QuantumOp.QPool) ops.get(2)).pairs());
        assertArrayEquals(new int[][] {{4, 5}, {6, 7}, {5, 6}, {7, 4}}, ((QuantumOp.QConv) ops.get(3)).pairs());
        assertArrayEquals(new int[][] {{4, 6}, {5, 7}}, ((QuantumOp.QPool) ops.get(4)).pairs());
        assertArrayEquals(new int[][] {{6, 7}}, ((QuantumOp.QConv) ops.get(5)).pairs());
        assertArrayEquals(new int[][] {{6, 7}}, ((QuantumOp.QPool) ops.get(6)).pairs());
        assertArrayEquals(new int[] {7}, ((QuantumOp.Measure) ops.get(7)).qubits());
    }

    @Test
    void gateAndParameterCounts() {
        int gates = 8; // the RY encoding
        int params = 0;
        for (QuantumOp op : stage().ops()) {
            if (op instanceof QuantumOp.QConv c) {
                gates += c.pairs().length * c.circuit().gates().size();
                params += c.paramCount();
            } else if (op instanceof QuantumOp.QPool p) {
                gates += p.pairs().length * p.circuit().gates().size();
                params += p.paramCount();
            }
        }
        assertEquals(154, gates);
        assertEquals(60, params);
    }

    @Test
    void sharedParametersByDefault() {
        CompilationResult r = TestPrograms.ok(TestPrograms.text("""
                circuit c(a, b; t[3]) { ry(t[0]) a  cnot a, b  rz(2 * t[1] + pi) b  rx(-t[2] / 2) a }
                network n {
                    input [4]
                    quantum(qubits: 4) { encode angle(rx) qconv c qpool c measure probs }
                }
                """));
        NetworkIr net = TestPrograms.network(r, "n");
        assertEquals(6, net.circuitParams());
        assertEquals(List.of(4), net.body().output().dims());
        var gate = r.program().circuits().get(0).gates().get(2);
        assertEquals(Math.PI, gate.angles().get(0).offset(), 1e-12);
        assertEquals(2.0, gate.angles().get(0).scale(), 0);
        assertEquals(1, gate.angles().get(0).paramIndex());
    }
}
