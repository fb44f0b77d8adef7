package dev.qnet.compiler.check;

import dev.qnet.compiler.builtin.Arguments;
import dev.qnet.compiler.diag.Suggestions;
import dev.qnet.compiler.ir.ExecutionIr;
import dev.qnet.compiler.ir.NoiseIr;
import dev.qnet.compiler.resolve.CheckError;
import dev.qnet.compiler.resolve.Value;
import dev.qnet.compiler.source.Span;
import dev.qnet.core.Keyword;
import dev.qnet.core.Limits;
import dev.qnet.core.SettingType;
import dev.qnet.core.SimulationMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code noise}, {@code shots} and {@code simulation} arguments of a quantum stage or a
 * quanvolution, resolved against the program's noise models and the train section's defaults
 * into an {@link ExecutionIr}.
 */
final class ExecutionChecker {
    private ExecutionChecker() {}

    /** A train section's {@code noise} and {@code shots}: what stages run under unless they say otherwise. */
    record Defaults(NoiseIr noise, int shots) {
        static final Defaults IDEAL = new Defaults(NoiseIr.NONE, 0);
    }

    static ExecutionIr check(Arguments args, Span at, int qubits, Defaults defaults, Map<String, NoiseIr> models) {
        NoiseIr noise = defaults.noise();
        if (args.given("noise")) noise = model(args.value("noise"), args.span("noise", at), models);
        int shots = defaults.shots();
        if (args.given("shots")) shots = shots(args.value("shots"), args.span("shots", at));
        Span methodAt = args.span("simulation", at);
        Value m = args.value("simulation");
        SimulationMethod requested = m instanceof Value.Sym s ? Keyword.lookup(SimulationMethod.values(), s.name()).orElse(null) : null;
        if (requested == null) {
            List<String> words = Keyword.keywords(SimulationMethod.values());
            String hint = m instanceof Value.Sym s ? Suggestions.didYouMean(s.name(), words) : null;
            throw new CheckError("qnet.noise.simulation", methodAt, "unknown simulation method "
                    + (m instanceof Value.Sym s ? "'" + s.name() + "'" : String.valueOf(m)),
                    hint != null ? hint : "expected one of: " + String.join(", ", words));
        }
        if (requested == SimulationMethod.STATEVECTOR && noise.hasGateNoise()) {
            throw new CheckError("qnet.noise.simulation", methodAt, "a statevector cannot simulate noise model '" + noise.name() + "'",
                    "use density_matrix, trajectories or auto");
        }
        if (requested == SimulationMethod.DENSITY_MATRIX && qubits > Limits.MAX_DENSITY_QUBITS) {
            throw new CheckError("qnet.noise.simulation", methodAt, "a density matrix of " + qubits + " qubits exceeds the limit of "
                    + Limits.MAX_DENSITY_QUBITS, "use trajectories or auto");
        }
        if (noise.readout().maxQubit() >= qubits) {
            throw new CheckError("qnet.noise.qubit", args.span("noise", at), "noise model '" + noise.name() + "' sets the readout of qubit "
                    + noise.readout().maxQubit() + " but this stage has " + qubits + " qubits (0.." + (qubits - 1) + ")");
        }
        return ExecutionIr.resolve(noise, requested, shots, qubits);
    }

    /** The model a name refers to ({@code none} = noiseless), with did-you-mean for unknown names. */
    static NoiseIr model(Value v, Span at, Map<String, NoiseIr> models) {
        if (!(v instanceof Value.Sym s)) throw new CheckError("qnet.type", at, "expected the name of a noise model, found " + v);
        return model(s.name(), at, models);
    }

    static NoiseIr model(String name, Span at, Map<String, NoiseIr> models) {
        if (name.equals(SettingType.NO_NOISE)) return NoiseIr.NONE;
        NoiseIr ir = models.get(name);
        if (ir != null) return ir;
        List<String> names = new ArrayList<>(models.keySet());
        names.add(SettingType.NO_NOISE);
        throw new CheckError("qnet.noise.unknown", at, "unknown noise model '" + name + "'", Suggestions.didYouMean(name, names));
    }

    static int shots(Value v, Span at) {
        if (v instanceof Value.Sym s && s.name().equals(SettingType.EXACT)) return 0;
        if (v instanceof Value.Num n && n.value() == Math.rint(n.value())) {
            if (n.value() < 1 || n.value() > Integer.MAX_VALUE) {
                throw new CheckError("qnet.noise.shots", at, "shots must be positive (or exact), found " + (long) n.value());
            }
            return (int) n.value();
        }
        throw new CheckError("qnet.noise.shots", at, "shots must be a positive integer or exact, found " + v);
    }
}
