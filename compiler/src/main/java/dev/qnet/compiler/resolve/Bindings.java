package dev.qnet.compiler.resolve;

import dev.qnet.compiler.ast.Expr;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The resolver's side table of bound calls: for every call-like AST node (an invocation, a
 * {@code quantum(...)} stage, {@code early_stop(...)}, a train section's network arguments)
 * whose arguments matched their signature, parameter name -> the expression written. Keyed by
 * node identity, never by value, and never written into the AST. A node without an entry had
 * binding errors, already reported.
 */
public final class Bindings {
    private final Map<Object, Map<String, Expr>> bound = new IdentityHashMap<>();

    void put(Object node, Map<String, Expr> arguments) {
        bound.put(node, Map.copyOf(arguments));
    }

    /** The bound arguments of {@code node}, or null when binding failed. */
    public Map<String, Expr> of(Object node) {
        return bound.get(node);
    }
}
