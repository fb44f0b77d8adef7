package dev.qnet.runtime.train;

import dev.qnet.core.Metric;
import java.util.Locale;

/** The validation metric that picks the best epoch (and drives early stopping). */
public enum SelectMetric {
    VAL_ACCURACY(true), VAL_LOSS(false), VAL_PRECISION(true), VAL_RECALL(true), VAL_F1(true), VAL_AUC(true);

    private final boolean higherIsBetter;

    SelectMetric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    public double of(EpochRecord r) {
        return switch (this) {
            case VAL_ACCURACY -> r.valAccuracy();
            case VAL_LOSS -> r.valLoss();
            case VAL_PRECISION -> r.valPrecision();
            case VAL_RECALL -> r.valRecall();
            case VAL_F1 -> r.valF1();
            case VAL_AUC -> r.valAuc();
        };
    }

    public boolean improves(double candidate, double best) {
        if (Double.isNaN(best)) {
            return !Double.isNaN(candidate);
        }
        return higherIsBetter ? candidate > best : candidate < best;
    }

    /** The metric this selects by (on the validation split). */
    public Metric metric() {
        return switch (this) {
            case VAL_ACCURACY -> Metric.ACCURACY;
            case VAL_LOSS -> Metric.LOSS;
            case VAL_PRECISION -> Metric.PRECISION;
            case VAL_RECALL -> Metric.RECALL;
            case VAL_F1 -> Metric.F1;
            case VAL_AUC -> Metric.AUC;
        };
    }

    /** Selection by {@code metric} on the validation split. */
    public static SelectMetric of(Metric metric) {
        return switch (metric) {
            case ACCURACY -> VAL_ACCURACY;
            case LOSS -> VAL_LOSS;
            case PRECISION -> VAL_PRECISION;
            case RECALL -> VAL_RECALL;
            case F1 -> VAL_F1;
            case AUC -> VAL_AUC;
        };
    }

    /** Parses {@code val_accuracy} ({@code val_acc}), {@code val_loss}, {@code val_precision}, {@code val_recall}, {@code val_f1}, {@code val_auc}; the prefix is optional. */
    public static SelectMetric parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "val_accuracy", "val_acc", "accuracy" -> VAL_ACCURACY;
            case "val_loss", "loss" -> VAL_LOSS;
            case "val_precision", "precision" -> VAL_PRECISION;
            case "val_recall", "recall" -> VAL_RECALL;
            case "val_f1", "f1" -> VAL_F1;
            case "val_auc", "auc" -> VAL_AUC;
            default -> throw new IllegalArgumentException("unknown select metric '" + s
                    + "'; expected val_accuracy, val_loss, val_precision, val_recall, val_f1 or val_auc");
        };
    }
}
