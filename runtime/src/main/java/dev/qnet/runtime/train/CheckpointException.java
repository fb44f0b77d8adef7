package dev.qnet.runtime.train;

/** A checkpoint that cannot be read or does not fit the model; the message is one line for the user. */
public final class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }
}
