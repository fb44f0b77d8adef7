package dev.qnet.compiler.ablate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.source.SourceFile;
import dev.qnet.core.ActivationKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ablation variants of the study QCNN and of small programs. Expected parameter counts are
 * worked out by hand from the layer sizes (written next to each), not read from the code.
 */
class AblationTest {

    private static NetworkIr network(String source, String name) {
        CompilationResult r = Compiler.compile(new SourceFile(Path.of("t.qnet"), source));
        assertTrue(r.ok(), r.diagnostics().toString());
        return r.program().networks().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    private static NetworkIr studyQcnn() {
        Path p = Path.of("").toAbsolutePath();
        while (!p.resolve("examples").toFile().isDirectory()) p = p.getParent();
        CompilationResult r = Compiler.compile(p.resolve("examples/study/qcnn.qnet"));
        assertTrue(r.ok(), r.diagnostics().toString());
        return r.program().trains().get(0).network();
    }

    private static List<Node> leaves(Node n) {
        List<Node> out = new ArrayList<>();
        if (n instanceof Node.Sequence s) s.nodes().forEach(c -> out.addAll(leaves(c)));
        else out.add(n);
        return out;
    }

    @Test
    void studyQcnnHasFourVariantsWithHandCountedParameters() {
        NetworkIr model = studyQcnn();
        List<Variant> vs = Ablation.variants(model, AblationTarget.QUANTUM);
        assertEquals(List.of("qcnn", "qcnn/classical-stage", "qcnn/classical-quanv", "qcnn/classical", "qcnn/frozen"),
                vs.stream().map(Variant::name).toList());
        // model: 5,568 classical, 57 circuit
        assertEquals(5568, vs.get(0).network().classicalParams());
        assertEquals(57, vs.get(0).network().circuitParams());
        // stage 8 -> 2, 57 angles: dense(8 -> 5) 45 + dense(5 -> 2) 12 = 57
        assertEquals(5568 + 57, vs.get(1).network().classicalParams());
        assertEquals(0, vs.get(1).network().circuitParams());
        // quanv k=2 on 1 channel -> conv 1 -> 4 channels, 2x2: 16 weights + 4 biases
        assertEquals(5568 + 20, vs.get(2).network().classicalParams());
        assertEquals(57, vs.get(2).network().circuitParams());
        assertEquals(5568 + 57 + 20, vs.get(3).network().classicalParams());
        assertEquals(0, vs.get(3).network().circuitParams());
        assertEquals(0, vs.get(3).network().qubits());
        // frozen: the same tree, its 57 angles no longer trainable
        assertEquals(5568, vs.get(4).network().params());
        assertEquals(Set.of("quantum13"), vs.get(4).frozen());
        assertEquals(model.body(), vs.get(4).network().body());
        for (Variant v : vs) {
            assertEquals(model.body().input(), v.network().body().input(), v.name());
            assertEquals(model.body().output(), v.network().body().output(), v.name());
        }
    }

    @Test
    void standInsKeepPathsAndShapes() {
        NetworkIr model = studyQcnn();
        Variant classical = Ablation.variant(model, VariantKind.CLASSICAL);
        List<String> paths = leaves(classical.network().body()).stream().map(Node::path).toList();
        assertTrue(paths.containsAll(List.of("quanv2.conv0", "quanv2.tanh1", "quantum13.dense0", "quantum13.tanh1",
                "quantum13.dense2", "quantum13.tanh3")), paths.toString());
        Node.Conv conv = (Node.Conv) leaves(classical.network().body()).stream()
                .filter(n -> n.path().equals("quanv2.conv0")).findFirst().orElseThrow();
        assertEquals(2, conv.kernel());
        assertEquals(2, conv.stride());
        assertEquals(0, conv.padding());
        assertEquals(4, conv.outChannels());
        assertEquals(List.of(4, 14, 14), conv.output().dims());
        assertFalse(leaves(classical.network().body()).stream()
                .anyMatch(n -> n instanceof Node.QuantumStage || n instanceof Node.Quanvolution));
    }

    @Test
    void sizeRule() {
        // 57 angles, [8] -> [2]: h = round(55 / 11) = 5, 5 * 11 + 2 = 57
        StandIns.StageStandIn s = StandIns.stage(8, 2, ActivationKind.TANH, 57);
        assertEquals(5, s.hidden());
        assertEquals(57, s.params());
        assertTrue(s.withinTolerance());
        // 15 angles: no hidden layer 8 * 2 + 2 = 18 (20% off), h = 1: 13 (13% off): the nearer, still outside 10%
        s = StandIns.stage(8, 2, ActivationKind.TANH, 15);
        assertEquals(1, s.hidden());
        assertEquals(13, s.params());
        assertFalse(s.withinTolerance());
        // 20 angles, [4] -> [4]: direct 20, exact
        s = StandIns.stage(4, 4, ActivationKind.TANH, 20);
        assertEquals(0, s.hidden());
        assertEquals(20, s.params());
        // 100 angles, [4] -> [2]: h = round(98 / 7) = 14, 14 * 7 + 2 = 100
        assertEquals(100, StandIns.stage(4, 2, ActivationKind.TANH, 100).params());
        // 48 angles, [8] -> [4]: with bias h = round(44 / 13) = 3: 43 (10.4% off); without hidden
        // bias h = round(44 / 12) = 4: 4 * 12 + 4 = 52 (8.3%); no hidden layer 36: the bias-free one
        s = StandIns.stage(8, 4, ActivationKind.TANH, 48);
        assertEquals(4, s.hidden());
        assertFalse(s.hiddenBias());
        assertEquals(52, s.params());
        assertTrue(s.withinTolerance());
    }

    @Test
    void probabilitiesGetASoftmaxAndResidualsAreRewrittenInside() {
        NetworkIr net = network("""
                circuit c2(a, b; t[2]) { ry(t[0]) a  cnot a, b  ry(t[1]) b }
                network n() {
                    input [2]
                    residual { quantum(qubits: 2) { encode angle(ry)  qconv c2  measure z } }
                    quantum(qubits: 2) { encode angle(ry)  qconv c2(shared: false)  measure probs }
                }
                """, "n");
        Variant v = Ablation.variant(net, VariantKind.CLASSICAL);
        List<Node> l = new ArrayList<>();
        for (Node n : v.network().body().nodes()) {
            if (n instanceof Node.Residual r) l.addAll(leaves(r.branch()));
            else l.addAll(leaves(n));
        }
        // residual stage [2] -> [2], 2 angles: direct 2*2 + 2 = 6 beats h = 1 (1*5 + 2 = 7)
        assertTrue(l.get(0) instanceof Node.Dense d && d.units() == 2, l.toString());
        assertTrue(l.get(1) instanceof Node.Activation a && a.kind() == ActivationKind.TANH, l.toString());
        // the last stage [2] -> [4] probabilities: a softmax keeps the stand-in's outputs a distribution
        Node last = l.get(l.size() - 1);
        assertTrue(last instanceof Node.Activation a && a.kind() == ActivationKind.SOFTMAX, l.toString());
        assertEquals(List.of(4), v.network().body().output().dims());
        assertEquals(0, v.network().circuitParams());
        long standIns = v.network().body().params();
        assertEquals(v.network().params(), standIns);
        assertTrue(v.network().body().nodes().get(0) instanceof Node.Residual r && r.params() == 6, v.network().body().toString());
    }

    @Test
    void aClassicalNetworkHasNoVariants() {
        NetworkIr net = network("network m() { input [4]  dense(2) }", "m");
        assertEquals(1, Ablation.variants(net, AblationTarget.QUANTUM).size());
    }
}
