package dev.qnet.runtime.report;

/** A results directory that cannot be read or written; the message names the file. */
public class ReportException extends RuntimeException {

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
