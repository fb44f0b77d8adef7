package dev.qnet.driver.lower;

import dev.qnet.compiler.ir.ExecutionIr;
import dev.qnet.compiler.ir.NoiseIr;
import dev.qnet.core.Gate;
import dev.qnet.core.Limits;
import dev.qnet.runtime.quantum.GateKind;
import dev.qnet.runtime.quantum.noise.Execution;
import dev.qnet.runtime.quantum.noise.NoiseModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A checked noise model and execution (IR) as the runtime's {@link NoiseModel} and {@link Execution}. */
public final class NoiseLowering {
    private NoiseLowering() {}

    /**
     * @param qubits the stage's qubits (a per-qubit readout becomes one value per qubit)
     * @param seed   seeds shot sampling and trajectory branches of this stage
     */
    public static Execution execution(ExecutionIr e, int qubits, long seed) {
        return new Execution(model(e.noise(), qubits), e.method(), e.shots(), Limits.DEFAULT_TRAJECTORIES, seed);
    }

    public static NoiseModel model(NoiseIr noise, int qubits) {
        if (noise == NoiseIr.NONE) return NoiseModel.NONE;
        List<NoiseModel.Rule> rules = new ArrayList<>();
        for (NoiseIr.Rule r : noise.rules()) {
            Set<GateKind> gates = new LinkedHashSet<>();
            for (Gate g : r.gates()) gates.add(GateKind.of(g));
            rules.add(new NoiseModel.Rule(r.scope(), gates, r.channel(), r.params()));
        }
        NoiseIr.Readout ro = noise.readout();
        NoiseModel.Readout readout;
        if (ro.perQubit().isEmpty()) {
            readout = new NoiseModel.Readout(new double[] {ro.p10()}, new double[] {ro.p01()});
        } else {
            double[] p10 = new double[qubits];
            double[] p01 = new double[qubits];
            for (int q = 0; q < qubits; q++) {
                p10[q] = ro.p10(q);
                p01[q] = ro.p01(q);
            }
            readout = new NoiseModel.Readout(p10, p01);
        }
        return new NoiseModel(noise.name(), rules, readout);
    }
}
