package dev.qnet.driver.cli;

import dev.qnet.runtime.report.ComparisonReport;
import dev.qnet.runtime.report.RunResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The table {@code qnetc compare} prints. Not in {@link CompareCommand}: picocli reflects on a
 * command's methods (lambdas included), and {@code check} must load the commands without the
 * runtime's classes on the class path.
 */
final class ComparisonTable {
    private ComparisonTable() {
    }

    static void print(PrintWriter out, List<RunResult> results) {
        List<ComparisonReport.ModelSummary> models = ComparisonReport.summarise(results);
        var paired = ComparisonReport.pairedTests(models);
        int w = Math.max(24, models.stream().mapToInt(m -> m.name().length()).max().orElse(0));
        out.printf(Locale.ROOT, "%-" + w + "s %8s %9s %8s %8s %8s %12s %10s%s%n", "model", "accuracy", "precision", "recall",
                "f1", "auc", "params", "s/epoch", models.size() < 2 ? "" : "  p accuracy (t / W)");
        for (ComparisonReport.ModelSummary s : models) {
            var p = paired.get(s.name());
            out.printf(Locale.ROOT, "%-" + w + "s %8s %9s %8s %8s %8s %,12d %10s%s%n", s.name(), s.accuracy().format(4),
                    s.precision().format(4), s.recall().format(4), s.f1().format(4), s.auc().format(4),
                    s.runs().get(0).params().total(), s.secondsPerEpoch().format(1),
                    models.size() < 2 ? "" : "  " + (s == models.get(0) ? "reference" : p == null ? "n/a" : p.format("accuracy")));
        }
    }
}
