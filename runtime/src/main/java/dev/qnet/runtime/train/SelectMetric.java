package dev.qnet.runtime.train;

import java.util.Locale;

/** The validation metric that picks the best epoch (and drives early stopping). */
public enum SelectMetric {
    VAL_ACCURACY(true), VAL_LOSS(false);

    private final boolean higherIsBetter;

    SelectMetric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    public double of(EpochRecord r) {
        return this == VAL_ACCURACY ? r.valAccuracy() : r.valLoss();
    }

    public boolean improves(double candidate, double best) {
        if (Double.isNaN(best)) {
            return !Double.isNaN(candidate);
        }
        return higherIsBetter ? candidate > best : candidate < best;
    }

    /** Parses {@code val_accuracy}, {@code val_acc} or {@code val_loss}. */
    public static SelectMetric parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "val_accuracy", "val_acc", "accuracy" -> VAL_ACCURACY;
            case "val_loss", "loss" -> VAL_LOSS;
            default -> throw new IllegalArgumentException("unknown select metric '" + s + "'; expected val_accuracy or val_loss");
        };
    }
}
