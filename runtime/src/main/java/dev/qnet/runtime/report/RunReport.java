package dev.qnet.runtime.report;

import dev.qnet.runtime.metrics.ClassMetrics;
import dev.qnet.runtime.metrics.Evaluation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The results of one run: {@code metrics.json}, {@code history.csv}, loss / accuracy curves and
 * the confusion matrix as PNG, and {@code report.md} showing all of it. Written atomically (see
 * {@link AtomicDirectory}), so other files already in the directory (the model) are kept.
 */
public final class RunReport {

    public static final String METRICS = "metrics.json";
    public static final String HISTORY = "history.csv";
    public static final String LOSS_PNG = "loss.png";
    public static final String ACCURACY_PNG = "accuracy.png";
    public static final String CONFUSION_PNG = "confusion.png";
    public static final String REPORT = "report.md";

    /** Every file {@link #write} produces. */
    public static final List<String> FILES = List.of(METRICS, HISTORY, LOSS_PNG, ACCURACY_PNG, CONFUSION_PNG, REPORT);

    private RunReport() {
    }

    public static void write(Path dir, RunResult r) throws IOException {
        AtomicDirectory.write(dir, tmp -> {
            MetricsJson.write(tmp.resolve(METRICS), r);
            HistoryCsv.write(tmp.resolve(HISTORY), r.history());
            Charts.trainValCurves(tmp.resolve(LOSS_PNG), r.name() + ": loss", "cross-entropy loss", List.of(r),
                    HistoryRow::trainLoss, HistoryRow::valLoss);
            Charts.trainValCurves(tmp.resolve(ACCURACY_PNG), r.name() + ": accuracy", "accuracy", List.of(r),
                    HistoryRow::trainAcc, HistoryRow::valAcc);
            Charts.confusion(tmp.resolve(CONFUSION_PNG), r.name() + ": test confusion matrix", r.test().confusion(),
                    r.test().classNames());
            Files.writeString(tmp.resolve(REPORT), markdown(r), StandardCharsets.UTF_8);
        });
    }

    static String markdown(RunResult r) {
        Evaluation e = r.test();
        StringBuilder b = new StringBuilder();
        b.append("# ").append(r.name()).append(": results\n\n");
        b.append("Test split, ").append(e.count()).append(" images, best checkpoint; precision, recall, F1 and AUC are ")
                .append(e.averaging()).append(". Seed ").append(r.seed()).append(".\n\n");
        b.append(Markdown.header(List.of("metric", "value"), true));
        b.append(Markdown.row(List.of("accuracy", Markdown.f4(e.accuracy()))));
        b.append(Markdown.row(List.of("precision", Markdown.f4(e.precision()))));
        b.append(Markdown.row(List.of("recall", Markdown.f4(e.recall()))));
        b.append(Markdown.row(List.of("F1", Markdown.f4(e.f1()))));
        b.append(Markdown.row(List.of("ROC AUC", Markdown.f4(e.rocAuc()))));
        b.append(Markdown.row(List.of("log loss", Markdown.f4(e.logLoss()))));
        b.append("\n## Per class\n\n");
        b.append(Markdown.header(List.of("class", "precision", "recall", "F1", "AUC (one-vs-rest)", "support"), true));
        for (ClassMetrics c : e.perClass()) {
            b.append(Markdown.row(List.of(c.name(), Markdown.f4(c.precision()), Markdown.f4(c.recall()),
                    Markdown.f4(c.f1()), Markdown.f4(c.rocAuc()), Integer.toString(c.support()))));
        }
        b.append("\n## Confusion matrix\n\nRows are true classes, columns predicted classes.\n\n");
        b.append("![confusion matrix](").append(CONFUSION_PNG).append(")\n\n");
        b.append(confusionTable(e.confusion(), e.classNames()));
        b.append("\n## Training\n\n");
        b.append("![loss curves](").append(LOSS_PNG).append(")\n\n");
        b.append("![accuracy curves](").append(ACCURACY_PNG).append(")\n\n");
        b.append(Markdown.header(List.of("epochs", "seconds per epoch", "total time"), false));
        b.append(Markdown.row(List.of(Integer.toString(r.epochs()), Markdown.f3(r.secondsPerEpoch()),
                Markdown.seconds(r.totalSeconds()))));
        b.append("\nPer epoch (also in [").append(HISTORY).append("](").append(HISTORY).append(")):\n\n");
        b.append(Markdown.header(List.of("epoch", "lr", "train loss", "train acc", "val loss", "val acc", "seconds"), false));
        for (HistoryRow h : r.history()) {
            b.append(Markdown.row(List.of(Integer.toString(h.epoch()), String.format(java.util.Locale.ROOT, "%.3g", h.lr()),
                    Markdown.f4(h.trainLoss()), Markdown.f4(h.trainAcc()), Markdown.f4(h.valLoss()),
                    Markdown.f4(h.valAcc()), Markdown.f3(h.seconds()))));
        }
        b.append("\n## Parameters\n\n");
        b.append(Markdown.header(List.of("classical", "quantum", "total"), false));
        b.append(Markdown.row(List.of(Markdown.count(r.params().classical()), Markdown.count(r.params().quantum()),
                Markdown.count(r.params().total()))));
        b.append("\n## Provenance\n\n");
        b.append(Markdown.provenanceTable(r.provenance()));
        return b.toString();
    }

    static String confusionTable(long[][] cm, List<String> names) {
        List<String> head = new ArrayList<>();
        head.add("true \\ predicted");
        head.addAll(names);
        StringBuilder b = new StringBuilder(Markdown.header(head, true));
        for (int i = 0; i < cm.length; i++) {
            List<String> row = new ArrayList<>();
            row.add(names.get(i));
            for (long v : cm[i]) {
                row.add(Long.toString(v));
            }
            b.append(Markdown.row(row));
        }
        return b.toString();
    }
}
