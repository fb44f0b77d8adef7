package dev.qnet.sweep;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.diag.DiagnosticPrinter;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.driver.cli.ExperimentRunner;
import dev.qnet.driver.experiment.Experiment;
import dev.qnet.driver.lower.ExperimentBuilder;
import dev.qnet.runtime.report.RunResults;
import dev.qnet.runtime.threads.ThreadBudget;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.TaskContext;

/**
 * One trial on an executor: the same code path as {@code qnetc run} ({@link ExperimentRunner}) into
 * {@code trials/ID/}, continuing its checkpoint if a killed sweep left one. Never throws: a failure
 * (a NaN loss, out of memory, bad data) comes back as a {@link TrialOutcome}, so Spark neither
 * retries it nor fails the other trials.
 */
final class TrialTask {

    private TrialTask() {
    }

    static TrialOutcome run(SweepJob job, Trial t) {
        long start = System.nanoTime();
        Path dir = job.trialDir(t);
        Path out = Path.of(job.out());
        if (RunResults.isResultsDir(dir)) {
            return new TrialOutcome(t.id(), TrialOutcome.Status.FINISHED, null, 0);
        }
        try {
            Files.createDirectories(SweepLayout.log(out, t.id()).getParent());
            try (OutputStream file = Files.newOutputStream(SweepLayout.log(out, t.id()), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND); PrintStream log = new PrintStream(file, true, StandardCharsets.UTF_8)) {
                return runLogged(job, t, dir, log, start);
            }
        } catch (Throwable e) {
            // OutOfMemoryError included: the trial is lost, the executor and the other trials go on.
            return TrialOutcome.failed(t.id(), describe(e), seconds(start));
        }
    }

    private static TrialOutcome runLogged(SweepJob job, Trial t, Path dir, PrintStream log, long start) {
        int threads = job.threads() > 0 ? job.threads()
                : TaskContext.get() != null ? Math.max(1, TaskContext.get().cpus()) : 1;
        // OpenMP's count is per thread: apply it on the thread that trains, which is this task's.
        ThreadBudget budget = ThreadBudget.fixed(threads);
        budget.apply();
        CompilationResult compiled = Compiler.compile(Path.of(job.file()), t.arguments());
        if (!compiled.ok()) {
            String text = DiagnosticPrinter.render(compiled.diagnostics());
            log.print(text);
            return TrialOutcome.failed(t.id(), firstLine(text), seconds(start));
        }
        TrainIr train = ExperimentBuilder.select(compiled.program(), job.train(), job.file());
        boolean resume = Files.isRegularFile(dir.resolve(Experiment.CHECKPOINT));
        if (!resume && !Experiment.holdsNoRun(dir)) {
            return TrialOutcome.failed(t.id(), dir + " holds files that are not a qnet run; remove it", seconds(start));
        }
        Experiment.Outcome o = ExperimentRunner.run(compiled, train, overrides(t), dir, resume, log, budget);
        if (o.interrupted()) {
            return new TrialOutcome(t.id(), TrialOutcome.Status.INTERRUPTED, null, seconds(start));
        }
        return new TrialOutcome(t.id(), TrialOutcome.Status.FINISHED, null, seconds(start));
    }

    /** The trial's settings as the overrides {@code qnetc run --set ...} would build. */
    static ExperimentBuilder.Overrides overrides(Trial t) {
        Map<String, String> m = new LinkedHashMap<>(t.settings());
        m.put("seed", Long.toString(t.seed()));
        try {
            return ExperimentBuilder.Overrides.fromMap(m);
        } catch (NumberFormatException e) {
            throw new ExperimentBuilder.SetupException("epochs, batch, limit and seed take whole numbers: " + m);
        }
    }

    static String describe(Throwable e) {
        // The runtime's user-facing exceptions carry a complete sentence; others are named.
        String m = e.getMessage();
        boolean userFacing = e.getClass().getName().startsWith("dev.qnet.") || e instanceof IOException;
        return firstLine(userFacing && m != null ? m : e.toString());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
