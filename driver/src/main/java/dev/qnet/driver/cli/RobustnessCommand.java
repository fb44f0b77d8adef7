package dev.qnet.driver.cli;

import dev.qnet.compiler.ir.NoiseIr;
import dev.qnet.driver.experiment.RobustnessReport;
import dev.qnet.driver.experiment.SavedModel;
import dev.qnet.driver.lower.ExperimentBuilder;
import dev.qnet.driver.lower.NetworkLowering;
import dev.qnet.runtime.data.DatasetSplits;
import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.metrics.Evaluation;
import dev.qnet.runtime.train.Predictor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code qnetc robustness RUN_DIR --noise SPEC --scale ... --shots ...}: a trained model evaluated
 * under a noise model at several strengths (every probability of the model times each scale,
 * capped at 1) and shot counts; writes robustness.csv, robustness.json, robustness.png and
 * report.md into {@code --out}.
 */
@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = "Evaluate a trained model over noise strengths and shot counts; writes a CSV/JSON table, a PNG and report.md.")
final class RobustnessCommand extends RuntimeCommand {

    @CommandLine.Parameters(index = "0", paramLabel = "RUN_DIR", description = "results directory written by qnetc run")
    Path dir;

    @CommandLine.Option(names = "--noise", required = true, paramLabel = "SPEC",
            description = "a noise model declared in the run's file, or rules in the same syntax")
    String noise;

    @CommandLine.Option(names = "--scale", split = ",", defaultValue = "0,0.25,0.5,1,2", paramLabel = "S,...",
            description = "noise strengths: every probability of the model times S (capped at 1); default 0,0.25,0.5,1,2")
    List<Double> scales;

    @CommandLine.Option(names = "--shots", split = ",", defaultValue = "exact", paramLabel = "N,...",
            description = "shots per expectation value, or exact; default exact")
    List<String> shots;

    @CommandLine.Option(names = "--parts", split = ",", paramLabel = "PATH,...",
            description = "apply --noise/--shots only to these quantum stages and quanvolutions (paths as qnetc check prints them,"
                    + " e.g. quanv2); the others run as trained (exact, under the noise they were trained with). Default: all")
    List<String> parts;

    @CommandLine.Option(names = "--split", defaultValue = "test", description = "test (default), val or train")
    String split;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for the table, chart and report")
    Path out;

    @Override
    int execute(PrintWriter stdout, PrintWriter err) throws Exception {
        SavedModel.Loaded base = SavedModel.load(dir);
        NoiseIr model = NoiseOptions.model(base.compiled().program(), noise, err);
        for (double s : scales) {
            if (!(s >= 0)) throw new ExperimentBuilder.SetupException("--scale " + s + ": a noise strength must be >= 0");
        }
        List<String> only = List.copyOf(new java.util.TreeSet<>(NoiseOptions.parts(parts, base.train().network())));
        List<Integer> shotCounts = new ArrayList<>();
        for (String s : shots) shotCounts.add(NoiseOptions.shots(s));
        DatasetSplits d = ExperimentBuilder.loadData(base.train(), base.overrides(), RuntimeSupport.locator(),
                base.compiled().source().path().toAbsolutePath().getParent(), base.config().seed());
        ExperimentBuilder.checkFits(base.train().network(), d);
        LabeledImages images = switch (split) {
            case "test" -> d.test();
            case "val" -> d.val();
            case "train" -> d.train();
            default -> throw new ExperimentBuilder.SetupException("--split " + split + ": expected test, val or train");
        };
        List<RobustnessReport.Row> rows = new ArrayList<>();
        for (int s : shotCounts) {
            for (double scale : scales) {
                SavedModel.Loaded m = SavedModel.load(dir, new NetworkLowering.ExecutionOverride(model.scaled(scale), s, java.util.Set.copyOf(only), null));
                float[][] p = Predictor.probabilities(m.model(), images, m.config().batchSize(), m.transform()).toFloatMatrix();
                Evaluation e = Evaluation.of(images.labels(), p, m.positive(), images.classNames());
                rows.add(new RobustnessReport.Row(scale, s, e.accuracy(), e.rocAuc(), e.logLoss(), e.count()));
                stdout.printf(Locale.ROOT, "scale %-6s shots %-6s accuracy %.4f  auc %.4f  loss %.4f%n", RobustnessReport.num(scale),
                        s == 0 ? "exact" : String.valueOf(s), e.accuracy(), e.rocAuc(), e.logLoss());
                stdout.flush();
            }
        }
        RobustnessReport.write(out, new RobustnessReport.Sweep(base.train().title(), d.name(), split, model, List.copyOf(only), rows));
        stdout.println("wrote " + out);
        stdout.flush();
        return Qnetc.OK;
    }
}
