package dev.qnet.compiler.ast;

import dev.qnet.compiler.source.Span;

/** Statements inside {@code quantum(...) { }}. */
public sealed interface QuantumStmt {
    Span span();

    record Encode(Invocation encoding, Span span) implements QuantumStmt {}

    record QConv(Invocation circuit, Span span) implements QuantumStmt {}

    record QPool(Invocation circuit, Span span) implements QuantumStmt {}

    record Measure(Ident kind, Span span) implements QuantumStmt {}

    record Gate(GateStmt gate, Span span) implements QuantumStmt {}
}
