package dev.qnet.driver.cli;

import static dev.qnet.driver.cli.RunCommandTest.qnetc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qnet.driver.cli.RunCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --noise/--shots} and {@code robustness} on a tiny trained hybrid model (real
 * PneumoniaMNIST images). Tests tagged "simulator" need the noisy simulators (density matrix,
 * shots), merged from the simulator branch; the others run on the statevector alone.
 */
class NoiseEvalTest {
    @TempDir
    static Path tmp;
    static Path run;
    static double accuracy;
    static double auc;

    @BeforeAll
    static void train() throws Exception {
        Path src = tmp.resolve("tinyq.qnet");
        Files.writeString(src, "noise device { depolarizing(p: 0.01) after two_qubit_gates  readout(p10: 0.02, p01: 0.02) }\n"
                + RunCommandTest.NETWORKS + RunCommandTest.TRAIN_Q);
        run = tmp.resolve("run");
        Result r = qnetc("run", src.toString(), "--limit", "96", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode m = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        accuracy = m.at("/test/accuracy").asDouble();
        auc = m.at("/test/roc_auc").asDouble();
    }

    private static double metric(String out, String name) {
        Matcher m = Pattern.compile(name + " ([0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void zeroNoiseAndExactShotsReproduceTheNoiselessMetrics() {
        for (String spec : List.of("none", "depolarizing(p: 0) after all_gates; readout(p10: 0, p01: 0)")) {
            Result e = qnetc("eval", run.toString(), "--noise", spec, "--shots", "exact");
            assertEquals(0, e.code(), e.err());
            assertTrue(e.out().contains(String.format(Locale.ROOT, "accuracy %.4f", accuracy)), e.out());
            assertTrue(e.out().contains(String.format(Locale.ROOT, "auc %.4f", auc)), e.out());
        }
    }

    @Test
    void badSpecsAreDiagnosticsOrOneLine() {
        Result bad = qnetc("eval", run.toString(), "--noise", "depolarizing(p: 2) after all_gates");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--noise:2:17: error: 'p' of 'depolarizing' is a probability"), bad.err());
        Result unknown = qnetc("eval", run.toString(), "--noise", "devise");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().startsWith("qnetc: ") && unknown.err().contains("declared: device"), unknown.err());
        Result shots = qnetc("eval", run.toString(), "--shots", "0");
        assertEquals(1, shots.code());
        assertTrue(shots.err().contains("--shots 0"), shots.err());
        Result set = qnetc("run", tmp.resolve("tinyq.qnet").toString(), "--limit", "8", "--epochs", "1", "--set", "noise=devise",
                "--out", tmp.resolve("never").toString());
        assertEquals(1, set.code());
        assertTrue(set.err().contains("--set noise=devise: no noise model 'devise'"), set.err());
        assertTrue(!Files.exists(tmp.resolve("never")), "a refused run leaves nothing");
    }

    @Test
    void robustnessAtZeroScaleWritesTheTableChartAndReport(@TempDir Path out) throws Exception {
        Path dir = out.resolve("sweep");
        Result r = qnetc("robustness", run.toString(), "--noise", "device", "--scale", "0", "--shots", "exact", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("robustness.csv", "robustness.json", "robustness.png", "report.md")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f + " missing");
        }
        List<String> csv = Files.readAllLines(dir.resolve("robustness.csv"));
        assertEquals(2, csv.size(), csv.toString());
        String[] row = csv.get(1).split(",");
        assertEquals("0", row[0]);
        assertEquals("exact", row[1]);
        assertEquals(accuracy, Double.parseDouble(row[2]), 5e-5);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("## Robustness to noise"));
    }

    /** Needs the noisy simulators: fully depolarizing noise after every gate erases the signal. */
    @Tag("simulator")
    @Test
    void fullyDepolarizingNoiseGivesChanceAuc() {
        Result e = qnetc("eval", run.toString(), "--noise", "depolarizing(p: 0.75) after all_gates");
        assertEquals(0, e.code(), e.err());
        assertEquals(0.5, metric(e.out(), "auc"), 0.03, e.out());
    }

    /** Needs the noisy simulators: the sweep runs the density matrix and shots. */
    @Tag("simulator")
    @Test
    void robustnessSweepOverScalesAndShots(@TempDir Path out) throws Exception {
        Path dir = out.resolve("sweep");
        Result r = qnetc("robustness", run.toString(), "--noise", "device", "--scale", "0,1,75", "--shots", "100,exact",
                "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(dir.resolve("robustness.csv"));
        assertEquals(7, csv.size(), csv.toString());
        // scale 0, exact: the noiseless model
        String exact0 = csv.stream().filter(l -> l.startsWith("0,exact,")).findFirst().orElseThrow();
        assertEquals(accuracy, Double.parseDouble(exact0.split(",")[2]), 5e-5);
        // scale 75 caps depolarizing at p = 0.75 after two-qubit gates: the qconv/qpool output qubits carry no signal
        String full = csv.stream().filter(l -> l.startsWith("75,exact,")).findFirst().orElseThrow();
        assertEquals(0.5, Double.parseDouble(full.split(",")[3]), 0.03, full);
    }
}
