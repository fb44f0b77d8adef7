package dev.qnet.driver.cli;

import dev.qnet.driver.experiment.SavedModel;
import dev.qnet.driver.lower.ExperimentBuilder;
import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.metrics.Evaluation;
import dev.qnet.runtime.train.Predictor;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code qnetc eval} computes and prints. Apart from {@link EvalCommand} because picocli
 * reflects over a command's declared methods, which resolves their parameter types: a runtime
 * type there would be loaded by {@code qnetc check}, whose class path has no runtime.
 */
final class EvalOutput {
    private EvalOutput() {}

    static double[][] probabilities(SavedModel.Loaded m, LabeledImages images) {
        return Predictor.probabilities(m.model(), images, m.config().batchSize(), m.transform()).toDoubleMatrix();
    }

    static double parseThreshold(String text) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException ex) {
            v = Double.NaN;
        }
        if (!(v >= 0 && v <= 1)) {
            throw new ExperimentBuilder.SetupException("--threshold " + text + ": expected val or a number in [0, 1]");
        }
        return v;
    }

    static void confusion(PrintWriter out, Evaluation e) {
        long[][] cm = e.confusion();
        out.println("confusion (rows: true class, columns: predicted):");
        for (int i = 0; i < cm.length; i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-14s", e.classNames().get(i)));
            for (long v : cm[i]) {
                row.append(String.format(Locale.ROOT, " %7d", v));
            }
            out.println(row);
        }
    }
}
