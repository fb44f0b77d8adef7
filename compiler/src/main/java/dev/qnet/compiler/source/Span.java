package dev.qnet.compiler.source;

/**
 * A range on one line of a source file: 1-based line, 1-based first column, and the
 * column just after the last character ({@code endCol > col} for a non-empty token).
 * Spans across several lines are cut to their first line: diagnostics underline one line.
 */
public record Span(SourceFile file, int line, int col, int endCol) {
    public Span {
        if (endCol <= col) endCol = col + 1;
    }

    /** A span from the start of this one to the end of {@code other} when on the same line. */
    public Span to(Span other) {
        if (other == null || other.line != line || other.file != file) return this;
        return new Span(file, line, col, Math.max(endCol, other.endCol));
    }

    @Override
    public String toString() {
        return (file == null ? "?" : file.displayPath()) + ":" + line + ":" + col;
    }
}
