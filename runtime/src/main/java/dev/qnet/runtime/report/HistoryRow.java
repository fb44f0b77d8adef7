package dev.qnet.runtime.report;

/**
 * One epoch of training, as {@code history.csv} stores it. Validation values are NaN when an
 * epoch had no validation (and F1 / AUC in files written before those columns existed).
 * {@code seconds} is the epoch's wall time.
 */
public record HistoryRow(int epoch, double lr, double trainLoss, double trainAcc, double valLoss, double valAcc,
                         double valF1, double valAuc, double seconds) {
}
