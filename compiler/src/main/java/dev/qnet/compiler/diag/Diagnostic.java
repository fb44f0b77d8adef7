package dev.qnet.compiler.diag;

import dev.qnet.compiler.source.Span;

/**
 * One message about a source position.
 *
 * @param key      stable identifier for tools and tests, e.g. {@code qnet.shape.mismatch}
 * @param severity error, warning or note
 * @param span     where; underlined by the printer
 * @param message  one line, lower case first word, no trailing period
 * @param hint     optional extra line ("did you mean 'batchnorm'?"), or null
 */
public record Diagnostic(String key, Severity severity, Span span, String message, String hint) {
    public boolean isError() { return severity == Severity.ERROR; }
}
