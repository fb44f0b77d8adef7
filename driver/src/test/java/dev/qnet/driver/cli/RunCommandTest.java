package dev.qnet.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qnetc run / eval / compare / export end to end on real PneumoniaMNIST images, tiny models. No
 * skip: qnetc finds the file through the product's own search ($QNET_DATA, the user cache, then
 * the repository's examples/data), so a fresh clone without ../shared/data runs these too.
 */
class RunCommandTest {

    record Result(int code, String out, String err) {}

    static Result qnetc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Qnetc.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    static final String NETWORKS = """
            dataset pneumonia = medmnist("pneumoniamnist") { normalize }
            circuit c2(a, b; t[3]) { rz(t[0]) a  cnot a, b  ry(t[1]) b  cnot b, a  rx(t[2]) a }
            network tinycnn(classes = 2) {
                input [1, 28, 28]
                conv(4) bn relu maxpool(4)
                globalavgpool
                dense(classes)
            }
            network tinyq(classes = 2) {
                input [1, 28, 28]
                avgpool(7) flatten dense(4) tanh
                quantum(qubits: 4) { encode angle(ry)  qconv c2  qpool c2  measure z }
                dense(classes)
            }
            """;

    static final String TRAIN_CNN = """
            train "cnn" tinycnn(classes: 2) on pneumonia {
                optimizer adam(lr: 1e-2)  epochs 2  batch 32  seed 3
                augment { flip(horizontal) rotate(5deg) }
                metrics accuracy precision recall f1 auc
            }
            """;

    static final String TRAIN_Q = """
            train "q" tinyq(classes: 2) on pneumonia {
                optimizer adam(lr: 1e-2)  epochs 2  batch 32  seed 3
                metrics accuracy auc
            }
            """;

    static final String TINY = NETWORKS + TRAIN_CNN + TRAIN_Q;

    @Test
    void runWritesEveryResultAndEvalReproducesTheTestMetrics(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("tiny.qnet");
        Files.writeString(src, TINY);
        Path out = tmp.resolve("run");
        Result r = qnetc("run", src.toString(), "--limit", "96", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("metrics.json", "history.csv", "loss.png", "accuracy.png", "confusion.png",
                "report.md", "model/weights.qnetckpt", "model/model.json", "model/sources/tiny.qnet")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing");
        }
        assertFalse(Files.exists(out.resolve("checkpoint.qnetckpt")), "checkpoint left behind after a finished run");
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(3, m.at("/seed").asLong(), m.toString());
        assertEquals("28209eda62fecd6e6a2d98b1501bb15f", m.at("/provenance/data_md5").asText(), m.toString());
        // The CPU is recorded, since oneDNN's kernels (and so the trained weights) depend on it. The
        // onednn-avx2 build needs AVX2; without AVX-512 in the kernel's flags, oneDNN can only be at AVX2.
        String isa = m.at("/provenance/cpu/dnnl_isa").asText();
        String flags = " " + Files.readString(Path.of("/proc/cpuinfo")).lines()
                .filter(l -> l.startsWith("flags")).findFirst().orElse("") + " ";
        assertTrue(flags.contains(" avx512f ") ? isa.startsWith("avx512") : isa.startsWith("avx2"), isa + " on a CPU with" + flags);
        assertFalse(m.at("/provenance/cpu/model").asText().isBlank(), m.toString());
        // The provenance reads the same in every run, key order included (Map.of's order changes per JVM).
        assertEquals(List.of("qnet", "java", "nd4j"), fieldNames(m.at("/provenance/versions")), m.toString());
        assertEquals(List.of("model", "dnnl_isa"), fieldNames(m.at("/provenance/cpu")), m.toString());
        assertEquals(3, Files.readAllLines(out.resolve("history.csv")).size(), "header + 2 epochs");

        Result e = qnetc("eval", out.toString());
        assertEquals(0, e.code(), e.err());
        double acc = m.at("/test/accuracy").asDouble();
        assertTrue(e.out().contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", acc)),
                "eval must reproduce the run's test accuracy " + acc + ":\n" + e.out());

        // --threshold 0 calls every image positive (pneumonia): its accuracy is the positive share of
        // the test split, counted from the run's own confusion matrix (row 1 = true pneumonia).
        JsonNode cm = m.at("/test/confusion_matrix");
        double positives = cm.get(1).get(0).asDouble() + cm.get(1).get(1).asDouble();
        double total = positives + cm.get(0).get(0).asDouble() + cm.get(0).get(1).asDouble();
        Result all = qnetc("eval", out.toString(), "--threshold", "0");
        assertEquals(0, all.code(), all.err());
        assertTrue(all.out().contains(String.format(java.util.Locale.ROOT, "at threshold 0.0000 on P(pneumonia) (given):%n"
                + "accuracy %.4f  precision %.4f  recall 1.0000", positives / total, positives / total)), all.out());
        Result val = qnetc("eval", out.toString(), "--threshold", "val");
        assertEquals(0, val.code(), val.err());
        assertTrue(val.out().contains("(chosen on val: " + m.at("/provenance/val_samples").asInt() + " images, accuracy "),
                val.out());
        assertTrue(val.out().contains("best cut on test itself: accuracy "), val.out());
        Result bad = qnetc("eval", out.toString(), "--threshold", "high");
        assertEquals(1, bad.code());
        assertEquals("qnetc: --threshold high: expected val or a number in [0, 1]", bad.err().strip());

        // A finished run has nothing to resume: say so rather than train it again.
        Result again = qnetc("run", src.toString(), "--limit", "96", "--resume", out.toString());
        assertEquals(1, again.code(), again.err());
        assertTrue(again.err().startsWith("qnetc: ") && again.err().contains("is a finished run"), again.err());
    }

    @Test
    void sameSeedSameNumbers(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("tiny.qnet");
        Files.writeString(src, TINY);
        Result a = qnetc("run", src.toString(), "--train", "q", "--limit", "64", "--epochs", "1", "--out",
                tmp.resolve("a").toString());
        Result b = qnetc("run", src.toString(), "--train", "q", "--limit", "64", "--epochs", "1", "--out",
                tmp.resolve("b").toString());
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        assertEquals(Files.readAllLines(tmp.resolve("a/history.csv")).get(1).split(",", -1)[2],
                Files.readAllLines(tmp.resolve("b/history.csv")).get(1).split(",", -1)[2], "train loss differs");
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(tmp.resolve("a/metrics.json").toFile()).at("/test"),
                json.readTree(tmp.resolve("b/metrics.json").toFile()).at("/test"));
    }

    @Test
    void compareWritesTheWholeReport(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("tiny.qnet");
        Files.writeString(src, TINY);
        Path qsrc = tmp.resolve("tinyq.qnet");
        Files.writeString(qsrc, NETWORKS + TRAIN_Q);
        Path out = tmp.resolve("cmp");
        Result r = qnetc("compare", src.toString(), qsrc.toString(), "--epochs", "1", "--limit", "64", "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("report.md", "comparison.csv", "comparison.json", "loss.png", "accuracy.png",
                "epoch_time.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing");
        }
        List<String> csv = Files.readAllLines(out.resolve("comparison.csv"));
        assertEquals(3, csv.size(), "header + one row per model:\n" + csv);
        assertTrue(csv.get(1).startsWith("cnn") && csv.get(2).startsWith("q"), csv.toString());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| cnn ") && md.contains("| q "), md);
        assertTrue(md.contains("28209eda62fecd6e6a2d98b1501bb15f"), "report names the data md5");
    }

    @Test
    void exportWritesOpenQasm(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("tiny.qnet");
        Files.writeString(src, TINY);
        Result r = qnetc("export", src.toString(), "--qasm");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("OPENQASM 3.0;"), r.out());
        assertTrue(r.out().contains("qubit[4] q;"), r.out());
    }

    @Test
    void badDataIsOneLineAndLeavesNothing(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("broken.npz");
        Files.write(bad, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        Path src = tmp.resolve("tiny.qnet");
        Files.writeString(src, TINY);
        Path out = tmp.resolve("run");
        Result r = qnetc("run", src.toString(), "--data", bad.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("qnetc: ") && r.err().contains(bad.toString()), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line:\n" + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(out), "no results directory for a failed run");
    }

    @Test
    void sourceErrorsAreDiagnostics(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("bad.qnet");
        Files.writeString(src, TINY.replace("conv(4) bn relu", "conv(4) batchnrm relu"));
        Result r = qnetc("run", src.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.qnet:5:"), r.err());
        assertTrue(r.err().contains("did you mean"), r.err());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
