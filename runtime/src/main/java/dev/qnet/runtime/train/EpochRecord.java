package dev.qnet.runtime.train;

/**
 * One row of the training history (epochs counted from 1).
 *
 * @param valPrecision validation precision (binary: of the positive class; otherwise macro)
 * @param valRecall    validation recall, likewise
 * @param valF1        validation F1, likewise
 * @param valAuc       validation ROC AUC (one-vs-rest macro for more than two classes)
 * @param seconds      wall time of the epoch, training and validation
 */
public record EpochRecord(int epoch, double lr, double trainLoss, double trainAccuracy,
                          double valLoss, double valAccuracy, double valPrecision, double valRecall, double valF1,
                          double valAuc, double seconds) {
}
