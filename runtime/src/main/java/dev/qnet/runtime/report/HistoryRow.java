package dev.qnet.runtime.report;

/**
 * One epoch of training, as {@code history.csv} stores it. Validation values are NaN when an
 * epoch had no validation.
 */
public record HistoryRow(int epoch, double lr, double trainLoss, double trainAcc, double valLoss, double valAcc,
                         double seconds) {
}
