package dev.qnet.driver.cli;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.diag.CompileException;
import dev.qnet.compiler.diag.DiagnosticPrinter;
import dev.qnet.driver.lower.ExperimentBuilder;
import dev.qnet.runtime.data.DataException;
import dev.qnet.runtime.data.DataFetcher;
import dev.qnet.runtime.data.DataLocator;
import dev.qnet.runtime.data.MedMnistCatalog;
import dev.qnet.runtime.quantum.QuantumException;
import dev.qnet.runtime.report.ReportException;
import dev.qnet.runtime.threads.ThreadBudget;
import dev.qnet.runtime.train.CheckpointException;
import dev.qnet.runtime.train.NonFiniteLossException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * What the commands that execute models (run, eval, predict, compare, data, export) share:
 * compiling with diagnostics, finding data, and turning the runtime's user-facing exceptions
 * into one-line errors with exit code 1. Only these commands touch runtime classes, so
 * {@code qnetc check} never loads ND4J.
 */
final class RuntimeSupport {

    private RuntimeSupport() {
    }

    /** Thrown after the message was printed: exit with the user-error code. */
    static final class Reported extends RuntimeException {
        Reported() {
            super(null, null, false, false);
        }
    }

    /** Compiles a file, printing diagnostics; throws {@link Reported} when it has errors. */
    static CompilationResult compile(Path file, PrintWriter err) {
        CompilationResult result;
        try {
            result = Compiler.compile(file);
        } catch (CompileException e) {
            err.println("qnetc: " + e.getMessage());
            throw new Reported();
        }
        if (!result.diagnostics().isEmpty()) {
            err.print(DiagnosticPrinter.render(result.diagnostics()));
        }
        if (!result.ok()) {
            long n = result.diagnostics().stream().filter(d -> d.isError()).count();
            err.println(n + (n == 1 ? " error" : " errors") + " in " + file);
            throw new Reported();
        }
        return result;
    }

    /**
     * $QNET_DATA, the user cache, then the repository's embedded examples/data (found relative to
     * the qnetc jar, so the quick start works from a fresh clone with no download).
     */
    static DataLocator locator() {
        List<Path> fallbacks = new ArrayList<>();
        try {
            Path jar = Path.of(RuntimeSupport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // compiler/target/qnetc.jar (or compiler/target/classes) -> repository root
            Path root = jar.getParent() == null ? null : jar.getParent().getParent();
            if (root != null && root.getParent() != null) {
                Path embedded = root.getParent().resolve("examples").resolve("data");
                if (Files.isDirectory(embedded)) {
                    fallbacks.add(embedded.toAbsolutePath().normalize());
                }
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // No code source (unusual class loader): the environment and cache still work.
        }
        Path cwdData = Path.of("examples", "data");
        if (Files.isDirectory(cwdData) && !fallbacks.contains(cwdData.toAbsolutePath().normalize())) {
            fallbacks.add(cwdData.toAbsolutePath().normalize());
        }
        return DataLocator.standard(fallbacks.toArray(Path[]::new));
    }

    /** The running command's thread budget (a training listener for run and compare). */
    private static ThreadBudget budget;

    /**
     * Runs a command body under a thread budget ({@code threads} fixed, or {@code null} for a fair
     * share of the cores); user-facing runtime exceptions become "qnetc: message" and exit 1.
     */
    static int guarded(PrintWriter err, Integer threads, Callable<Integer> body) throws Exception {
        if (threads != null && threads < 1) {
            err.println("qnetc: --threads must be at least 1, got " + threads);
            return Qnetc.USER_ERROR;
        }
        try (ThreadBudget b = threads == null ? ThreadBudget.fairShare() : ThreadBudget.fixed(threads)) {
            budget = b;
            b.apply();
            return body.call();
        } catch (Reported r) {
            return Qnetc.USER_ERROR;
        } catch (DataException | ExperimentBuilder.SetupException | CheckpointException | NonFiniteLossException
                 | QuantumException | ReportException | UncheckedIOException e) {
            err.println("qnetc: " + e.getMessage());
            return Qnetc.USER_ERROR;
        } finally {
            budget = null;
            err.flush();
        }
    }

    /** The budget of the command being run; only valid inside {@link #guarded}. */
    static ThreadBudget threadBudget() {
        return budget;
    }

    /**
     * Downloads a MedMNIST file into the cache with progress every 10% on {@code err}; returns the
     * line to print. Kept out of the command classes: picocli reflects on their methods, and
     * {@code check} must load them without the runtime on the class path.
     */
    static String fetch(String key, PrintWriter err) {
        MedMnistCatalog.Entry entry = MedMnistCatalog.require(key);
        long[] lastPercent = {-1};
        Path p = new DataFetcher(locator()).fetch(entry.flag() + (entry.size() == 28 ? "" : "_" + entry.size()), (done, total) -> {
            long pc = total > 0 ? done * 100 / total : -1;
            if (pc != lastPercent[0] && pc % 10 == 0) {
                lastPercent[0] = pc;
                err.printf(Locale.ROOT, "  %s: %d%% of %.1f MB%n", entry.fileName(), pc, total / 1e6);
                err.flush();
            }
        });
        return p + " (md5 " + entry.md5() + " verified)";
    }
}
