package dev.qnet.compiler.builtin;

import dev.qnet.compiler.ast.Expr;
import dev.qnet.compiler.resolve.CheckError;
import dev.qnet.compiler.resolve.Evaluator;
import dev.qnet.compiler.resolve.Value;
import dev.qnet.compiler.source.Span;
import java.util.HashMap;
import java.util.Map;

/**
 * The arguments of one builtin call, as the resolver bound them to its {@link Signature}, read
 * in one scope (a block's or network's parameter values) as typed values: an {@code INT}
 * parameter gives an {@code int}, never a double to cast back. Each value is evaluated and
 * converted once, on first use; a parameter that was not given reads as its default.
 */
public final class Arguments {
    private final Signature signature;
    private final Map<String, Expr> given;
    private final Evaluator evaluator;
    private final Map<String, Value> scope;
    private final Map<String, Value> converted = new HashMap<>();

    public Arguments(Signature signature, Map<String, Expr> given, Evaluator evaluator, Map<String, Value> scope) {
        this.signature = signature;
        this.given = Map.copyOf(given);
        this.evaluator = evaluator;
        this.scope = scope;
    }

    public Signature signature() { return signature; }

    /** Converts every given argument, in parameter order, so type errors surface even if nothing reads them. */
    public Arguments checkAll() {
        for (Param p : signature.params()) {
            if (given.containsKey(p.name())) value(p.name());
        }
        return this;
    }

    public boolean given(String name) { return given.containsKey(name); }

    /** The expression written for {@code name}, or null. */
    public Expr expr(String name) { return given.get(name); }

    /** Where {@code name}'s value was written, else {@code fallback} (the call). */
    public Span span(String name, Span fallback) {
        Expr e = given.get(name);
        return e == null ? fallback : e.span();
    }

    /** The typed value, or the default (null for a computed default that was not given). */
    public Value value(String name) {
        Param p = signature.param(name);
        Expr e = given.get(name);
        if (e == null) return p.defaultValue();
        return converted.computeIfAbsent(name, n -> convert(p, e));
    }

    public int integer(String name) {
        double v = ((Value.Num) value(name)).value();
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** A whole number that may exceed an int (seeds). */
    public long whole(String name) { return (long) ((Value.Num) value(name)).value(); }

    public double real(String name) {
        Value v = value(name);
        return v instanceof Value.Degrees d ? d.degrees() : ((Value.Num) v).value();
    }

    public boolean bool(String name) { return ((Value.Bool) value(name)).value(); }

    public String string(String name) { return ((Value.Str) value(name)).value(); }

    private Value convert(Param p, Expr e) {
        Value v = evaluator.eval(e, scope);
        String slot = signature.form().slot(p.name(), signature.name());
        return switch (p.type()) {
            case INT -> Value.Num.of(evaluator.integer(v, e, slot, scope, Map.of()));
            case FLOAT -> new Value.Num(evaluator.numeric(v, e, scope, Map.of()).value(), false);
            case ANGLE -> v instanceof Value.Degrees ? v : new Value.Num(evaluator.numeric(v, e, scope, Map.of()).value(), false);
            case BOOL -> {
                if (v instanceof Value.Bool) yield v;
                throw new CheckError("qnet.type", e.span(), "expected true or false for " + slot + ", found " + v);
            }
            case STRING -> {
                if (v instanceof Value.Str) yield v;
                throw new CheckError("qnet.type", e.span(), "expected a string, found " + v);
            }
            case SYMBOL, ANY -> v;
        };
    }
}
