package dev.qnet.compiler.resolve;

import dev.qnet.compiler.ast.Argument;
import dev.qnet.compiler.ast.Expr;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.diag.Suggestions;
import dev.qnet.compiler.source.Span;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches call arguments to parameter names: positional arguments first, in order, then named
 * ones. Reports every problem of the call (unknown, duplicate, missing, too many) at once.
 */
public final class ArgumentBinder {
    private ArgumentBinder() {}

    /** name -> argument expression, or null when the call had errors (all reported). */
    public static Map<String, Expr> bind(String what, Span at, List<String> params, Set<String> required,
                                         List<Argument> arguments, Diagnostics diagnostics) {
        Map<String, Expr> bound = new LinkedHashMap<>();
        boolean ok = true;
        boolean sawNamed = false;
        int position = 0;
        for (Argument a : arguments) {
            if (!a.isNamed()) {
                if (sawNamed) {
                    diagnostics.error("qnet.args.order", a.span(), "positional argument after named arguments in " + what);
                    ok = false;
                } else if (position >= params.size()) {
                    diagnostics.error("qnet.args.count", a.span(), "too many arguments for " + what + ": it takes "
                            + (params.isEmpty() ? "none" : "at most " + params.size()));
                    ok = false;
                } else {
                    bound.put(params.get(position++), a.value());
                }
                continue;
            }
            sawNamed = true;
            String name = a.name().name();
            if (!params.contains(name)) {
                String hint = Suggestions.didYouMean(name, params);
                if (hint == null && !params.isEmpty()) hint = "parameters of " + what + ": " + String.join(", ", params);
                diagnostics.error("qnet.args.unknown", a.name().span(), "unknown argument '" + name + "' for " + what, hint);
                ok = false;
            } else if (bound.containsKey(name)) {
                diagnostics.error("qnet.args.duplicate", a.name().span(), "argument '" + name + "' is given twice");
                ok = false;
            } else {
                bound.put(name, a.value());
            }
        }
        for (String r : params) {
            if (required.contains(r) && !bound.containsKey(r)) {
                diagnostics.error("qnet.args.missing", at, "missing argument '" + r + "' for " + what);
                ok = false;
            }
        }
        return ok ? bound : null;
    }
}
