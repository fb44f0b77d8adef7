package dev.qnet.driver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.ablate.Ablation;
import dev.qnet.compiler.ablate.VariantKind;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.driver.experiment.SavedModel;
import dev.qnet.driver.lower.NetworkLowering;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code --ablate quantum} end to end: the command on the study QCNN, made small (64
 * training images, 1 epoch, 2 seeds), and {@code run --ablate} on a tiny hybrid network.
 */
class AblateCommandTest {

    /** Hand-counted from examples/study/qcnn.qnet (see AblationTest): classical, quantum. */
    private static final Map<String, long[]> PARAMS = Map.of(
            "qcnn", new long[] {5568, 57},
            "qcnn/classical-stage", new long[] {5625, 0},
            "qcnn/classical-quanv", new long[] {5588, 57},
            "qcnn/classical", new long[] {5645, 0},
            "qcnn/frozen", new long[] {5568, 0});

    private static final List<String> ORDER = List.of("qcnn", "qcnn/classical-stage", "qcnn/classical-quanv",
            "qcnn/classical", "qcnn/frozen");

    @Test
    void compareAblateQuantumWritesTable1WithEveryVariantAndPairedTests(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("ablate");
        RunCommandTest.Result r = RunCommandTest.qnetc("compare", RepoRoot.path().resolve("examples/study/qcnn.qnet").toString(),
                "--ablate", "quantum", "--data", "pneumoniamnist", "--epochs", "1", "--limit", "64", "--seeds", "2",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());

        JsonNode j = new ObjectMapper().readTree(out.resolve("comparison.json").toFile());
        assertEquals("qcnn", j.get("reference").asText());
        JsonNode models = j.get("models");
        assertEquals(ORDER.size(), models.size(), j.toString());
        for (int i = 0; i < ORDER.size(); i++) {
            JsonNode m = models.get(i);
            String name = ORDER.get(i);
            assertEquals(name, m.get("model").asText());
            assertEquals(2, m.get("runs").asInt(), name);
            assertEquals(PARAMS.get(name)[0], m.at("/parameters/classical").asLong(), name);
            assertEquals(PARAMS.get(name)[1], m.at("/parameters/quantum").asLong(), name);
            if (i == 0) {
                assertTrue(m.get("paired_tests") == null, "the reference is not tested against itself");
                continue;
            }
            JsonNode pt = m.get("paired_tests");
            assertEquals("qcnn", pt.get("reference").asText(), name);
            assertEquals("[7,8]", pt.get("seeds").toString(), name);
            for (String metric : List.of("accuracy", "precision", "recall", "f1", "roc_auc")) {
                JsonNode t = pt.get(metric);
                assertTrue(t != null, name + " " + metric + ": " + pt);
                double w = t.get("wilcoxon_p").asDouble();
                assertTrue(w >= 0.5 && w <= 1, "2 pairs: the exact Wilcoxon p is 0.5 or 1, got " + w);
                assertTrue(t.get("t_test_p").isNull() || t.get("t_test_p").asDouble() >= 0 && t.get("t_test_p").asDouble() <= 1);
                // The mean difference is the difference of the two models' means.
                double diff = m.at("/mean/" + metric).asDouble() - models.get(0).at("/mean/" + metric).asDouble();
                assertEquals(diff, t.get("mean_difference").asDouble(), 1e-9, name + " " + metric);
            }
        }

        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("p accuracy (t / W)"), md);
        assertTrue(md.contains("| qcnn (2 seeds) | ") && md.contains("| reference | reference |"), md);
        for (String name : ORDER) {
            long[] p = PARAMS.get(name);
            assertTrue(md.contains("| " + name + " (2 seeds) | "), name);
            assertTrue(md.contains(String.format(Locale.ROOT, " | %,d | %,d | ", p[0], p[1])), name + "\n" + md);
        }
        List<String> csv = Files.readAllLines(out.resolve("comparison.csv"));
        assertEquals(1 + ORDER.size(), csv.size());
        for (String name : ORDER) {
            for (long seed : new long[] {7, 8}) {
                Path run = out.resolve("runs").resolve(name.replace('/', '-') + "-seed" + seed);
                assertTrue(Files.isRegularFile(run.resolve("metrics.json")), run.toString());
            }
        }

        // A saved variant rebuilds as that variant: eval reproduces its test accuracy.
        Path classical = out.resolve("runs/qcnn-classical-seed7");
        double acc = new ObjectMapper().readTree(classical.resolve("metrics.json").toFile()).at("/test/accuracy").asDouble();
        RunCommandTest.Result e = RunCommandTest.qnetc("eval", classical.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains(String.format(Locale.ROOT, "accuracy %.4f", acc)), e.out());

        // The frozen variant's circuit angles are still the initial ones after training.
        Path frozenRun = out.resolve("runs/qcnn-frozen-seed8");
        SavedModel.Loaded loaded = SavedModel.load(frozenRun);
        CompilationResult c = Compiler.compile(RepoRoot.path().resolve("examples/study/qcnn.qnet"));
        TrainIr t = c.program().trains().get(0);
        Layer fresh = new NetworkLowering(DataType.FLOAT, 8).lower(t.network());
        List<Parameter> a = loaded.model().parameters();
        List<Parameter> b = fresh.parameters();
        assertEquals(b.size(), a.size());
        int circuit = 0;
        int trainedChanged = 0;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(b.get(i).name(), a.get(i).name());
            boolean same = a.get(i).value().equalsWithEps(b.get(i).value(), 0);
            if (b.get(i).name().endsWith("theta")) {
                circuit++;
                assertArrayEquals(b.get(i).value().toDoubleVector(), a.get(i).value().toDoubleVector(), 0.0,
                        "frozen circuit angles moved");
            } else if (b.get(i).isTrainable() && !same) {
                trainedChanged++;
            }
        }
        assertEquals(1, circuit, "one quantum stage");
        assertTrue(trainedChanged > 0, "the classical layers of the frozen variant train");
        assertEquals(VariantKind.FROZEN, Ablation.variants(t.network(), dev.qnet.compiler.ablate.AblationTarget.QUANTUM)
                .get(4).kind());
    }

    @Test
    void checkJsonListsTheVariantsWithTheirParameterCounts() throws Exception {
        RunCommandTest.Result r = RunCommandTest.qnetc("check", "--json", "--ablate", "quantum",
                RepoRoot.path().resolve("examples/study/qcnn.qnet").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode nets = new ObjectMapper().readTree(r.out()).get("networks");
        assertEquals(ORDER.size(), nets.size());
        for (int i = 0; i < ORDER.size(); i++) {
            assertEquals(ORDER.get(i), nets.get(i).get("name").asText());
            assertEquals(PARAMS.get(ORDER.get(i))[0], nets.get(i).get("classicalParams").asLong(), ORDER.get(i));
            assertEquals(PARAMS.get(ORDER.get(i))[1], nets.get(i).get("circuitParams").asLong(), ORDER.get(i));
        }
    }

    @Test
    void anAblationSplitByVariantsIsReassembledFromItsResultsDirectories(@TempDir Path tmp) throws Exception {
        String qcnn = RepoRoot.path().resolve("examples/study/qcnn.qnet").toString();
        String[] small = {"--data", "pneumoniamnist", "--epochs", "1", "--limit", "32", "--seeds", "1"};
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        RunCommandTest.Result ra = RunCommandTest.qnetc(concat(new String[] {"compare", qcnn, "--ablate", "quantum",
                "--variants", "model,frozen", "--out", a.toString()}, small));
        assertEquals(0, ra.code(), ra.err());
        RunCommandTest.Result rb = RunCommandTest.qnetc(concat(new String[] {"compare", qcnn, "--ablate", "quantum",
                "--variants", "classical", "--out", b.toString()}, small));
        assertEquals(0, rb.code(), rb.err());
        assertEquals(List.of("qcnn-frozen-seed7", "qcnn-seed7"),
                Files.list(a.resolve("runs")).map(p -> p.getFileName().toString()).sorted().toList());

        Path all = tmp.resolve("all");
        RunCommandTest.Result r = RunCommandTest.qnetc("compare", a.resolve("runs/qcnn-seed7").toString(),
                b.resolve("runs/qcnn-classical-seed7").toString(), a.resolve("runs/qcnn-frozen-seed7").toString(),
                "--out", all.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode models = new ObjectMapper().readTree(all.resolve("comparison.json").toFile()).get("models");
        assertEquals(List.of("qcnn", "qcnn/classical", "qcnn/frozen"),
                java.util.stream.StreamSupport.stream(models.spliterator(), false).map(m -> m.get("model").asText()).toList());

        RunCommandTest.Result bad = RunCommandTest.qnetc("compare", qcnn, "--ablate", "quantum", "--variants", "frozn",
                "--out", tmp.resolve("x").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--variants frozn: ") && bad.err().contains(
                "has no such variant; it has model, classical-stage, classical-quanv, classical, frozen"), bad.err());
        assertFalse(Files.exists(tmp.resolve("x")), "nothing written for a bad --variants");
        RunCommandTest.Result noAblate = RunCommandTest.qnetc("compare", qcnn, "--variants", "frozen", "--out",
                tmp.resolve("y").toString());
        assertEquals(1, noAblate.code());
        assertEquals("qnetc: --variants needs --ablate", noAblate.err().strip());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void runAblateWritesOneResultsDirectoryPerVariant(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("tiny.qnet");
        Files.writeString(src, RunCommandTest.NETWORKS + RunCommandTest.TRAIN_Q);
        Path out = tmp.resolve("runs");
        RunCommandTest.Result r = RunCommandTest.qnetc("run", src.toString(), "--ablate", "quantum", "--epochs", "1",
                "--limit", "64", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // Named after the train section "q" (Table 1's rows), not the network tinyq.
        for (String d : List.of("q", "q-classical", "q-frozen")) {
            JsonNode m = new ObjectMapper().readTree(out.resolve(d).resolve("metrics.json").toFile());
            assertEquals(3, m.at("/seed").asLong(), d);
        }
        assertEquals(List.of("q", "q-classical", "q-frozen"),
                Files.list(out).map(p -> p.getFileName().toString()).sorted().toList());
        // The frozen variant's circuit exports with its (initial) angles bound: the export finds the
        // quantum layer inside its frozen wrapper.
        RunCommandTest.Result qasm = RunCommandTest.qnetc("export", "--qasm", out.resolve("q-frozen").toString());
        assertEquals(0, qasm.code(), qasm.err());
        assertTrue(qasm.out().contains("OPENQASM 3.0;") && !qasm.out().contains(" theta;"), qasm.out());
        RunCommandTest.Result bad = RunCommandTest.qnetc("run", src.toString(), "--ablate", "classical", "--out",
                tmp.resolve("x").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("qnetc: unknown --ablate part 'classical'; expected one of quantum"), bad.err());
    }
}
