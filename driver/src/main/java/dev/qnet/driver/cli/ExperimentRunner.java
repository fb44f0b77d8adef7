package dev.qnet.driver.cli;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.ablate.Ablation;
import dev.qnet.compiler.ablate.Variant;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.driver.experiment.Experiment;
import dev.qnet.driver.experiment.ExperimentPlan;
import dev.qnet.driver.experiment.SavedModel;
import dev.qnet.driver.lower.ExperimentBuilder;
import dev.qnet.runtime.threads.ThreadBudget;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * One experiment into one results directory, exactly as {@code qnetc run} does it: plan (data,
 * lowered model, provenance, saved-model artifacts), log line, train, evaluate, report. Public so
 * that {@code qnetc sweep} runs each trial through the same code path.
 */
public final class ExperimentRunner {

    private ExperimentRunner() {
    }

    /**
     * Plans and runs one experiment in {@code dir} (continuing its checkpoint when {@code resume}),
     * logging to {@code log}; {@code threads} is re-checked while training ({@code null}: unchanged).
     */
    public static Experiment.Outcome run(CompilationResult compiled, TrainIr train, ExperimentBuilder.Overrides overrides,
                                         Path dir, boolean resume, PrintStream log, ThreadBudget threads) {
        return run(compiled, train, null, overrides, dir, resume, log, threads);
    }

    /**
     * Like the other form, for the network of an ablation {@code variant} of the train section
     * {@code fileTrain} ({@code null} or the model itself: the file's network).
     */
    public static Experiment.Outcome run(CompilationResult compiled, TrainIr fileTrain, Variant variant,
                                         ExperimentBuilder.Overrides overrides, Path dir, boolean resume, PrintStream log,
                                         ThreadBudget threads) {
        return run(compiled, fileTrain, variant, overrides, dir, resume, null, log, threads);
    }

    /**
     * Like the other forms; a non-null {@code init} starts the model from the trained weights of
     * that finished run instead of its seeded initialisation ({@code qnetc run --init}), recorded
     * in the provenance. A resumed run ignores it: its checkpoint already holds the weights.
     */
    public static Experiment.Outcome run(CompilationResult compiled, TrainIr fileTrain, Variant variant,
                                         ExperimentBuilder.Overrides overrides, Path dir, boolean resume, Path init,
                                         PrintStream log, ThreadBudget threads) {
        boolean ablated = variant != null && !variant.isModel();
        TrainIr train = ablated ? Ablation.train(fileTrain, variant) : fileTrain;
        ExperimentPlan p = ExperimentBuilder.plan(compiled, train, overrides, RuntimeSupport.locator(), Map.of(),
                ablated ? variant.frozen() : Set.of());
        // The saved model records the class names, known only once the data is loaded.
        p = p.withArtifacts(SavedModel.artifacts(compiled, fileTrain, ablated ? variant.kind() : null, overrides,
                p.data().train().classNames()));
        if (init != null && !resume) {
            SavedModel.initialise(p.model(), init);
            p = p.withProvenance("init", init.toString());
            log.println(p.name() + ": weights start from the trained model in " + init);
        }
        if (ablated) {
            variant.changes().forEach(c -> log.println(variant.name() + ": " + c));
        }
        log.printf("%s: %s on %s (%d train / %d val / %d test), %,d parameters (%,d quantum), %d epochs, batch %d%s%n",
                p.name(), train.network().title(), p.data().name(), p.config().limit() > 0
                        ? Math.min(p.config().limit(), p.data().train().size()) : p.data().train().size(),
                p.data().val().size(), p.data().test().size(), p.params().total(), p.params().quantum(),
                p.config().epochs(), p.config().batchSize(), threads == null ? "" : ", threads " + threads.describe());
        return Experiment.run(p, dir, resume, log, threads);
    }
}
