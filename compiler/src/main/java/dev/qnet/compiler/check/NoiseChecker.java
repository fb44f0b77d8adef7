package dev.qnet.compiler.check;

import dev.qnet.compiler.ast.Decl;
import dev.qnet.compiler.ast.Expr;
import dev.qnet.compiler.ast.Ident;
import dev.qnet.compiler.ast.NoiseStmt;
import dev.qnet.compiler.builtin.Arguments;
import dev.qnet.compiler.builtin.Builtins;
import dev.qnet.compiler.builtin.Form;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.diag.Suggestions;
import dev.qnet.compiler.ir.NoiseIr;
import dev.qnet.compiler.resolve.Bindings;
import dev.qnet.compiler.resolve.CheckError;
import dev.qnet.compiler.resolve.Evaluator;
import dev.qnet.core.Gate;
import dev.qnet.core.Keyword;
import dev.qnet.core.Limits;
import dev.qnet.core.NoiseChannel;
import dev.qnet.core.NoiseScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks {@code noise} declarations into {@link NoiseIr}: every parameter a probability in
 * [0, 1] (which is exactly the range where each channel's Kraus operators satisfy
 * sum K^dagger K = I, so a checked model is trace-preserving rule by rule, and a sequence of
 * trace-preserving channels is too), channels placed {@code after} a scope word or existing gate
 * names, readout on all qubits or {@code on} listed ones, each at most once.
 */
public final class NoiseChecker {
    /** The word of {@code readout} rules (its signature is in {@link Builtins}, form NOISE). */
    public static final String READOUT = "readout";

    private final Bindings bindings;
    private final Evaluator evaluator;
    private final Diagnostics diagnostics;

    public NoiseChecker(Bindings bindings, Evaluator evaluator, Diagnostics diagnostics) {
        this.bindings = bindings;
        this.evaluator = evaluator;
        this.diagnostics = diagnostics;
    }

    /** The scope words a rule may name after {@code after} (named gates are written as gate names). */
    public static List<String> scopeWords() {
        List<String> out = new ArrayList<>();
        for (NoiseScope s : NoiseScope.values()) if (s != NoiseScope.NAMED_GATES) out.add(s.keyword());
        return out;
    }

    /**
     * Every model by name. A model with errors (reported) is kept without its bad rules, so uses
     * of it are not reported as unknown; the phase's errors stop compilation anyway.
     */
    public Map<String, NoiseIr> checkAll(List<Decl.Noise> decls) {
        Map<String, NoiseIr> out = new LinkedHashMap<>();
        for (Decl.Noise d : decls) out.put(d.name().name(), check(d));
        return out;
    }

    NoiseIr check(Decl.Noise d) {
        List<NoiseIr.Rule> rules = new ArrayList<>();
        NoiseStmt allReadout = null;
        double p10 = 0;
        double p01 = 0;
        Map<Integer, double[]> perQubit = new TreeMap<>();
        for (NoiseStmt r : d.rules()) {
            try {
                String word = r.call().name().name();
                Map<String, Expr> bound = bindings.of(r.call());
                if (bound == null) continue; // unknown channel or bad arguments: reported by the resolver
                Arguments args = new Arguments(Builtins.lookup(Form.NOISE, word).orElseThrow(), bound, evaluator, Map.of());
                if (word.equals(READOUT)) {
                    if (!r.after().isEmpty()) {
                        throw new CheckError("qnet.noise.after", r.after().get(0).span(), "readout error applies to measured bits, not after gates",
                                "write 'readout(p10: ..., p01: ...)' for every qubit or add 'on 0, 1' for some");
                    }
                    double a = probability(args, "p10", r);
                    double b = probability(args, "p01", r);
                    if (r.on().isEmpty()) {
                        if (allReadout != null) {
                            throw new CheckError("qnet.noise.duplicate", r.call().name().span(), "readout for every qubit is set twice",
                                    "first set at " + allReadout.span());
                        }
                        allReadout = r;
                        p10 = a;
                        p01 = b;
                    }
                    for (Expr q : r.on()) {
                        long i = evaluator.integer(evaluator.eval(q, Map.of()), q, "a readout qubit", Map.of(), Map.of());
                        if (i < 0 || i >= Limits.MAX_QUBITS) {
                            throw new CheckError("qnet.noise.qubit", q.span(), "readout qubit must be in 0.." + (Limits.MAX_QUBITS - 1) + ", found " + i);
                        }
                        if (perQubit.put((int) i, new double[] {a, b}) != null) {
                            throw new CheckError("qnet.noise.duplicate", q.span(), "readout of qubit " + i + " is set twice");
                        }
                    }
                    continue;
                }
                NoiseChannel channel = Keyword.lookup(NoiseChannel.values(), word).orElseThrow();
                if (!r.on().isEmpty()) {
                    throw new CheckError("qnet.noise.on", r.on().get(0).span(), "'on' lists readout qubits; a channel is placed with 'after'");
                }
                double[] params = new double[channel.parameters().size()];
                for (int i = 0; i < params.length; i++) params[i] = probability(args, channel.parameters().get(i), r);
                if (r.after().isEmpty()) {
                    throw new CheckError("qnet.noise.after", r.call().name().span(), "say where '" + word + "' applies",
                            "add 'after' and one of " + String.join(", ", scopeWords()) + ", or gate names (after cnot, cz)");
                }
                rules.add(placed(channel, params, r.after()));
            } catch (CheckError e) {
                e.report(diagnostics);
            }
        }
        return new NoiseIr(d.name().name(), rules, new NoiseIr.Readout(p10, p01, perQubit), d.name().span());
    }

    private NoiseIr.Rule placed(NoiseChannel channel, double[] params, List<Ident> after) {
        Ident first = after.get(0);
        NoiseScope scope = Keyword.lookup(NoiseScope.values(), first.name()).filter(s -> s != NoiseScope.NAMED_GATES).orElse(null);
        if (scope != null) {
            if (after.size() > 1) {
                throw new CheckError("qnet.noise.after", after.get(1).span(), "'" + first.name() + "' already names every gate it applies to",
                        "write one rule per scope, or list gate names only");
            }
            return new NoiseIr.Rule(scope, List.of(), channel, params);
        }
        List<Gate> gates = new ArrayList<>();
        for (Ident g : after) {
            Gate gate = Keyword.lookup(Gate.values(), g.name()).orElse(null);
            if (gate == null) {
                List<String> words = new ArrayList<>(scopeWords());
                words.addAll(Keyword.spellings(Gate.values()));
                String hint = Suggestions.didYouMean(g.name(), words);
                throw new CheckError("qnet.noise.gate", g.span(), "unknown gate or scope '" + g.name() + "' after '" + channel.keyword() + "'",
                        hint != null ? hint : "expected one of " + String.join(", ", scopeWords()) + " or gate names");
            }
            if (gates.contains(gate)) throw new CheckError("qnet.noise.duplicate", g.span(), "gate '" + g.name() + "' is listed twice");
            gates.add(gate);
        }
        return new NoiseIr.Rule(NoiseScope.NAMED_GATES, gates, channel, params);
    }

    private double probability(Arguments args, String name, NoiseStmt r) {
        double p = args.real(name);
        if (!(p >= 0 && p <= 1)) {
            throw new CheckError("qnet.noise.range", args.span(name, r.call().name().span()), "'" + name + "' of '" + r.call().name().name()
                    + "' is a probability and must be in [0, 1], found " + p);
        }
        return p;
    }
}
