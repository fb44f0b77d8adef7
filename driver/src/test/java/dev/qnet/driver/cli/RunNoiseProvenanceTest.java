package dev.qnet.driver.cli;

import static dev.qnet.driver.cli.RunCommandTest.qnetc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qnet.driver.cli.RunCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run records how each quantum part was simulated: metrics.json's provenance and report.md carry
 * the line {@code qnetc check} prints for each quantum stage and quanvolution (noise model, method
 * and why, shots), plus the model's rules; a {@code --set} override is what gets recorded.
 */
class RunNoiseProvenanceTest {

    private static final String SOURCE = """
            dataset pneumonia = medmnist("pneumoniamnist") { normalize }
            noise device {
                depolarizing(p: 0.01) after two_qubit_gates
                readout(p10: 0.02, p01: 0.03)
            }
            circuit c2(a, b; t[3]) { rz(t[0]) a  cnot a, b  ry(t[1]) b  cnot b, a  rx(t[2]) a }
            network noisy(classes = 2) {
                input [1, 28, 28]
                avgpool(2)                                      // 1x14x14
                quanv(k: 2, noise: device, shots: 20)           // 4x7x7
                globalavgpool dense(4) tanh
                quantum(qubits: 4, noise: device) { encode angle(ry)  qconv c2  qpool c2  measure z }
                dense(classes)
            }
            train "noisy" noisy(classes: 2) on pneumonia {
                optimizer adam(lr: 1e-2)  epochs 1  batch 16  seed 3
                metrics accuracy auc
            }
            """;

    @TempDir
    static Path tmp;
    static Path src;
    static Path out;
    static JsonNode quantum;

    @BeforeAll
    static void train() throws Exception {
        src = tmp.resolve("noisy.qnet");
        Files.writeString(src, SOURCE);
        out = tmp.resolve("run");
        Result r = qnetc("run", src.toString(), "--limit", "32", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        quantum = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).at("/provenance/quantum");
    }

    @Test
    void metricsAndReportRecordEachQuantumPartsExecution() throws Exception {
        Result check = qnetc("check", src.toString());
        assertEquals(0, check.code(), check.err());
        assertEquals(2, quantum.size(), quantum.toString());

        JsonNode quanv = quantum.get(0);
        assertEquals("quanv", quanv.get("kind").asText());
        assertEquals(4, quanv.get("qubits").asInt());
        assertEquals("device", quanv.get("noise").asText());
        assertEquals(List.of("depolarizing(p: 0.01) after two_qubit_gates", "readout(p10: 0.02, p01: 0.03)"),
                strings(quanv.get("noise_rules")));
        assertEquals("density_matrix", quanv.get("method").asText());
        assertEquals("auto: noisy, 4 <= 10 qubits", quanv.get("method_reason").asText());
        assertEquals(20, quanv.get("shots").asInt());
        String quanvLine = quanv.get("simulation").asText();
        assertTrue(quanvLine.matches("simulation \\S+: noise device, density_matrix \\(auto: noisy, 4 <= 10 qubits\\), 20 shots"),
                quanvLine);

        JsonNode stage = quantum.get(1);
        assertEquals("quantum", stage.get("kind").asText());
        assertEquals("exact", stage.get("shots").asText());
        String stageLine = stage.get("simulation").asText();
        assertTrue(stageLine.endsWith(": noise device, density_matrix (auto: noisy, 4 <= 10 qubits), exact"), stageLine);

        // the same words as check prints for each part, and the same words in report.md
        String report = Files.readString(out.resolve("report.md"));
        for (String line : List.of(quanvLine, stageLine)) {
            assertTrue(check.out().contains(line + "; state memory"), line + "\n" + check.out());
            assertTrue(report.contains(line), line + "\n" + report);
        }

        // a command-line override is what ran, so it is what the run records
        Path over = tmp.resolve("over");
        Result o = qnetc("run", src.toString(), "--limit", "32", "--set", "noise=none", "--set", "shots=7",
                "--out", over.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode q2 = new ObjectMapper().readTree(over.resolve("metrics.json").toFile()).at("/provenance/quantum");
        for (JsonNode part : q2) {
            assertEquals("none", part.get("noise").asText());
            assertEquals(0, part.get("noise_rules").size());
            assertEquals("statevector", part.get("method").asText());
            assertEquals(7, part.get("shots").asInt());
            assertTrue(part.get("simulation").asText().endsWith(": noise none, statevector (auto: noiseless), 7 shots"),
                    part.toString());
        }
    }

    /** eval --parts: the override reaches the named parts only; the others run as trained. */
    @Test
    void evalPartsOverridesOnlyTheNamedParts() {
        String quanv = quantum.get(0).get("path").asText(), stage = quantum.get(1).get("path").asText();
        String asTrained = metrics(qnetc("eval", out.toString()));   // quanv 20 shots, stage exact
        String allExact = metrics(qnetc("eval", out.toString(), "--shots", "exact"));
        assertTrue(!asTrained.equals(allExact), "20 shots on the quanvolution change the metrics: " + asTrained);
        assertEquals(asTrained, metrics(qnetc("eval", out.toString(), "--shots", "exact", "--parts", stage)));
        assertEquals(allExact, metrics(qnetc("eval", out.toString(), "--shots", "exact", "--parts", quanv)));
        assertEquals(allExact, metrics(qnetc("eval", out.toString(), "--shots", "exact", "--parts", quanv + "," + stage)));

        Result bad = qnetc("eval", out.toString(), "--shots", "10", "--parts", "quanv9");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--parts quanv9: noisy(classes: 2) has no quantum stage or quanvolution 'quanv9'")
                && bad.err().contains("(its parts: " + quanv + ", " + stage + ")"), bad.err());
    }

    /** robustness --parts: the sweep records which parts it perturbed. */
    @Test
    void robustnessRecordsItsParts() throws Exception {
        String stage = quantum.get(1).get("path").asText();
        Path sweep = tmp.resolve("sweep");
        Result r = qnetc("robustness", out.toString(), "--noise", "device", "--scale", "1", "--shots", "50", "--parts", stage,
                "--out", sweep.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(sweep.resolve("robustness.json").toFile());
        assertEquals(List.of(stage), strings(json.get("parts")));
        assertTrue(Files.readString(sweep.resolve("report.md")).contains("applied to `" + stage + "` only"));
    }

    private static String metrics(Result r) {
        assertEquals(0, r.code(), r.err());
        return r.out().lines().filter(l -> l.startsWith("accuracy ")).findFirst().orElseThrow();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
