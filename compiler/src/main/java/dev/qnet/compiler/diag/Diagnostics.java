package dev.qnet.compiler.diag;

import dev.qnet.compiler.source.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects diagnostics of a compilation in report order. The same message at the same place
 * is kept once: a block instantiated ten times must not report its error ten times.
 */
public final class Diagnostics {
    private final Set<Diagnostic> seen = new LinkedHashSet<>();

    public void error(String key, Span span, String message) { add(key, Severity.ERROR, span, message, null); }

    public void error(String key, Span span, String message, String hint) { add(key, Severity.ERROR, span, message, hint); }

    public void warning(String key, Span span, String message, String hint) { add(key, Severity.WARNING, span, message, hint); }

    public void add(String key, Severity severity, Span span, String message, String hint) {
        seen.add(new Diagnostic(key, severity, span, message, hint));
    }

    public boolean hasErrors() { return seen.stream().anyMatch(Diagnostic::isError); }

    public int errorCount() { return (int) seen.stream().filter(Diagnostic::isError).count(); }

    /** All diagnostics, sorted by file (in first-report order), line and column. */
    public List<Diagnostic> all() {
        List<Diagnostic> list = new ArrayList<>(seen);
        List<Object> fileOrder = new ArrayList<>();
        for (Diagnostic d : list) {
            Object f = d.span() == null ? null : d.span().file();
            if (!fileOrder.contains(f)) fileOrder.add(f);
        }
        list.sort((a, b) -> {
            Object fa = a.span() == null ? null : a.span().file();
            Object fb = b.span() == null ? null : b.span().file();
            int c = Integer.compare(fileOrder.indexOf(fa), fileOrder.indexOf(fb));
            if (c != 0 || a.span() == null || b.span() == null) return c;
            c = Integer.compare(a.span().line(), b.span().line());
            return c != 0 ? c : Integer.compare(a.span().col(), b.span().col());
        });
        return Collections.unmodifiableList(list);
    }
}
