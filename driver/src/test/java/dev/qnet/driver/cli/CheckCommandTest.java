package dev.qnet.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qnet.driver.cli.Qnetc;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check subcommand: output, exit codes, JSON, and that it loads no ND4J class. */
class CheckCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Qnetc.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static String example(String name) { return RepoRoot.path().resolve("examples/" + name).toString(); }

    @Test
    void checkPrintsTotalsAndSettings() {
        Run r = run("check", example("resnet50.qnet"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("total params: 23,503,298"), r.out());
        assertTrue(r.out().contains("step(every: 20, factor: 0.1)"), r.out());
        Run q = run("check", example("qcnn.qnet"));
        assertEquals(0, q.code(), q.err());
        assertTrue(q.out().contains("quantum circuit 60"), q.out());
        assertTrue(q.out().contains("qubits: 8"), q.out());
    }

    @Test
    void theFrozenVariantsTableMarksTheFrozenStage() {
        Run r = run("check", "--ablate", "quantum", example("study/qcnn.qnet"));
        assertEquals(0, r.code(), r.err());
        String frozen = r.out().substring(r.out().indexOf("network qcnn/frozen"));
        // The study QCNN's 8-qubit stage has 57 angles (hand-counted in AblationTest); the quanvolution none.
        assertTrue(frozen.lines().anyMatch(l -> l.strip().startsWith("quantum13 ") && l.endsWith(" 57 frozen")), frozen);
        assertTrue(frozen.contains("total params: 5,568 (classical 5,568, quantum circuit 0; 57 frozen, not counted)"), frozen);
        // Only the frozen variant says so.
        String model = r.out().substring(0, r.out().indexOf("ablate quantum of"));
        assertFalse(model.contains("frozen"), model);
    }

    @Test
    void jsonOutput() throws Exception {
        Run r = run("check", "--json", example("qcnn.qnet"));
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode net = root.get("networks").get(0);
        assertEquals(200, net.get("params").asLong());
        assertEquals(60, net.get("circuitParams").asLong());
        assertEquals(8, net.get("qubits").asInt());
        assertEquals("adam", root.get("trains").get(0).get("settings").get("optimizer").asText().substring(0, 4));
    }

    @Test
    void quanvolutionTableAndJsonWarnings(@TempDir Path dir) throws Exception {
        Run q = run("check", example("quanvolution.qnet"));
        assertEquals(0, q.code(), q.err());
        assertTrue(q.out().contains("quanv 2x2 s2, 4 qubits, random 1 layer seed 0  [4, 14, 14]"), q.out());
        assertTrue(q.out().contains("total params: 5,354 (classical 5,346, quantum circuit 8)"), q.out());

        // a program with only warnings checks (exit 0); --json lists the warnings
        Path warn = dir.resolve("warn.qnet");
        Files.writeString(warn, "network n {\n    input [2]\n    quantum(qubits: 2) { encode angle(ry)  measure z }\n}\n");
        Run r = run("check", "--json", warn.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: the measured output of this quantum stage"), r.err());
        JsonNode d = new ObjectMapper().readTree(r.out()).get("diagnostics").get(0);
        assertEquals("qnet.quantum.output", d.get("key").asText());
        assertEquals("warning", d.get("severity").asText());
    }

    @Test
    void userErrorsExitWithOneAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.qnet");
        Files.writeString(bad, "network n {\n    input [4]\n    dense(2) relu6\n}\n");
        Run r = run("check", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.qnet:3:14: error: unknown layer or block 'relu6'"), r.err());
        assertTrue(r.err().contains("hint: did you mean 'relu'?"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(1, run("check", dir.resolve("missing.qnet").toString()).code());
        assertEquals(1, run("check", dir.toString()).code());
        assertEquals(1, run("frobnicate").code());
        assertEquals(0, run("--help").code());
        assertEquals(0, run("--version").code());
    }

    /**
     * A fresh JVM with -verbose:class on a class path without the runtime module, ND4J or JavaCPP
     * (as the launcher runs {@code check}): it must work and load none of their classes.
     */
    @Test
    void checkRunsWithoutTheRuntimeOnTheClassPath() throws Exception {
        String frontEnd = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("/org/nd4j/") && !e.contains("/org/bytedeco/") && !e.contains("qnet-runtime")
                        && !e.replace('\\', '/').contains("/runtime/target/"))
                .collect(Collectors.joining(File.pathSeparator));
        assertFalse(frontEnd.contains("nd4j"), frontEnd);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", frontEnd, Qnetc.class.getName(), "check", "--ablate", "quantum",
                example("resnet50.qnet"), example("qcnn.qnet"), example("study/qcnn.qnet")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output.lines().filter(l -> !l.contains("[class,load]")).toList().toString());
        assertTrue(output.contains("dev.qnet.driver.cli.Qnetc"), "class loading was not logged");
        assertTrue(output.contains("variant qcnn/classical-stage") && output.contains("variant qcnn/frozen"),
                "check --ablate shows the stand-in networks");
        List<String> nd4j = output.lines().filter(l -> l.contains("[class,load] org.nd4j") || l.contains("[class,load] org.bytedeco")).toList();
        assertTrue(nd4j.isEmpty(), "ND4J classes loaded by check: " + nd4j);
    }
}
