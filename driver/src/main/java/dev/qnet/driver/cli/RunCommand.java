package dev.qnet.driver.cli;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.ablate.Ablation;
import dev.qnet.compiler.ablate.AblationTarget;
import dev.qnet.compiler.ablate.Variant;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.driver.experiment.Experiment;
import dev.qnet.driver.lower.ExperimentBuilder;
import dev.qnet.runtime.metrics.Evaluation;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code qnetc run FILE}: train, evaluate and save one train section; write its results directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train and evaluate a train section of a .qnet file; write metrics, curves, report and model.")
final class RunCommand extends RuntimeCommand {

    @CommandLine.Parameters(index = "0", paramLabel = "FILE", description = "the .qnet file")
    Path file;

    @CommandLine.Mixin
    RunOptions options = new RunOptions();

    @CommandLine.Option(names = "--out", paramLabel = "DIR", description = "results directory (default: results/<train>-<time>);"
            + " with --ablate, the directory that holds one results directory per variant")
    Path out;

    @CommandLine.Option(names = "--resume", paramLabel = "DIR",
            description = "continue an interrupted run from its checkpoint (use the same options)")
    Path resume;

    @CommandLine.Option(names = "--init", paramLabel = "RUN_DIR",
            description = "start from the trained weights of a finished run of the same network (fine-tuning, e.g."
                    + " under a noise model) instead of the seeded initialisation")
    Path init;

    @Override
    int execute(PrintWriter outw, PrintWriter err) throws Exception {
        // Before compiling or loading data: a run directory that cannot be resumed is told at once.
        if (resume != null && Experiment.notResumable(resume) != null) {
            err.println("qnetc: " + Experiment.notResumable(resume));
            return Qnetc.USER_ERROR;
        }
        AblationTarget ablation = options.ablation();
        if (ablation != null && resume != null) {
            err.println("qnetc: --ablate and --resume cannot be combined; resume each variant's directory on its own");
            return Qnetc.USER_ERROR;
        }
        if (init != null && (resume != null || ablation != null)) {
            err.println("qnetc: --init cannot be combined with " + (resume != null ? "--resume (the checkpoint holds the"
                    + " weights)" : "--ablate (the stand-ins have other parameters)"));
            return Qnetc.USER_ERROR;
        }
        CompilationResult compiled = RuntimeSupport.compile(file, options.arguments, err);
        TrainIr train = ExperimentBuilder.select(compiled.program(), options.train, file.toString());
        if (ablation != null) {
            return ablate(compiled, train, ablation, outw, err);
        }
        Path dir = resume != null ? resume : out != null ? out : defaultDir(train);
        // A directory left by a run killed before its first checkpoint holds nothing worth keeping.
        if (resume == null && !Experiment.holdsNoRun(dir)) {
            err.println("qnetc: " + dir + " already exists and is not empty; choose another --out or --resume it");
            return Qnetc.USER_ERROR;
        }
        Experiment.Outcome o = execute(compiled, train, null, options.overrides(), dir, resume != null, init, err);
        if (o.interrupted()) {
            return 130;
        }
        printSummary(outw, o);
        return Qnetc.OK;
    }

    /**
     * {@code run --ablate}: the model and each stand-in variant, one results directory each under
     * {@code --out} (named by {@link #runName}), same settings and seed.
     */
    private int ablate(CompilationResult compiled, TrainIr train, AblationTarget ablation, PrintWriter outw,
                       PrintWriter err) {
        Path parent = out != null ? out : defaultDir(train);
        List<Variant> variants = Ablation.variants(train.network(), ablation);
        for (Variant v : variants) {
            Path dir = parent.resolve(runName(train, v));
            if (!Experiment.holdsNoRun(dir)) {
                err.println("qnetc: " + dir + " already exists and is not empty; choose another --out");
                return Qnetc.USER_ERROR;
            }
        }
        for (Variant v : variants) {
            Experiment.Outcome o = execute(compiled, train, v, options.overrides(), parent.resolve(runName(train, v)), false, err);
            if (o.interrupted()) {
                return 130;
            }
            outw.println(Ablation.train(train, v).title() + ":");
            printSummary(outw, o);
        }
        return Qnetc.OK;
    }

    /**
     * The name of a run's directory: its train section's title, or for an ablation's variant the
     * variant's title ({@code breast-b23}, {@code breast-b23-classical}, ...), so a directory is
     * named as its row of Table 1 ({@code breast-b23/classical}) and not after the network.
     */
    static String runName(TrainIr train, Variant v) {
        String title = v == null ? train.title() : Ablation.train(train, v).title();
        return title.replace('/', '-').replaceAll("[^A-Za-z0-9_.-]+", "-");
    }

    /** Plans and runs one experiment (shared with compare). */
    static Experiment.Outcome execute(CompilationResult compiled, TrainIr train, ExperimentBuilder.Overrides overrides,
                                      Path dir, boolean resume, PrintWriter err) {
        return execute(compiled, train, null, overrides, dir, resume, err);
    }

    /**
     * Plans and runs one experiment of the train section {@code fileTrain} with the network of
     * {@code variant} ({@code null} or the model itself: the file's network).
     */
    static Experiment.Outcome execute(CompilationResult compiled, TrainIr fileTrain, Variant variant,
                                      ExperimentBuilder.Overrides overrides, Path dir, boolean resume, PrintWriter err) {
        return execute(compiled, fileTrain, variant, overrides, dir, resume, null, err);
    }

    /** Like the other form; a non-null {@code init} starts from that finished run's weights ({@code --init}). */
    private static Experiment.Outcome execute(CompilationResult compiled, TrainIr fileTrain, Variant variant,
                                              ExperimentBuilder.Overrides overrides, Path dir, boolean resume, Path init,
                                              PrintWriter err) {
        PrintStream log = new PrintStream(new WriterOutputStream(err), true);
        return ExperimentRunner.run(compiled, fileTrain, variant, overrides, dir, resume, init, log,
                RuntimeSupport.threadBudget());
    }

    static void printSummary(PrintWriter out, Experiment.Outcome o) {
        Evaluation e = o.result().test();
        out.printf(Locale.ROOT, "test (%d images, %s): accuracy %.4f  precision %.4f  recall %.4f  f1 %.4f  auc %.4f%n",
                e.count(), e.averaging(), e.accuracy(), e.precision(), e.recall(), e.f1(), e.rocAuc());
        out.printf(Locale.ROOT, "%d epochs in %.1f s (%.1f s/epoch); results in %s%n", o.result().epochs(),
                o.result().totalSeconds(), o.result().secondsPerEpoch(), o.dir());
        out.flush();
    }

    static Path defaultDir(TrainIr train) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String name = train.network().name().replaceAll("[^A-Za-z0-9_.-]+", "-");
        return Path.of("results", name + "-" + stamp);
    }
}
