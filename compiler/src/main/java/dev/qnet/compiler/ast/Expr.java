package dev.qnet.compiler.ast;

import dev.qnet.compiler.source.Span;

/** Expressions: constants, names, indexing into parameter arrays, arithmetic. */
public sealed interface Expr {
    Span span();

    record IntLit(long value, Span span) implements Expr {}

    record FloatLit(double value, Span span) implements Expr {}

    /** {@code 10deg}: a value in degrees, kept in degrees (augment rotation is in degrees). */
    record DegreeLit(double degrees, Span span) implements Expr {}

    record StringLit(String value, Span span) implements Expr {}

    record BoolLit(boolean value, Span span) implements Expr {}

    /** A bare name: a constant, a parameter, {@code pi}, or a symbol such as {@code ry} or {@code horizontal}. */
    record Name(String name, Span span) implements Expr {}

    /** {@code t[3]}: an element of a circuit parameter array. */
    record Index(String target, Span targetSpan, Expr index, Span span) implements Expr {}

    /** {@code -x} or {@code +x}. */
    record Unary(String op, Expr operand, Span span) implements Expr {}

    /** {@code a op b} with op one of {@code + - * / % **}. */
    record Binary(String op, Expr left, Expr right, Span span) implements Expr {}
}
