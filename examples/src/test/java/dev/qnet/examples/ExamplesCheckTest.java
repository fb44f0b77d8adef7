package dev.qnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.diag.DiagnosticPrinter;
import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.Shape;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.core.Metric;
import dev.qnet.core.OptimizerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every example parses and checks cleanly; the two study models have the published sizes. */
class ExamplesCheckTest {
    private static final Path DIR = Path.of(".");

    private static CompilationResult compile(String name) {
        CompilationResult r = Compiler.compile(DIR.resolve(name));
        assertTrue(r.ok(), () -> name + ":\n" + DiagnosticPrinter.render(r.diagnostics()));
        assertTrue(r.diagnostics().isEmpty(), () -> DiagnosticPrinter.render(r.diagnostics()));
        return r;
    }

    @TestFactory
    Stream<DynamicTest> everyExampleChecks() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".qnet") && !p.startsWith(DIR.resolve("target")))
                    .map(DIR::relativize).sorted().toList();
        }
        assertFalse(files.isEmpty());
        return files.stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
            CompilationResult r = compile(p.toString());
            // A file imported for its shared declarations (the study's protocol) may hold no network.
            assertFalse(r.program().networks().isEmpty() && r.program().datasets().isEmpty(),
                    "nothing checked in " + p);
        }));
    }

    @Test
    void resnet50() {
        TrainIr train = compile("resnet50.qnet").program().trains().get(0);
        assertEquals(23_503_298L, train.network().params());
        assertEquals("pneumoniamnist", train.dataset().name());
        assertEquals(OptimizerKind.ADAM, train.optimizer().kind());
        assertEquals(1e-3, train.optimizer().lr());
        assertEquals(20, train.schedule().every());
        assertEquals(0.1, train.schedule().factor());
        assertEquals(100, train.epochs());
        assertEquals(128, train.batch());
        assertEquals(List.of(Metric.ACCURACY, Metric.PRECISION, Metric.RECALL, Metric.F1, Metric.AUC), train.metrics());
        assertEquals(10.0, train.augment().get(0).value());
    }

    @Test
    void qcnn() {
        NetworkIr net = compile("qcnn.qnet").program().trains().get(0).network();
        assertEquals(8, net.qubits());
        assertEquals(60, net.circuitParams());
        assertEquals(140, net.classicalParams());
    }

    @Test
    void quickstart() {
        TrainIr train = compile("quickstart.qnet").program().trains().get(0);
        assertEquals(10, train.epochs());
        assertEquals(23_538L, train.network().params());
    }

    @Test
    void quickstartWidthIsTheFirstConvolutionsChannels() {
        // conv(w) 9w + bn 2w + conv(32) 9*32*w + bn 64 + conv(64) 9*32*64 + bn 128 + dense(2) 64*2+2.
        for (int w : new int[] {8, 16, 24}) {
            CompilationResult c = Compiler.compile(DIR.resolve("quickstart.qnet"), java.util.Map.of("width", Integer.toString(w)));
            assertTrue(c.ok(), DiagnosticPrinter.render(c.diagnostics()));
            assertEquals(299L * w + 64 + 18_432 + 128 + 130, c.program().trains().get(0).network().params(), "width " + w);
        }
    }

    @Test
    void noise() {
        TrainIr train = compile("noise.qnet").program().trains().get(0);
        Node.QuantumStage stage = train.network().body().nodes().stream().filter(n -> n instanceof Node.QuantumStage)
                .map(n -> (Node.QuantumStage) n).findFirst().orElseThrow();
        assertEquals(6, stage.qubits());
        assertEquals("device", stage.execution().noise().name());
        assertEquals(4, stage.execution().noise().rules().size());
        assertEquals(0.02, stage.execution().noise().readout().p10());
        assertEquals(1000, stage.execution().shots());
        // noisy and 6 <= 10 qubits: auto picks the exact density matrix
        assertEquals(dev.qnet.core.SimulationMethod.DENSITY_MATRIX, stage.execution().method());
    }

    @Test
    void quanvolution() {
        List<TrainIr> trains = compile("quanvolution.qnet").program().trains();
        assertEquals(2, trains.size());
        TrainIr fixed = trains.get(0);
        assertEquals("pneumoniamnist", fixed.dataset().name());
        assertTrue(fixed.dataset().preprocessing().isEmpty(), "pi * pixel expects pixels in [0, 1]: no normalize");
        Node.Quanvolution q = (Node.Quanvolution) fixed.network().body().nodes().get(0);
        assertEquals(Shape.image(1, 28, 28), q.input());
        assertEquals(Shape.image(4, 14, 14), q.output());
        assertEquals(2, q.stride());
        assertEquals(null, q.body());
        assertEquals(4 + 4, q.circuit().gates().size()); // 1 random layer: 4 rotations + a ring of 4 cnots
        assertEquals(4, fixed.network().qubits());
        assertEquals(0, fixed.network().circuitParams());
        assertEquals(5_346L, fixed.network().params());
        assertEquals(10, fixed.epochs());

        NetworkIr trained = trains.get(1).network();
        Node.Quanvolution tq = (Node.Quanvolution) trained.body().nodes().get(0);
        assertEquals("filter2x2", tq.body().name());
        assertTrue(tq.trainable());
        assertEquals(8, trained.circuitParams());
        assertEquals(5_346L, trained.classicalParams());
    }
}
