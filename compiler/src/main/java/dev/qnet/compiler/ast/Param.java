package dev.qnet.compiler.ast;

import dev.qnet.compiler.source.Span;

/** A block or network parameter with an optional default value. */
public record Param(Ident name, Expr defaultValue, Span span) {}
