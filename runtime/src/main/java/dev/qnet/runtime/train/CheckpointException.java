package dev.qnet.runtime.train;

/** A checkpoint that cannot be read or does not fit the model; the message is one line for the user. */
public final class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    /** Keeps the underlying failure for stack traces and --verbose output; the message stays the user's line. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
