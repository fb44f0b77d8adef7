package dev.qnet.driver.cli;

import dev.qnet.driver.experiment.SavedModel;
import dev.qnet.driver.lower.ExperimentBuilder;
import dev.qnet.runtime.data.DatasetSplits;
import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.metrics.DecisionThreshold;
import dev.qnet.runtime.metrics.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code qnetc eval RUN_DIR}: rebuild a trained model from its results directory and evaluate it. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a trained model (a results directory of `qnetc run`) on a split of its dataset.")
final class EvalCommand extends RuntimeCommand {

    @CommandLine.Parameters(index = "0", paramLabel = "RUN_DIR", description = "results directory written by qnetc run")
    Path dir;

    @CommandLine.Option(names = "--split", defaultValue = "test", description = "test (default), val or train")
    String split;

    @CommandLine.Option(names = "--data", paramLabel = "NAME", description = "evaluate on another dataset with the same image shape and classes")
    String data;

    @CommandLine.Option(names = "--noise", paramLabel = "SPEC", description = "run every quantum stage under a noise model: "
            + "a model declared in the run's file, none, or rules in the same syntax, e.g. "
            + "'depolarizing(p: 0.01) after two_qubit_gates; readout(p10: 0.02, p01: 0.02)'")
    String noise;

    @CommandLine.Option(names = "--shots", paramLabel = "N", description = "shots per expectation value for every quantum stage, or exact")
    String shots;

    @CommandLine.Option(names = "--parts", split = ",", paramLabel = "PATH,...",
            description = "apply --noise/--shots only to these quantum stages and quanvolutions (paths as qnetc check prints them,"
                    + " e.g. quanv2); the others run as trained. Default: all")
    List<String> parts;

    @CommandLine.Option(names = "--threshold", paramLabel = "val|T",
            description = "two-class models: also score the split with the decision at a threshold of the positive class's"
                    + " probability instead of the arg-max, either T in [0, 1] or val: the most accurate cut on the"
                    + " validation split (under the same --noise and --shots)")
    String threshold;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws Exception {
        SavedModel.Loaded m = SavedModel.load(dir, NoiseOptions.override(dir, noise, shots, parts, err));
        ExperimentBuilder.Overrides o = m.overrides();
        if (data != null) {
            o = o.withData(data);
        }
        DatasetSplits d = ExperimentBuilder.loadData(m.train(), o, RuntimeSupport.locator(),
                m.compiled().source().path().toAbsolutePath().getParent(), m.config().seed());
        ExperimentBuilder.checkFits(m.train().network(), d);
        LabeledImages images = switch (split) {
            case "test" -> d.test();
            case "val" -> d.val();
            case "train" -> d.train();
            default -> throw new ExperimentBuilder.SetupException("--split " + split + ": expected test, val or train");
        };
        if (threshold != null && images.numClasses() != 2) {
            throw new ExperimentBuilder.SetupException("--threshold needs a two-class model; "
                    + m.train().network().title() + " has " + images.numClasses() + " classes");
        }
        double fixed = threshold == null || threshold.equals("val") ? Double.NaN : EvalOutput.parseThreshold(threshold);
        double[][] p = EvalOutput.probabilities(m, images);
        Evaluation e = Evaluation.of(images.labels(), p, m.positive(), images.classNames());
        out.printf(Locale.ROOT, "%s on %s %s (%d images, %s)%n", m.train().network().title(), d.name(), split,
                e.count(), e.averaging());
        out.printf(Locale.ROOT, "accuracy %.4f  precision %.4f  recall %.4f  f1 %.4f  auc %.4f  loss %.4f%n",
                e.accuracy(), e.precision(), e.recall(), e.f1(), e.rocAuc(), e.logLoss());
        EvalOutput.confusion(out, e);
        if (threshold != null) {
            String how;
            if (Double.isNaN(fixed)) {
                LabeledImages val = d.val();
                DecisionThreshold chosen = DecisionThreshold.maximisingAccuracy(val.labels(), EvalOutput.probabilities(m, val), m.positive());
                fixed = chosen.threshold();
                how = String.format(Locale.ROOT, "chosen on val: %d images, accuracy %.4f there", val.size(), chosen.accuracy());
            } else {
                how = "given";
            }
            Evaluation t = Evaluation.atThreshold(images.labels(), p, m.positive(), images.classNames(), fixed);
            out.printf(Locale.ROOT, "at threshold %.4f on P(%s) (%s):%n", fixed, images.classNames().get(m.positive()), how);
            out.printf(Locale.ROOT, "accuracy %.4f  precision %.4f  recall %.4f  f1 %.4f%n",
                    t.accuracy(), t.precision(), t.recall(), t.f1());
            EvalOutput.confusion(out, t);
            DecisionThreshold best = DecisionThreshold.maximisingAccuracy(images.labels(), p, m.positive());
            out.printf(Locale.ROOT, "best cut on %s itself: accuracy %.4f at %.4f (an upper bound: chosen on the images it scores)%n",
                    split, best.accuracy(), best.threshold());
        }
        out.flush();
        return Qnetc.OK;
    }
}
