package dev.qnet.compiler.ast;

import dev.qnet.compiler.source.Span;
import java.util.List;

/** Statements in a network or block body. */
public sealed interface LayerStmt {
    Span span();

    /** {@code input [C, H, W]} or {@code input [F]}: the first statement of a network. */
    record Input(List<Expr> dims, Span span) implements LayerStmt {}

    /** {@code repeat N { ... }}: the body is inlined N times. */
    record Repeat(Expr count, List<LayerStmt> body, Span span) implements LayerStmt {}

    /** {@code residual { branch } shortcut { ... }}; {@code shortcut == null} when not written. */
    record Residual(List<LayerStmt> branch, List<LayerStmt> shortcut, Span span) implements LayerStmt {}

    /** {@code quantum(qubits: 8) { ... }}. */
    record Quantum(List<Argument> arguments, List<QuantumStmt> body, Span span) implements LayerStmt {}

    /** A builtin layer or a user block call. */
    record Call(Invocation invocation, Span span) implements LayerStmt {}
}
