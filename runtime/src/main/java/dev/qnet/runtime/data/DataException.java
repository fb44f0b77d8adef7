package dev.qnet.runtime.data;

/**
 * A user-facing data problem: a missing, truncated, corrupt or mislabelled file. The message is
 * one line that names the file (and the entry inside an archive) and what is wrong, so the CLI
 * can print it as-is instead of a stack trace.
 */
public class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A foreign exception's message as one line for embedding in a {@code DataException}: some
     * library messages span lines and some are null, which would break the one-line contract.
     */
    static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
