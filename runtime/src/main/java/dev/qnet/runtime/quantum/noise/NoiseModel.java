package dev.qnet.runtime.quantum.noise;

import dev.qnet.core.NoiseChannel;
import dev.qnet.core.NoiseScope;
import dev.qnet.runtime.quantum.GateKind;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A device's noise as the simulators apply it: channel rules attached to gates (in declaration
 * order, after the gate they follow) and readout error on the measured bits. Built by the driver
 * from a checked {@code noise} declaration; the runtime knows nothing of its syntax.
 *
 * @param name    the declaration's name, for reports ({@code "inline"} for a command-line model)
 * @param rules   channel rules, applied in this order after each gate they match
 * @param readout per-qubit readout error, or {@link Readout#NONE}
 */
public record NoiseModel(String name, List<Rule> rules, Readout readout) {

    /** No noise at all: every simulator must give exactly its noiseless result under it. */
    public static final NoiseModel NONE = new NoiseModel("none", List.of(), Readout.NONE);

    public NoiseModel {
        rules = List.copyOf(rules);
    }

    /** True when no rule and no readout error can change a result. */
    public boolean isNoiseless() {
        return rules.stream().allMatch(Rule::isIdentity) && readout.isNone();
    }

    /**
     * One channel applied in one scope.
     *
     * @param gates  the gates of a {@link NoiseScope#NAMED_GATES} rule (empty for other scopes)
     * @param params the channel's probabilities, in {@link NoiseChannel#parameters()} order
     */
    public record Rule(NoiseScope scope, Set<GateKind> gates, NoiseChannel channel, double[] params) {
        public Rule {
            gates = Set.copyOf(gates);
            params = params.clone();
            if (params.length != channel.parameters().size()) {
                throw new IllegalArgumentException(channel.keyword() + " takes " + channel.parameters().size()
                        + " parameter(s), got " + params.length);
            }
        }

        public boolean isIdentity() {
            return Arrays.stream(params).allMatch(p -> p == 0);
        }

        @Override public double[] params() { return params.clone(); }
    }

    /**
     * Readout error: a measured 0 reads as 1 with {@code p1given0[q]}, a 1 as 0 with {@code p0given1[q]}.
     * A single value applies to every qubit (arrays of length 1).
     */
    public record Readout(double[] p1given0, double[] p0given1) {
        public static final Readout NONE = new Readout(new double[] {0}, new double[] {0});

        public Readout {
            p1given0 = p1given0.clone();
            p0given1 = p0given1.clone();
        }

        public double p1given0(int qubit) { return p1given0.length == 1 ? p1given0[0] : p1given0[qubit]; }

        public double p0given1(int qubit) { return p0given1.length == 1 ? p0given1[0] : p0given1[qubit]; }

        public boolean isNone() {
            return Arrays.stream(p1given0).allMatch(p -> p == 0) && Arrays.stream(p0given1).allMatch(p -> p == 0);
        }
    }
}
