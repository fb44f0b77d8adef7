package dev.qnet.driver.experiment;

import dev.qnet.runtime.data.Augmentation;
import dev.qnet.runtime.data.Augmentations;
import dev.qnet.runtime.data.Normalize;
import dev.qnet.runtime.metrics.Evaluation;
import dev.qnet.runtime.report.HistoryRow;
import dev.qnet.runtime.report.RunReport;
import dev.qnet.runtime.report.RunResult;
import dev.qnet.runtime.train.BatchTransform;
import dev.qnet.runtime.train.CheckpointException;
import dev.qnet.runtime.train.ModelCheckpoint;
import dev.qnet.runtime.train.Predictor;
import dev.qnet.runtime.train.ProgressBarListener;
import dev.qnet.runtime.threads.ThreadBudget;
import dev.qnet.runtime.train.Trainer;
import dev.qnet.runtime.train.TrainingListener;
import dev.qnet.runtime.train.TrainingResult;
import dev.qnet.runtime.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training run from plan to results directory: train with checkpoints, evaluate the best
 * weights on the test split, write the report and the saved model.
 *
 * <p>The results directory only ever holds a resumable run (its checkpoint) or a finished one:
 * a run that fails before finishing removes the directory it created, and an interrupted run
 * (Ctrl-C) keeps just its checkpoint so {@code --resume DIR} can continue it. Every file is
 * written to a temporary name and renamed into place, so a crash (even SIGKILL) can leave a
 * stale temporary beside the files but never a half-written file under a real name; the next
 * run in the directory removes those temporaries ({@link #isTemporary}).
 */
public final class Experiment {

    /** Checkpoint of a run in progress, relative to the results directory. */
    public static final String CHECKPOINT = "checkpoint.qnetckpt";

    private Experiment() {
    }

    /** The outcome: the report data, or {@code null} result when interrupted (checkpoint kept). */
    public record Outcome(RunResult result, boolean interrupted, Path dir) {}

    public static Outcome run(ExperimentPlan plan, Path dir, boolean resume, PrintStream log) {
        return run(plan, dir, resume, log, null);
    }

    /**
     * Like {@link #run(ExperimentPlan, Path, boolean, PrintStream)}, re-checking {@code threads}
     * while training (so a fair share follows the jobs that start and end); {@code null} keeps the
     * threads as they are.
     */
    public static Outcome run(ExperimentPlan plan, Path dir, boolean resume, PrintStream log, ThreadBudget threads) {
        if (resume) {
            String why = notResumable(dir);
            if (why != null) {
                // Never fall back to a fresh run: the user asked to continue one.
                throw new CheckpointException(why);
            }
        }
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
            removeTemporaries(dir);
            return runIn(plan, dir, resume, log, threads);
        } catch (IOException e) {
            cleanUp(dir, created);
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            cleanUp(dir, created);
            throw e;
        }
    }

    private static Outcome runIn(ExperimentPlan plan, Path dir, boolean resume, PrintStream log, ThreadBudget threads)
            throws IOException {
        Normalize normalize = plan.normalize() ? Normalize.fromTrain(plan.data().train()) : null;
        BatchTransform transform = transform(plan.augment(), normalize);
        ModelCheckpoint checkpoint = new ModelCheckpoint(dir.resolve(CHECKPOINT));
        LiveHistory history = new LiveHistory(dir.resolve(RunReport.HISTORY));
        List<TrainingListener> listeners = new ArrayList<>(List.of(new ProgressBarListener(log), history));
        if (threads != null) {
            listeners.add(threads);
        }
        Trainer trainer = new Trainer(plan.config(), transform, listeners, checkpoint);

        // Ctrl-C: ask the trainer to stop at the next batch; the last epoch's checkpoint is on disk.
        // The hook waits until training has stopped and the message is printed, not for the main
        // thread to end: main goes on to System.exit, which blocks while the JVM shuts down.
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                stopped.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "qnet-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        TrainingResult tr;
        try {
            if (resume) {
                TrainingState state = checkpoint.load();
                history.resumeFrom(state.history());
                log.printf("resuming %s after epoch %d%n", dir, state.epochsDone());
                tr = trainer.resume(plan.model(), plan.data(), state);
            } else {
                tr = trainer.train(plan.model(), plan.data());
            }
        } catch (RuntimeException | Error e) {
            stopped.countDown();
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The JVM is exiting because of Ctrl-C: the hook is running and waits for us.
            }
        }
        if (tr.interrupted()) {
            log.printf("interrupted: the checkpoint of the last finished epoch is in %s; continue with --resume %s%n",
                    dir.resolve(CHECKPOINT), dir);
            log.flush();
            stopped.countDown();
            return new Outcome(null, true, dir);
        }

        long evalStart = System.nanoTime();
        INDArray probs = Predictor.probabilities(plan.model(), plan.data().test(), plan.config().batchSize(), transform);
        float[][] p = probs.toFloatMatrix();
        Evaluation test = Evaluation.of(plan.data().test().labels(), p, plan.positiveClass(),
                plan.data().test().classNames());
        List<HistoryRow> rows = LiveHistory.rows(tr.history());
        Map<String, Object> provenance = new LinkedHashMap<>(plan.provenance());
        provenance.put("best_epoch", tr.bestEpoch());
        provenance.put("stopped_early", tr.stoppedEarly());
        if (normalize != null) {
            provenance.put("normalization", normalize.toString());
        }
        // Wall time of all epochs (including those before a resume) plus the test evaluation.
        double seconds = rows.stream().mapToDouble(HistoryRow::seconds).sum() + (System.nanoTime() - evalStart) / 1e9;
        RunResult result = new RunResult(plan.name(), plan.config().seed(), rows, test, plan.params(), seconds,
                provenance);

        SavedModel.write(plan, dir, tr, normalize);
        RunReport.write(dir, result);
        Files.deleteIfExists(dir.resolve(CHECKPOINT));
        return new Outcome(result, false, dir);
    }

    /**
     * Why {@code --resume dir} cannot continue, as a one-line message, or null when it has a
     * checkpoint. Cheap (no runtime classes), so the CLI can answer before loading anything.
     */
    public static String notResumable(Path dir) {
        if (!Files.isDirectory(dir)) {
            return dir + ": no such run directory to resume";
        }
        if (Files.isRegularFile(dir.resolve(CHECKPOINT))) {
            return null;
        }
        if (Files.isRegularFile(dir.resolve(RunReport.METRICS))) {
            return dir + " is a finished run (it has " + RunReport.METRICS + "); there is nothing to resume";
        }
        if (holdsNoRun(dir)) {
            return dir + " has no checkpoint to resume: the run stopped before its first epoch was saved;"
                    + " start it again with --out " + dir;
        }
        return dir + " has no " + CHECKPOINT + "; it is not an interrupted qnet run";
    }

    /**
     * True when {@code dir} may receive a new run: it does not exist, is empty, or holds only what a
     * run killed before its first checkpoint leaves behind (the live history.csv and temporaries).
     */
    public static boolean holdsNoRun(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString())
                    .allMatch(name -> name.equals(RunReport.HISTORY) || isTemporary(name));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Names of the temporaries the writers of a results directory use before renaming into place
     * (AtomicFiles' {@code .<name>.<n>.tmp} of the checkpoint and of history.csv, and the model's
     * staging directory {@code .model.tmp-*} from AtomicDirectory); one that exists when no run is
     * writing is left over from a crash. Other files are never taken for temporaries, so none is deleted.
     */
    public static boolean isTemporary(String name) {
        return name.endsWith(".tmp") && (name.contains(CHECKPOINT) || name.contains(RunReport.HISTORY))
                || name.startsWith("." + Path.of(SavedModel.WEIGHTS).getParent() + ".tmp-");
    }

    /** Removes temporaries left in (and, for the report, beside) {@code dir} by a run that crashed. */
    private static void removeTemporaries(Path dir) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(f -> isTemporary(f.getFileName().toString())).forEach(stale::add);
        }
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.getParent() != null && abs.getFileName() != null) {
            // RunReport's AtomicDirectory stages beside the target, as ".<dir>.tmp-<random>".
            String prefix = "." + abs.getFileName() + ".tmp-";
            try (Stream<Path> s = Files.list(abs.getParent())) {
                s.filter(f -> f.getFileName().toString().startsWith(prefix)).forEach(stale::add);
            }
        }
        for (Path f : stale) {
            FileUtils.deleteQuietly(f.toFile());
        }
    }

    /** Augmentation (training only) first, then normalisation (always), as one per-batch transform. */
    public static BatchTransform transform(List<Augmentation> augment, Normalize normalize) {
        List<Augmentation> steps = new ArrayList<>(augment);
        if (normalize != null) {
            steps.add(normalize);
        }
        if (steps.isEmpty()) {
            return BatchTransform.IDENTITY;
        }
        Augmentations composed = Augmentations.compose(steps);
        return composed::apply;
    }

    private static void cleanUp(Path dir, boolean created) {
        // Best effort: the error being reported matters more than leftovers.
        if (created) {
            FileUtils.deleteQuietly(dir.toFile());
        }
    }
}
