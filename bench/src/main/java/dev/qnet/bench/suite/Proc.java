package dev.qnet.bench.suite;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one child process (a benchmark JVM, the PyTorch peer, the {@code qnetc} launcher) from the
 * repository root with stdout and stderr captured to files, so a benchmark's own progress output
 * never mixes with the runner's and a failure can be reported with the tail of its log.
 */
public final class Proc {

    /** What a finished child left behind. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr, double seconds) {

        public boolean ok() {
            return exitCode == 0;
        }

        /** The last lines of stderr (then stdout), for a one-paragraph failure message. */
        public String tail() {
            String s = stderr.isBlank() ? stdout : stderr;
            String[] lines = s.strip().split("\n");
            int from = Math.max(0, lines.length - 6);
            return String.join(" / ", List.of(lines).subList(from, lines.length)).strip();
        }
    }

    private final Path root;
    private final Path logDir;
    private int counter;

    public Proc(Path root, Path logDir) {
        this.root = root;
        this.logDir = logDir;
    }

    public Path root() {
        return root;
    }

    /** Runs {@code command}; a child still running after {@code timeoutSeconds} is killed with its descendants. */
    public Result run(List<String> command, Map<String, String> env, double timeoutSeconds) {
        int id = ++counter;
        File out = logDir.resolve(id + ".out").toFile();
        File err = logDir.resolve(id + ".err").toFile();
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        try {
            Process p = pb.start();
            boolean done = p.waitFor((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                return new Result(command, 124, read(out), read(err) + "\ntimed out after " + (int) timeoutSeconds + " s", seconds);
            }
            return new Result(command, p.exitValue(), read(out), read(err), seconds);
        } catch (IOException e) {
            return new Result(command, 127, "", "cannot start " + command.get(0) + ": " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(command, 130, "", "interrupted", 0);
        }
    }

    private static String read(File f) {
        try {
            return Files.readString(f.toPath());
        } catch (IOException e) {
            return "";
        }
    }
}
