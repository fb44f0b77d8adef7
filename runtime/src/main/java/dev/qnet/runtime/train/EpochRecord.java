package dev.qnet.runtime.train;

/**
 * One row of the training history (epochs counted from 1).
 *
 * @param seconds wall time of the epoch, training and validation
 */
public record EpochRecord(int epoch, double lr, double trainLoss, double trainAccuracy,
                          double valLoss, double valAccuracy, double seconds) {
}
