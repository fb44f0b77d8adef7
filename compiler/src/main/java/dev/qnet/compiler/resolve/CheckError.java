package dev.qnet.compiler.resolve;

import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.source.Span;

/**
 * Thrown inside a checking phase to abandon the current statement; the phase catches it at the
 * statement boundary, reports it and goes on with the next statement.
 */
public final class CheckError extends RuntimeException {
    private final String key;
    private final transient Span span;
    private final String hint;

    public CheckError(String key, Span span, String message) { this(key, span, message, null); }

    public CheckError(String key, Span span, String message, String hint) {
        super(message, null, false, false);
        this.key = key;
        this.span = span;
        this.hint = hint;
    }

    /** Abandons the statement after its errors were already reported (e.g. by the argument binder). */
    public static CheckError alreadyReported() { return new CheckError(null, null, "already reported"); }

    public void report(Diagnostics diagnostics) {
        if (key != null) diagnostics.error(key, span, getMessage(), hint);
    }
}
