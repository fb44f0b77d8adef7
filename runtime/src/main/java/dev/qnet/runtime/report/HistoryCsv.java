package dev.qnet.runtime.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code history.csv}: one line per epoch, full precision, NaN written as {@code NaN}. */
public final class HistoryCsv {

    public static final String HEADER = "epoch,lr,train_loss,train_acc,val_loss,val_acc,val_f1,val_auc,seconds";
    /** The format before validation F1 and AUC were recorded; still read. */
    static final String HEADER_V1 = "epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds";

    private HistoryCsv() {
    }

    public static void write(Path file, List<HistoryRow> rows) throws IOException {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (HistoryRow r : rows) {
            b.append(r.epoch()).append(',').append(r.lr()).append(',').append(r.trainLoss()).append(',')
                    .append(r.trainAcc()).append(',').append(r.valLoss()).append(',').append(r.valAcc()).append(',')
                    .append(r.valF1()).append(',').append(r.valAuc()).append(',').append(r.seconds()).append('\n');
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    public static List<HistoryRow> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean v1 = !lines.isEmpty() && lines.get(0).strip().equals(HEADER_V1);
        if (lines.isEmpty() || !(v1 || lines.get(0).strip().equals(HEADER))) {
            throw new ReportException(file + ": not a qnet history.csv (expected header '" + HEADER + "')");
        }
        List<HistoryRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            int fields = v1 ? 7 : 9;
            if (f.length != fields) {
                throw new ReportException(file + ":" + (i + 1) + ": expected " + fields + " fields, found " + f.length);
            }
            try {
                rows.add(v1 ? new HistoryRow(Integer.parseInt(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]),
                                Double.NaN, Double.NaN, d(f[6]))
                        : new HistoryRow(Integer.parseInt(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[6]),
                                d(f[7]), d(f[8])));
            } catch (NumberFormatException e) {
                throw new ReportException(file + ":" + (i + 1) + ": not a number (" + e.getMessage() + ")");
            }
        }
        return rows;
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
