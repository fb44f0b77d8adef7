package dev.qnet.compiler.resolve;

import dev.qnet.compiler.ast.Expr;
import dev.qnet.compiler.diag.Suggestions;
import dev.qnet.compiler.source.Span;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates expressions at compile time. Names are looked up in the local scope (block or
 * network parameters), then the program's constants, then the builtin constant {@code pi};
 * anything else evaluates to a {@link Value.Sym} that only symbol-valued arguments accept.
 * Integer arithmetic stays integral; {@code /} is exact division (integral when it divides).
 */
public final class Evaluator {
    /** A circuit parameter array visible to gate angles: flattened indices offset..offset+size-1. */
    public record ParamArrayScope(int offset, int size) {}

    private final Map<String, Value> constants;

    public Evaluator(Map<String, Value> constants) { this.constants = constants; }

    public Value eval(Expr e, Map<String, Value> locals) { return eval(e, locals, Map.of()); }

    public Value eval(Expr e, Map<String, Value> locals, Map<String, ParamArrayScope> arrays) {
        if (e instanceof Expr.IntLit i) return Value.Num.of(i.value());
        if (e instanceof Expr.FloatLit f) return new Value.Num(f.value(), false);
        if (e instanceof Expr.DegreeLit d) return new Value.Degrees(d.degrees());
        if (e instanceof Expr.StringLit s) return new Value.Str(s.value());
        if (e instanceof Expr.BoolLit b) return new Value.Bool(b.value());
        if (e instanceof Expr.Name n) return lookup(n, locals, arrays);
        if (e instanceof Expr.Index ix) return index(ix, locals, arrays);
        if (e instanceof Expr.Unary u) {
            Value v = eval(u.operand(), locals, arrays);
            if (u.op().equals("+")) return numeric(v, u.operand(), locals, arrays);
            return negate(v, u.operand(), locals, arrays);
        }
        Expr.Binary b = (Expr.Binary) e;
        return binary(b, eval(b.left(), locals, arrays), eval(b.right(), locals, arrays), locals, arrays);
    }

    private Value lookup(Expr.Name n, Map<String, Value> locals, Map<String, ParamArrayScope> arrays) {
        if (locals.containsKey(n.name())) return locals.get(n.name());
        if (constants.containsKey(n.name())) return constants.get(n.name());
        if (n.name().equals("pi")) return new Value.Num(Math.PI, false);
        if (arrays.containsKey(n.name())) {
            ParamArrayScope a = arrays.get(n.name());
            if (a.size() == 1) return new Value.Affine(0, a.offset(), 1);
            throw new CheckError("qnet.circuit.param", n.span(), "'" + n.name() + "' is a parameter array of size "
                    + a.size() + "; index it, e.g. " + n.name() + "[0]");
        }
        return new Value.Sym(n.name());
    }

    private Value index(Expr.Index ix, Map<String, Value> locals, Map<String, ParamArrayScope> arrays) {
        ParamArrayScope a = arrays.get(ix.target());
        if (a == null) {
            Set<String> names = new LinkedHashSet<>(arrays.keySet());
            throw new CheckError("qnet.name.unknown", ix.targetSpan(), "unknown parameter array '" + ix.target() + "'",
                    Suggestions.didYouMean(ix.target(), names));
        }
        long i = integer(eval(ix.index(), locals, arrays), ix.index(), "an array index", locals, arrays);
        if (i < 0 || i >= a.size()) {
            throw new CheckError("qnet.circuit.param.range", ix.span(), "index " + i + " is out of range for '"
                    + ix.target() + "' of size " + a.size());
        }
        return new Value.Affine(0, a.offset() + (int) i, 1);
    }

    private Value negate(Value v, Expr at, Map<String, Value> locals, Map<String, ParamArrayScope> arrays) {
        if (v instanceof Value.Affine a) return new Value.Affine(-a.offset(), a.index(), -a.scale());
        if (v instanceof Value.Degrees d) return new Value.Degrees(-d.degrees());
        Value.Num n = numeric(v, at, locals, arrays);
        return new Value.Num(-n.value(), n.integral());
    }

    private Value binary(Expr.Binary b, Value l, Value r, Map<String, Value> locals, Map<String, ParamArrayScope> arrays) {
        if (l instanceof Value.Affine || r instanceof Value.Affine) return affine(b, l, r, locals, arrays);
        Value.Num x = numeric(l, b.left(), locals, arrays);
        Value.Num y = numeric(r, b.right(), locals, arrays);
        boolean integral = x.integral() && y.integral();
        return switch (b.op()) {
            case "+" -> new Value.Num(x.value() + y.value(), integral);
            case "-" -> new Value.Num(x.value() - y.value(), integral);
            case "*" -> new Value.Num(x.value() * y.value(), integral);
            case "/" -> {
                if (y.value() == 0) throw new CheckError("qnet.expr.division", b.span(), "division by zero");
                double q = x.value() / y.value();
                yield new Value.Num(q, integral && q == Math.rint(q));
            }
            case "%" -> {
                if (y.value() == 0) throw new CheckError("qnet.expr.division", b.span(), "division by zero");
                yield new Value.Num(x.value() % y.value(), integral);
            }
            case "**" -> {
                double p = Math.pow(x.value(), y.value());
                yield new Value.Num(p, integral && y.value() >= 0 && p == Math.rint(p));
            }
            default -> throw new IllegalStateException("operator " + b.op());
        };
    }

    /** Angles may be affine in one parameter: (a + s*t) op constant, constant op (a + s*t). */
    private Value affine(Expr.Binary b, Value l, Value r, Map<String, Value> locals, Map<String, ParamArrayScope> arrays) {
        String op = b.op();
        if (l instanceof Value.Affine x && r instanceof Value.Affine y) {
            if ((op.equals("+") || op.equals("-")) && x.index() == y.index()) {
                double sign = op.equals("+") ? 1 : -1;
                return new Value.Affine(x.offset() + sign * y.offset(), x.index(), x.scale() + sign * y.scale());
            }
            throw notAffine(b);
        }
        if (l instanceof Value.Affine x) {
            double c = numeric(r, b.right(), locals, arrays).value();
            return switch (op) {
                case "+" -> new Value.Affine(x.offset() + c, x.index(), x.scale());
                case "-" -> new Value.Affine(x.offset() - c, x.index(), x.scale());
                case "*" -> new Value.Affine(x.offset() * c, x.index(), x.scale() * c);
                case "/" -> {
                    if (c == 0) throw new CheckError("qnet.expr.division", b.span(), "division by zero");
                    yield new Value.Affine(x.offset() / c, x.index(), x.scale() / c);
                }
                default -> throw notAffine(b);
            };
        }
        Value.Affine y = (Value.Affine) r;
        double c = numeric(l, b.left(), locals, arrays).value();
        return switch (op) {
            case "+" -> new Value.Affine(c + y.offset(), y.index(), y.scale());
            case "-" -> new Value.Affine(c - y.offset(), y.index(), -y.scale());
            case "*" -> new Value.Affine(c * y.offset(), y.index(), c * y.scale());
            default -> throw notAffine(b);
        };
    }

    private static CheckError notAffine(Expr.Binary b) {
        return new CheckError("qnet.circuit.angle", b.span(),
                "gate angle must be a constant or affine in one circuit parameter (offset + scale * t[i])");
    }

    /** The value as a number, or an error that names the problem (unknown name, wrong kind). */
    public Value.Num numeric(Value v, Expr at, Map<String, Value> locals, Map<String, ParamArrayScope> arrays) {
        if (v instanceof Value.Num n) return n;
        if (v instanceof Value.Degrees d) return new Value.Num(Math.toRadians(d.degrees()), false);
        throw notANumber(v, at, locals, arrays);
    }

    public CheckError notANumber(Value v, Expr at, Map<String, Value> locals, Map<String, ParamArrayScope> arrays) {
        if (v instanceof Value.Sym s) {
            Set<String> names = new LinkedHashSet<>(locals.keySet());
            names.addAll(constants.keySet());
            names.addAll(arrays.keySet());
            names.add("pi");
            return new CheckError("qnet.name.unknown", at.span(), "unknown name '" + s.name() + "'",
                    Suggestions.didYouMean(s.name(), names));
        }
        if (v instanceof Value.Affine) {
            return new CheckError("qnet.circuit.angle", at.span(), "circuit parameters may only be used in gate angles");
        }
        return new CheckError("qnet.type", at.span(), "expected a number, found " + v);
    }

    /** The value as an integer; {@code what} names the slot in the message ("an array index"). */
    public long integer(Value v, Expr at, String what, Map<String, Value> locals, Map<String, ParamArrayScope> arrays) {
        Value.Num n = numeric(v, at, locals, arrays);
        if (!n.integral() && n.value() != Math.rint(n.value())) {
            throw new CheckError("qnet.type", at.span(), "expected an integer for " + what + ", found " + n);
        }
        return (long) n.value();
    }

    /** Constants evaluated in declaration order; each may use the ones before it. */
    public static Map<String, Value> newConstantTable() { return new HashMap<>(); }
}
