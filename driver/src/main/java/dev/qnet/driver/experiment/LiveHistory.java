package dev.qnet.driver.experiment;

import dev.qnet.runtime.io.AtomicFiles;
import dev.qnet.runtime.report.HistoryCsv;
import dev.qnet.runtime.report.HistoryRow;
import dev.qnet.runtime.train.EpochRecord;
import dev.qnet.runtime.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites {@code history.csv} after every epoch, so a long run can be followed (and plotted)
 * while it trains, and an interrupted run keeps the curves of its finished epochs next to its
 * checkpoint. Each write replaces the old file atomically ({@link AtomicFiles}).
 */
final class LiveHistory implements TrainingListener {

    private final Path file;
    private final List<EpochRecord> records = new ArrayList<>();

    LiveHistory(Path file) {
        this.file = file;
    }

    /** Starts from the checkpoint's epochs, and rewrites the file to match them at once (a crash may have left one more). */
    void resumeFrom(List<EpochRecord> earlier) {
        records.clear();
        records.addAll(earlier);
        write();
    }

    @Override
    public void epochEnd(EpochRecord record) {
        records.add(record);
        write();
    }

    private void write() {
        try {
            List<HistoryRow> rows = rows(records);
            AtomicFiles.writeFile(file, tmp -> HistoryCsv.write(tmp, rows));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static List<HistoryRow> rows(List<EpochRecord> records) {
        List<HistoryRow> rows = new ArrayList<>();
        for (EpochRecord r : records) {
            rows.add(new HistoryRow(r.epoch(), r.lr(), r.trainLoss(), r.trainAccuracy(), r.valLoss(), r.valAccuracy(),
                    r.valF1(), r.valAuc(), r.seconds()));
        }
        return rows;
    }
}
