package dev.qnet.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.compiler.diag.Diagnostic;
import dev.qnet.compiler.ir.CircuitIr;
import dev.qnet.compiler.ir.GateIr;
import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.QuantumOp;
import dev.qnet.compiler.ir.QuanvolutionCircuits;
import dev.qnet.compiler.ir.Shape;
import dev.qnet.core.ActivationKind;
import dev.qnet.core.Axis;
import dev.qnet.core.Encoding;
import dev.qnet.core.Precision;
import dev.qnet.core.Setting;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Language features checked through their IR: imports, constants, defaults, shape rules. */
class LanguageTest {
    @Test
    void importsAreRelativeToTheImportingFileAndLoadedOnce() {
        CompilationResult r = TestPrograms.ok(Compiler.compile(Path.of("src/test/resources/programs/import_main.qnet")));
        NetworkIr net = TestPrograms.network(r, "small");
        // conv 1->16 (144) + bn (32) + conv 16->4 k1 (64) + bn (8) + dense 4*8*8 -> 3 (771)
        assertEquals(144 + 32 + 64 + 8 + 256 * 3 + 3, net.params());
        assertEquals(Shape.image(4, 8, 8), net.body().nodes().get(2).output());
    }

    @Test
    void convPoolAndDenseShapeRules() {
        CompilationResult r = TestPrograms.ok(TestPrograms.text("""
                const C = 2 ** 3
                network n {
                    input [3, 32, 32]
                    conv(C, k: 5, stride: 2)           // pad 2: floor((32 + 4 - 5) / 2) + 1 = 16
                    conv(C * 2, k: 4, padding: 0, groups: 2, bias: true)   // 13
                    maxpool(3, stride: 2, padding: 1)  // floor((13 + 2 - 3) / 2) + 1 = 7
                    avgpool(7)                         // 1x1: dense may follow (implied flatten)
                    dense(10, bias: false)
                    softmax
                }
                """));
        var nodes = TestPrograms.network(r, "n").body().nodes();
        assertEquals(Shape.image(8, 16, 16), nodes.get(0).output());
        assertEquals(3 * 8 * 25, nodes.get(0).params());
        assertEquals(Shape.image(16, 13, 13), nodes.get(1).output());
        assertEquals(16 * 4 * 16 + 16, nodes.get(1).params());
        assertEquals(Shape.image(16, 7, 7), nodes.get(2).output());
        Node.Sequence dense = (Node.Sequence) nodes.get(4);
        assertEquals(Shape.vector(10), dense.output());
        assertEquals(160, dense.params());
        assertEquals(Node.Flatten.class, dense.nodes().get(0).getClass());
    }

    @Test
    void explicitShortcutAndRepeat() {
        CompilationResult r = TestPrograms.ok(TestPrograms.text("""
                network n(depth = 2) {
                    input [4, 8, 8]
                    repeat depth {
                        residual { conv(4) bn relu conv(4) bn } shortcut { }
                        relu
                    }
                    residual { conv(8, stride: 2) } shortcut { avgpool(2) conv(8, k: 1) }
                    globalavgpool
                    dense(2)
                }
                """));
        NetworkIr net = TestPrograms.network(r, "n");
        assertEquals(7, net.body().nodes().size()); // 2 x (residual, relu), residual, pool, dense
        Node.Residual last = (Node.Residual) net.body().nodes().get(4);
        assertFalse(last.shortcutInferred());
        assertEquals(Shape.image(8, 4, 4), last.output());
    }

    @Test
    void quanvolutionShapesParamsAndBodies() {
        CompilationResult r = TestPrograms.ok(TestPrograms.text("""
                circuit f9(a, b, c, d, e, f, g, h, i; t[9], u) {
                    ry(t[0]) a  ry(t[8]) i  cnot a, i  rz(2 * u + pi) e
                }
                circuit f4(a, b, c, d; t[4]) { ry(t[0]) a  ry(t[1]) b  ry(t[2]) c  ry(t[3]) d }
                block qblock(body) {
                    quanv(k: 2, circuit: body, trainable: false)
                }
                network n {
                    input [3, 28, 28]
                    quanv(k: 2, stride: 2)                // [12, 14, 14], random, 0 params
                    quanv(k: 3, stride: 1, circuit: f9)   // [108, 12, 12], 10 trainable
                    quanv(3, layers: 2, seed: 1, axis: rx, scale: pi / 2)   // stride 3: [972, 4, 4]
                    qblock(f4)                            // fixed user circuit via a block parameter: [3888, 2, 2]
                    globalavgpool
                    dense(2)
                }
                """));
        NetworkIr net = TestPrograms.network(r, "n");
        List<Node> nodes = net.body().nodes();
        Node.Quanvolution random = (Node.Quanvolution) nodes.get(0);
        assertEquals(Shape.image(12, 14, 14), random.output());
        assertEquals(2, random.kernel());
        assertEquals(2, random.stride());
        assertEquals(Axis.RY, random.axis());
        assertEquals(Math.PI, random.scale());
        assertNull(random.body());
        assertEquals(1, random.randomLayers());
        assertEquals(0, random.randomSeed());
        assertFalse(random.trainable());
        assertEquals(0, random.params());

        Node.Quanvolution user = (Node.Quanvolution) nodes.get(1);
        assertEquals(Shape.image(108, 12, 12), user.output());
        assertEquals("f9", user.body().name());
        assertEquals(10, user.params());
        assertTrue(user.trainable());
        assertEquals(0, user.randomLayers());

        Node.Quanvolution layered = (Node.Quanvolution) nodes.get(2);
        assertEquals(Shape.image(972, 4, 4), layered.output());
        assertEquals(3, layered.stride());
        assertEquals(Axis.RX, layered.axis());
        assertEquals(Math.PI / 2, layered.scale(), 1e-15);
        assertEquals(2, layered.randomLayers());
        assertEquals(1, layered.randomSeed());

        Node.Quanvolution fixed = (Node.Quanvolution) ((Node.Sequence) nodes.get(3)).nodes().get(0);
        assertEquals(Shape.image(3888, 2, 2), fixed.output());
        assertEquals("f4", fixed.body().name());
        assertFalse(fixed.trainable());
        assertEquals(0, fixed.params());

        // quanv circuit parameters count as quantum; the largest simulation is a 3x3 patch
        assertEquals(10, net.circuitParams());
        assertEquals(9, net.qubits());
        assertEquals(10 + 3888 * 2 + 2, net.params());
    }

    @Test
    void quanvolutionCircuitAsNetworkArgument() {
        CompilationResult r = TestPrograms.ok(TestPrograms.text("""
                circuit f4(a, b, c, d; t[2]) { ry(t[0]) a  cnot a, b  ry(t[1]) d }
                circuit g4(a, b, c, d) { cnot a, b  cnot c, d }
                dataset d = mnist()
                network n(filter = g4) {
                    input [1, 28, 28]
                    quanv(k: 2, circuit: filter)
                    flatten
                    dense(10)
                }
                train n(filter: f4) on d { epochs 1 }
                """));
        Node.Quanvolution q = (Node.Quanvolution) r.program().trains().get(0).network().body().nodes().get(0);
        assertEquals("f4", q.body().name());
        assertEquals(2, q.params());
        Node.Quanvolution byDefault = (Node.Quanvolution) TestPrograms.network(r, "n").body().nodes().get(0);
        assertTrue(List.of("f4", "g4").contains(byDefault.body().name()));
    }

    @Test
    void quanvolutionRandomCircuitFollowsTheDocumentedRecipe() {
        CircuitIr c = QuanvolutionCircuits.random(4, 2, 1, null);
        assertEquals(4, c.qubitCount());
        assertEquals(0, c.paramCount());
        assertEquals(2 * (4 + 4), c.gates().size());
        java.util.Random rng = new java.util.Random(1);
        String[] axes = {"rx", "ry", "rz"};
        for (int layer = 0; layer < 2; layer++) {
            for (int q = 0; q < 4; q++) {
                GateIr g = c.gates().get(layer * 8 + q);
                assertEquals(axes[rng.nextInt(3)], g.name());
                assertEquals(q, g.qubits()[0]);
                assertEquals(2 * Math.PI * rng.nextDouble(), g.angles().get(0).offset());
                assertTrue(g.angles().get(0).isConstant());
            }
            for (int q = 0; q < 4; q++) {
                GateIr g = c.gates().get(layer * 8 + 4 + q);
                assertEquals("cnot", g.name());
                assertEquals(List.of(q, (q + 1) % 4), List.of(g.qubits()[0], g.qubits()[1]));
            }
        }
        // deterministic per seed, different across seeds; Node.Quanvolution.circuit() materialises it
        assertEquals(c.gates().get(0).angles(), QuanvolutionCircuits.random(4, 2, 1, null).gates().get(0).angles());
        assertNotEquals(c.gates().get(0).angles(), QuanvolutionCircuits.random(4, 2, 2, null).gates().get(0).angles());
        Node.Quanvolution q = new Node.Quanvolution("q", Shape.image(1, 4, 4), Shape.image(4, 2, 2), 2, 2, Axis.RY, Math.PI, null, 2, 1,
                false, 0, dev.qnet.compiler.ir.ExecutionIr.IDEAL, null);
        assertEquals(c.gates().size(), q.circuit().gates().size());
        assertEquals(c.gates().get(3).angles(), q.circuit().gates().get(3).angles());
    }

    @Test
    void warmupIsATrainSetting() {
        String program = "dataset d = medmnist(\"pneumoniamnist\")\nnetwork n(classes) {\n    input [1, 28, 28]\n    flatten dense(classes)\n}\n"
                + "train n(classes: 2) on d { warmup %s epochs 10 }\n";
        CompilationResult r = TestPrograms.ok(TestPrograms.text(program.formatted("3")));
        assertEquals(3L, r.program().trains().get(0).settings().whole(Setting.WARMUP));
        assertEquals(0L, TestPrograms.ok(TestPrograms.text(program.formatted("0"))).program().trains().get(0).settings()
                .whole(Setting.WARMUP));
        CompilationResult bad = TestPrograms.text(program.formatted("-1"));
        assertEquals("'warmup' must be non-negative, found -1", bad.diagnostics().get(0).message());
    }

    @Test
    void precisionIsATrainSettingAndStillAMetric() {
        String program = "dataset d = medmnist(\"pneumoniamnist\")\nnetwork n(classes) {\n    input [1, 28, 28]\n    flatten dense(classes)\n}\n"
                + "train n(classes: 2) on d {\n    metrics accuracy precision recall\n    %s\n    epochs 10\n}\n";
        CompilationResult r = TestPrograms.ok(TestPrograms.text(program.formatted("precision bf16")));
        assertEquals(Precision.BF16, r.program().trains().get(0).settings().choice(Setting.PRECISION, Precision.class));
        assertEquals(List.of("accuracy", "precision", "recall"), r.program().trains().get(0).metrics().stream()
                .map(m -> m.keyword()).toList());
        assertEquals(Precision.FP32, TestPrograms.ok(TestPrograms.text(program.formatted(""))).program().trains().get(0)
                .settings().choice(Setting.PRECISION, Precision.class));
        CompilationResult bad = TestPrograms.text(program.formatted("precision fp16"));
        assertTrue(bad.diagnostics().get(0).message().contains("fp16"), bad.diagnostics().toString());
    }

    @Test
    void siluIsABuiltinActivation() {
        CompilationResult r = TestPrograms.ok(TestPrograms.text("network n {\n    input [4]\n    dense(3) silu dense(2)\n}\n"));
        Node.Activation silu = (Node.Activation) TestPrograms.network(r, "n").body().nodes().get(1);
        assertEquals(ActivationKind.SILU, silu.kind());
        assertEquals(Shape.vector(3), silu.output());
    }

    @Test
    void encodingsAreCompleteInTheIr() {
        CompilationResult r = TestPrograms.ok(TestPrograms.text("""
                circuit c2(a, b; t[2]) { ry(t[0]) a  cnot a, b  ry(t[1]) b }
                network amp {
                    input [16]
                    quantum(qubits: 4) { encode amplitude  qconv c2  measure probs }
                    dense(2)
                }
                network iqp {
                    input [4]
                    quantum(qubits: 4) { encode iqp(reupload: 3)  qconv c2  measure zz }
                    dense(2)
                }
                """));
        var amp = (Node.QuantumStage) TestPrograms.network(r, "amp").body().nodes().get(0);
        var ampEncode = (QuantumOp.Encode) amp.ops().get(0);
        assertEquals(Encoding.AMPLITUDE, ampEncode.kind());
        assertNull(ampEncode.axis());
        assertEquals(1, ampEncode.reupload());
        assertEquals(Shape.vector(16), amp.output());
        var iqp = (Node.QuantumStage) TestPrograms.network(r, "iqp").body().nodes().get(0);
        var iqpEncode = (QuantumOp.Encode) iqp.ops().get(0);
        assertEquals(Encoding.IQP, iqpEncode.kind());
        assertNull(iqpEncode.axis());
        assertEquals(3, iqpEncode.reupload());
        assertEquals(2, iqp.params()); // re-uploading repeats the body with the same parameters
        assertTrue(r.diagnostics().isEmpty());
    }

    @Test
    void quantumOutputUsedAsLogitsIsAWarningNotAnError() {
        CompilationResult r = TestPrograms.ok(TestPrograms.text("""
                network n {
                    input [2]
                    quantum(qubits: 2) { encode angle(ry)  measure z }
                }
                """));
        List<Diagnostic> d = r.diagnostics();
        assertEquals(1, d.size());
        assertEquals("qnet.quantum.output", d.get(0).key());
        assertFalse(d.get(0).isError());
    }
}
