package dev.qnet.runtime.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads a {@link RunResult} back from a results directory (metrics.json + history.csv). */
public final class RunResults {

    private RunResults() {
    }

    /** Whether {@code dir} looks like a finished run's results. */
    public static boolean isResultsDir(Path dir) {
        return Files.isRegularFile(dir.resolve(RunReport.METRICS)) && Files.isRegularFile(dir.resolve(RunReport.HISTORY));
    }

    public static RunResult read(Path dir) {
        Path metrics = dir.resolve(RunReport.METRICS);
        Path history = dir.resolve(RunReport.HISTORY);
        for (Path p : List.of(metrics, history)) {
            if (!Files.isRegularFile(p)) {
                throw new ReportException(p + ": not found (is " + dir + " a qnet results directory?)");
            }
        }
        try {
            return MetricsJson.read(metrics, HistoryCsv.read(history));
        } catch (IOException e) {
            throw new ReportException(history + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
