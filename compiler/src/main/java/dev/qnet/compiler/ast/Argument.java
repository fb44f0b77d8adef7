package dev.qnet.compiler.ast;

import dev.qnet.compiler.source.Span;

/** A call argument: positional ({@code name == null}) or named ({@code k: 3}). */
public record Argument(Ident name, Expr value, Span span) {
    public boolean isNamed() { return name != null; }
}
