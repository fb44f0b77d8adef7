package dev.qnet.sweep;

/** A user-facing problem with a sweep's command line or directory: one line, exit 1. */
final class SweepException extends RuntimeException {
    SweepException(String message) {
        super(message);
    }
}
