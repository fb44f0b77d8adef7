package dev.qnet.compiler.ir;

import dev.qnet.compiler.source.Span;
import dev.qnet.core.Gate;
import dev.qnet.core.NoiseChannel;
import dev.qnet.core.NoiseScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checked noise model: channel rules in declaration order and readout error. Every probability
 * is in [0, 1] (the checker guarantees it), so every channel is trace-preserving by construction.
 *
 * @param rules   applied in this order after each gate (or layer) they match
 * @param readout P(1|0) and P(0|1) for every qubit, with per-qubit exceptions
 */
public record NoiseIr(String name, List<Rule> rules, Readout readout, Span span) {
    public NoiseIr {
        rules = List.copyOf(rules);
    }

    /** No noise: what a stage runs under when nothing names a model. */
    public static final NoiseIr NONE = new NoiseIr("none", List.of(), Readout.NONE, null);

    /** True when some channel rule has a non-zero probability (readout error alone is not gate noise). */
    public boolean hasGateNoise() {
        return !rules.stream().allMatch(Rule::isIdentity);
    }

    /** True when no rule and no readout error can change a result. */
    public boolean isNoiseless() {
        return rules.stream().allMatch(Rule::isIdentity) && readout.isNone();
    }

    /**
     * The model as the statements of a noise declaration, one per rule in order, then the readout
     * error ({@code readout(p10: 0.02, p01: 0.02)}, per-qubit values as {@code ... on 3}); empty when
     * the model has neither. What reports print for a model.
     */
    public List<String> statements() {
        List<String> out = new ArrayList<>();
        for (Rule r : rules) out.add(r.toSource());
        if (readout.p10() != 0 || readout.p01() != 0) out.add(Readout.toSource(readout.p10(), readout.p01()));
        readout.perQubit().forEach((q, v) -> out.add(Readout.toSource(v[0], v[1]) + " on " + q));
        return out;
    }

    /**
     * The same model with every probability multiplied by {@code factor} and capped at 1 (the
     * robustness sweep's noise strength); {@code scaled(0)} is noiseless, {@code scaled(1)} itself.
     */
    public NoiseIr scaled(double factor) {
        if (factor < 0) throw new IllegalArgumentException("a noise scale must be >= 0, found " + factor);
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            double[] p = new double[r.params().length];
            for (int i = 0; i < p.length; i++) p[i] = cap(r.params()[i] * factor);
            out.add(new Rule(r.scope(), r.gates(), r.channel(), p));
        }
        Map<Integer, double[]> perQubit = new TreeMap<>();
        readout.perQubit().forEach((q, v) -> perQubit.put(q, new double[] {cap(v[0] * factor), cap(v[1] * factor)}));
        return new NoiseIr(name, out, new Readout(cap(readout.p10() * factor), cap(readout.p01() * factor), perQubit), span);
    }

    private static double cap(double p) {
        return Math.min(1, p);
    }

    /**
     * One channel in one scope.
     *
     * @param gates  the gates of a {@link NoiseScope#NAMED_GATES} rule, empty otherwise
     * @param params the channel's probabilities in {@link NoiseChannel#parameters()} order
     */
    public record Rule(NoiseScope scope, List<Gate> gates, NoiseChannel channel, double[] params) {
        public Rule {
            gates = List.copyOf(gates);
            params = params.clone();
        }

        @Override public double[] params() { return params.clone(); }

        public boolean isIdentity() {
            for (double p : params) if (p != 0) return false;
            return true;
        }

        /** As a noise declaration writes it: {@code depolarizing(p: 0.01) after two_qubit_gates}. */
        public String toSource() {
            StringBuilder s = new StringBuilder(channel.keyword()).append('(');
            for (int i = 0; i < params.length; i++) {
                if (i > 0) s.append(", ");
                s.append(channel.parameters().get(i)).append(": ").append(params[i]);
            }
            s.append(") after ");
            if (scope == NoiseScope.NAMED_GATES) {
                s.append(String.join(", ", gates.stream().map(Gate::keyword).toList()));
            } else {
                s.append(scope.keyword());
            }
            return s.toString();
        }
    }

    /**
     * Readout error: a measured 0 reads as 1 with {@code p10}, a 1 as 0 with {@code p01}, on every
     * qubit except those in {@code perQubit} (qubit -> {p10, p01}).
     */
    public record Readout(double p10, double p01, Map<Integer, double[]> perQubit) {
        public static final Readout NONE = new Readout(0, 0, Map.of());

        public Readout {
            Map<Integer, double[]> copy = new TreeMap<>();
            perQubit.forEach((q, v) -> copy.put(q, v.clone()));
            perQubit = java.util.Collections.unmodifiableMap(copy);
        }

        public double p10(int qubit) { return perQubit.containsKey(qubit) ? perQubit.get(qubit)[0] : p10; }

        public double p01(int qubit) { return perQubit.containsKey(qubit) ? perQubit.get(qubit)[1] : p01; }

        public boolean isNone() {
            return p10 == 0 && p01 == 0 && perQubit.values().stream().allMatch(v -> v[0] == 0 && v[1] == 0);
        }

        static String toSource(double p10, double p01) {
            return "readout(p10: " + p10 + ", p01: " + p01 + ")";
        }

        /** The highest qubit index named by a per-qubit readout, or -1. */
        public int maxQubit() {
            return perQubit.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        }
    }
}
