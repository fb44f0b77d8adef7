package dev.qnet.compiler.diag;

import dev.qnet.compiler.source.Span;
import java.util.List;

/**
 * Renders diagnostics the way compilers do:
 * <pre>
 * path:line:col: error: message
 *     conv(64, k: 3) batchnrom relu
 *                    ^^^^^^^^^
 *   hint: did you mean 'batchnorm'?
 * </pre>
 * Tabs in the source line are kept in the caret line so the carets stay aligned.
 */
public final class DiagnosticPrinter {
    private DiagnosticPrinter() {}

    public static String render(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) out.append(render(d));
        return out.toString();
    }

    public static String render(Diagnostic d) {
        StringBuilder out = new StringBuilder();
        Span s = d.span();
        if (s != null && s.file() != null) {
            out.append(s.file().displayPath()).append(':').append(s.line()).append(':').append(s.col()).append(": ");
        }
        out.append(d.severity().label()).append(": ").append(d.message()).append('\n');
        if (s != null && s.file() != null) {
            String line = s.file().line(s.line());
            out.append("    ").append(line).append('\n');
            StringBuilder caret = new StringBuilder("    ");
            for (int i = 0; i < s.col() - 1; i++) caret.append(i < line.length() && line.charAt(i) == '\t' ? '\t' : ' ');
            int width = Math.max(1, Math.min(s.endCol(), Math.max(line.length() + 1, s.col() + 1)) - s.col());
            caret.append("^".repeat(width));
            out.append(caret).append('\n');
        }
        if (d.hint() != null) out.append("  hint: ").append(d.hint()).append('\n');
        return out.toString();
    }
}
