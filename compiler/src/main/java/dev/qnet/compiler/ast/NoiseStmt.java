package dev.qnet.compiler.ast;

import dev.qnet.compiler.source.Span;
import java.util.List;

/**
 * One rule of a {@code noise} declaration: a channel or {@code readout} call, then either
 * {@code after} a scope word or gate names ({@code after} is empty when absent) or {@code on}
 * qubit indices ({@code on} is empty when absent).
 */
public record NoiseStmt(Invocation call, List<Ident> after, List<Expr> on, Span span) {
    public NoiseStmt {
        after = List.copyOf(after);
        on = List.copyOf(on);
    }
}
