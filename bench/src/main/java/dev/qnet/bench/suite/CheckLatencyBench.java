package dev.qnet.bench.suite;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Wall time of {@code ./qnetc check FILE} as a user runs it (the bash launcher, JVM start, parse,
 * resolve, shape check, table output), on examples/resnet50.qnet and on a generated 10,000-line file.
 * One untimed run first lets the launcher finish any rebuild and record its class-data archive.
 */
public final class CheckLatencyBench {

    /** One unit of the generated file: a circuit, a residual block and a hybrid network using both. */
    private static final String UNIT = """
            // generated unit @
            circuit ent@(a, b; t[3]) {
                rz(t[0]) a
                cnot a, b
                ry(t[1]) b
                cnot b, a
                rz(t[2]) a
            }

            block bottle@(width, stride = 1) {
                residual {
                    conv(width, k: 1) bn relu
                    conv(width, k: 3, stride: stride) bn relu
                    conv(width * 4, k: 1) bn
                }
                relu
            }

            network net@(classes = 2) {
                input [1, 28, 28]
                conv(8) bn relu maxpool(2)
                bottle@(4)
                bottle@(8, stride: 2)
                globalavgpool
                dense(4) tanh
                quantum(qubits: 4) {
                    encode angle(ry)
                    qconv ent@  qpool ent@
                    measure z
                }
                dense(classes)
            }

            """;

    private CheckLatencyBench() {
    }

    /** Writes a .qnet file of exactly {@code lines} lines (whole units, then comment lines) into {@code dir}. */
    public static Path generate(Path dir, int lines) {
        StringBuilder b = new StringBuilder();
        int unitLines = (int) UNIT.lines().count();
        int written = 0;
        for (int i = 1; written + unitLines <= lines; i++) {
            b.append(UNIT.replace("@", Integer.toString(i)));
            written += unitLines;
        }
        while (written < lines) {
            b.append("// padding to ").append(lines).append(" lines\n");
            written++;
        }
        Path file = dir.resolve("generated_" + lines + ".qnet");
        try {
            Files.writeString(file, b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Times {@code reps} runs of the check; a check that fails (exit code, diagnostics) is an error, not a number. */
    public static ObjectNode measure(Proc proc, Path file, int reps) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("file", proc.root().relativize(file.toAbsolutePath()).toString().startsWith("..") ? file.toString()
                : proc.root().relativize(file.toAbsolutePath()).toString());
        try {
            o.put("lines", Files.readAllLines(file).size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = List.of("./qnetc", "check", file.toString());
        Proc.Result warm = proc.run(cmd, Map.of(), 900);
        if (!warm.ok()) {
            o.put("error", "qnetc check failed (exit " + warm.exitCode() + "): " + warm.tail());
            return o;
        }
        double[] s = new double[reps];
        for (int i = 0; i < reps; i++) {
            Proc.Result r = proc.run(cmd, Map.of(), 120);
            if (!r.ok()) {
                o.put("error", "qnetc check failed (exit " + r.exitCode() + "): " + r.tail());
                return o;
            }
            s[i] = r.seconds();
        }
        Stats st = Stats.of(s);
        o.put("reps", reps);
        o.put("min_s", round(st.min()));
        o.put("median_s", round(st.median()));
        o.put("max_s", round(st.max()));
        var all = o.putArray("seconds");
        for (double v : s) {
            all.add(round(v));
        }
        return o;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
