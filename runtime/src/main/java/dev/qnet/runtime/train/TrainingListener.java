package dev.qnet.runtime.train;

/** Progress callbacks from {@link Trainer}; all methods default to doing nothing. */
public interface TrainingListener {

    /** @param epoch 1-based; {@code batches} in this epoch */
    default void epochStart(int epoch, int epochs, int batches) {
    }

    /** After each optimisation step; loss and accuracy are running means over the epoch so far. */
    default void batchEnd(int batch, double loss, double accuracy, double samplesPerSecond) {
    }

    default void epochEnd(EpochRecord record) {
    }
}
