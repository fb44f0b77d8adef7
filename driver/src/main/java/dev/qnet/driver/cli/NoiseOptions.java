package dev.qnet.driver.cli;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.diag.DiagnosticPrinter;
import dev.qnet.compiler.diag.Suggestions;
import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.NoiseIr;
import dev.qnet.compiler.ir.Program;
import dev.qnet.compiler.ir.QuantumParts;
import dev.qnet.core.Setting;
import dev.qnet.core.SettingType;
import dev.qnet.driver.experiment.SavedModel;
import dev.qnet.driver.lower.ExperimentBuilder;
import dev.qnet.driver.lower.NetworkLowering;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code --noise SPEC} and {@code --shots N}, read by the front end so a bad spec is a diagnostic. */
final class NoiseOptions {
    private NoiseOptions() {}

    /** The override for a saved run, or null when neither option is given. */
    static NetworkLowering.ExecutionOverride override(Path runDir, String noise, String shots, List<String> parts, PrintWriter err) {
        if (noise == null && shots == null) {
            if (parts != null && !parts.isEmpty()) throw new ExperimentBuilder.SetupException("--parts needs --noise or --shots");
            return null;
        }
        SavedModel.Loaded base = SavedModel.load(runDir);
        NoiseIr model = noise == null ? null : model(base.compiled().program(), noise, err);
        return new NetworkLowering.ExecutionOverride(model, shots == null ? null : shots(shots), parts(parts, base.train().network()),
                null);
    }

    /**
     * {@code --parts}: the quantum stages and quanvolutions the override is for, by the paths
     * {@code qnetc check} prints; empty (the default) means all of them.
     */
    static Set<String> parts(List<String> given, NetworkIr network) {
        if (given == null || given.isEmpty()) return Set.of();
        List<String> known = QuantumParts.of(network.body()).stream().map(QuantumParts.Part::path).toList();
        for (String p : given) {
            if (!known.contains(p)) {
                String hint = Suggestions.didYouMean(p, known);
                throw new ExperimentBuilder.SetupException("--parts " + p + ": " + network.title() + " has no quantum stage or quanvolution '"
                        + p + "'" + (hint != null ? "; " + hint : "") + " (its parts: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
            }
        }
        return Set.copyOf(given);
    }

    /** A declared model's name (or none), else inline rules compiled by the front end. */
    static NoiseIr model(Program program, String spec, PrintWriter err) {
        String name = spec.strip();
        if (name.equals(SettingType.NO_NOISE)) return NoiseIr.NONE;
        if (program.noiseModels().containsKey(name)) return program.noiseModels().get(name);
        if (name.matches("[a-zA-Z_][a-zA-Z_0-9]*")) {
            throw new ExperimentBuilder.SetupException("--noise " + name + ": no noise model '" + name + "' in the run's program; declared: "
                    + (program.noiseModels().isEmpty() ? "none" : String.join(", ", program.noiseModels().keySet())));
        }
        CompilationResult r = Compiler.noiseSpec(spec);
        if (!r.diagnostics().isEmpty()) err.print(DiagnosticPrinter.render(r.diagnostics()));
        if (!r.ok()) {
            err.println("--noise: the noise model has errors");
            throw new RuntimeSupport.Reported();
        }
        return r.program().noiseModels().get(Compiler.INLINE_NOISE);
    }

    static int shots(String text) {
        try {
            return (int) (long) (Long) Setting.SHOTS.type().parse(text);
        } catch (IllegalArgumentException e) {
            throw new ExperimentBuilder.SetupException("--shots " + text + ": " + e.getMessage());
        }
    }
}
