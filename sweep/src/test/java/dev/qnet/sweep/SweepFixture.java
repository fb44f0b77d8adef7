package dev.qnet.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A tiny network on PneumoniaMNIST (examples/data) and helpers to run sweeps on it. */
final class SweepFixture {

    static final String TINY = """
            dataset pneumonia = medmnist("pneumoniamnist") { normalize }
            network tiny(classes = 2, width = 4) {
                input [1, 28, 28]
                conv(width) relu maxpool(4) globalavgpool dense(classes)
            }
            train tiny(classes: 2) on pneumonia {
                optimizer adam(lr: 1e-3)
                epochs 1
                batch 32
                seed 3
            }
            """;

    private SweepFixture() {
    }

    static Path write(Path dir) throws IOException {
        Path f = dir.resolve("tiny.qnet");
        Files.writeString(f, TINY);
        return f;
    }

    /** Result of an in-process sweep. */
    record Run(int code, String out, String err) {}

    static Run sweep(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SweepMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** A JVM with this test's class path and the Spark module openings. */
    static ProcessBuilder java(Path log, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + Path.of("spark-jvm.options").toAbsolutePath());
        cmd.add("-Djavacpp.platform.extension=-onednn-avx2");
        cmd.add("-Xss8m");
        cmd.add("-Xmx1g");
        // INFO, so a test can see the Master register the Worker and the Worker launch executors.
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    }
}
