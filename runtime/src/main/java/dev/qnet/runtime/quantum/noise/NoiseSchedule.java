package dev.qnet.runtime.quantum.noise;

import dev.qnet.core.NoiseScope;
import dev.qnet.runtime.quantum.Circuit;
import dev.qnet.runtime.quantum.Gate;
import java.util.ArrayList;
import java.util.List;

/**
 * A circuit's gates interleaved with the one-qubit channels a {@link NoiseModel} attaches to them,
 * in the order every noisy simulator applies them.
 *
 * <p>Per-gate rules (one-qubit, two-qubit, all, named gates) follow the gate they match, in
 * declaration order, as one channel on each qubit the gate touches (controls included). With a
 * {@link NoiseScope#LAYER} rule the gates are first grouped into moments (each gate goes in the
 * moment after the last one using any of its qubits, so a moment's gates act on disjoint qubits and
 * the reordering changes no result), and the layer channels follow each moment on every qubit of the
 * register, idle or not. Rules whose parameters are all zero are dropped, so a zero-noise model
 * schedules exactly the circuit.
 */
public final class NoiseSchedule {

    /** One step: gate {@code gate} of the circuit (then {@code qubit} is -1), or a channel on {@code qubit}. */
    public record Step(int gate, int qubit, double[][] kraus) {
        public boolean isGate() { return gate >= 0; }
    }

    private final List<Step> steps;

    public NoiseSchedule(Circuit circuit, NoiseModel model) {
        List<NoiseModel.Rule> perGate = new ArrayList<>();
        List<NoiseModel.Rule> perLayer = new ArrayList<>();
        for (NoiseModel.Rule r : model.rules()) {
            if (r.isIdentity()) {
                continue;
            }
            (r.scope() == NoiseScope.LAYER ? perLayer : perGate).add(r);
        }
        List<Gate> gates = circuit.gates();
        int n = circuit.qubits();
        int[] order = new int[gates.size()];
        int[] moment = new int[gates.size()];
        int moments = 0;
        if (perLayer.isEmpty()) {
            for (int g = 0; g < order.length; g++) {
                order[g] = g;
            }
        } else {
            int[] last = new int[n];
            for (int g = 0; g < gates.size(); g++) {
                int m = 0;
                for (int q : gates.get(g).qubits()) {
                    m = Math.max(m, last[q]);
                }
                moment[g] = m;
                for (int q : gates.get(g).qubits()) {
                    last[q] = m + 1;
                }
                moments = Math.max(moments, m + 1);
            }
            int p = 0;
            for (int m = 0; m < moments; m++) {
                for (int g = 0; g < gates.size(); g++) {
                    if (moment[g] == m) {
                        order[p++] = g;
                    }
                }
            }
        }
        List<Step> s = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            int g = order[i];
            Gate gate = gates.get(g);
            s.add(new Step(g, -1, null));
            for (NoiseModel.Rule r : perGate) {
                if (applies(r, gate)) {
                    double[][] k = Channels.kraus(r.channel(), r.params());
                    for (int q : gate.qubits()) {
                        s.add(new Step(-1, q, k));
                    }
                }
            }
            boolean momentEnds = !perLayer.isEmpty() && (i + 1 == order.length || moment[order[i + 1]] != moment[g]);
            if (momentEnds) {
                for (NoiseModel.Rule r : perLayer) {
                    double[][] k = Channels.kraus(r.channel(), r.params());
                    for (int q = 0; q < n; q++) {
                        s.add(new Step(-1, q, k));
                    }
                }
            }
        }
        this.steps = List.copyOf(s);
    }

    private static boolean applies(NoiseModel.Rule r, Gate gate) {
        int arity = gate.qubits().length;
        return switch (r.scope()) {
            case ONE_QUBIT_GATES -> arity == 1;
            case TWO_QUBIT_GATES -> arity >= 2;
            case ALL_GATES -> true;
            case NAMED_GATES -> r.gates().contains(gate.kind());
            case LAYER -> false;
        };
    }

    public List<Step> steps() { return steps; }

    /** Number of channel steps. */
    public long channelCount() {
        return steps.stream().filter(st -> !st.isGate()).count();
    }
}
