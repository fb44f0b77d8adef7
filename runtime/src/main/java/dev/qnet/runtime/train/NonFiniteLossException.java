package dev.qnet.runtime.train;

/** Training produced a NaN or infinite loss; the message names where and the usual causes. */
public final class NonFiniteLossException extends RuntimeException {

    private final int epoch;
    private final int batch;

    public NonFiniteLossException(int epoch, int batch, double loss) {
        super("loss became " + loss + " at epoch " + epoch + ", batch " + batch
                + ": usually the learning rate is too high, or the input is not normalised"
                + " (or contains NaN); try a lower lr or add normalisation");
        this.epoch = epoch;
        this.batch = batch;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }
}
