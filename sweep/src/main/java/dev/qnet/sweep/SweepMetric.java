package dev.qnet.sweep;

import dev.qnet.runtime.report.HistoryRow;
import dev.qnet.runtime.report.RunResult;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What the leaderboard ranks by: a validation metric at the run's best epoch ({@code val_loss},
 * {@code val_accuracy}, {@code val_f1}, {@code val_auc}: what selects hyper-parameters without
 * looking at the test split), or a test metric ({@code accuracy}, {@code precision}, {@code recall},
 * {@code f1}, {@code auc}, {@code loss}). Losses rank ascending, the rest descending.
 */
enum SweepMetric {
    VAL_LOSS("val_loss", false, r -> best(r).valLoss()),
    VAL_ACCURACY("val_accuracy", true, r -> best(r).valAcc()),
    VAL_F1("val_f1", true, r -> best(r).valF1()),
    VAL_AUC("val_auc", true, r -> best(r).valAuc()),
    ACCURACY("accuracy", true, r -> r.test().accuracy()),
    PRECISION("precision", true, r -> r.test().precision()),
    RECALL("recall", true, r -> r.test().recall()),
    F1("f1", true, r -> r.test().f1()),
    AUC("auc", true, r -> r.test().rocAuc()),
    LOSS("loss", false, r -> r.test().logLoss());

    final String key;
    final boolean higherIsBetter;
    private final ToDoubleFunction<RunResult> value;

    SweepMetric(String key, boolean higherIsBetter, ToDoubleFunction<RunResult> value) {
        this.key = key;
        this.higherIsBetter = higherIsBetter;
        this.value = value;
    }

    double of(RunResult r) {
        return value.applyAsDouble(r);
    }

    /** The metric a train section's {@code select} names ({@code loss} -> {@code val_loss}). */
    static SweepMetric forSelect(String select) {
        return parse("val_" + select);
    }

    static SweepMetric parse(String text) {
        String t = text.strip().replace("val_acc", "val_accuracy").replace("val_accuracyuracy", "val_accuracy");
        if (t.equals("acc")) t = "accuracy";
        for (SweepMetric m : values()) {
            if (m.key.equals(t)) {
                return m;
            }
        }
        throw new SweepException("--metric " + text + ": expected one of " + String.join(", ", List.of(values()).stream()
                .map(m -> m.key).toList()));
    }

    /** The history row of the epoch whose weights were kept (provenance best_epoch), else the last. */
    private static HistoryRow best(RunResult r) {
        Object b = r.provenance().get("best_epoch");
        if (b instanceof Number n) {
            for (HistoryRow row : r.history()) {
                if (row.epoch() == n.intValue()) {
                    return row;
                }
            }
        }
        return r.history().get(r.history().size() - 1);
    }
}
