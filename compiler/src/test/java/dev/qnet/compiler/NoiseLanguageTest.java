package dev.qnet.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.compiler.ir.ExecutionIr;
import dev.qnet.compiler.ir.NoiseIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.source.SourceFile;
import dev.qnet.core.Gate;
import dev.qnet.core.NoiseChannel;
import dev.qnet.core.NoiseScope;
import dev.qnet.core.SimulationMethod;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Noise declarations, stage and train noise, and how auto picks a simulation method. */
class NoiseLanguageTest {
    private static final String CIRCUIT = "circuit c2(a, b; t[2]) { ry(t[0]) a  cnot a, b  ry(t[1]) b }\n";

    private static CompilationResult compile(String text) {
        return Compiler.compile(new SourceFile(Path.of("noise-test.qnet"), text));
    }

    private static Node.QuantumStage stage(CompilationResult r) {
        assertTrue(r.ok(), () -> r.diagnostics().toString());
        Node.Sequence body = (Node.Sequence) r.program().networks().get(0).body();
        return (Node.QuantumStage) body.nodes().get(0);
    }

    private static String network(int qubits, String stageArgs) {
        return CIRCUIT + "network net {\n input [" + qubits + "]\n quantum(qubits: " + qubits + stageArgs
                + ") { encode angle(ry) qconv c2 measure z }\n dense(2)\n}\n";
    }

    @Test
    void declarationBecomesRulesAndReadout() {
        CompilationResult r = compile("""
                noise device {
                    depolarizing(p: 0.001) after one_qubit_gates
                    depolarizing(p: 0.01) after two_qubit_gates
                    amplitude_damping(gamma: 0.002) after layer
                    phase_flip(p: 0.01) after cnot, cz
                    readout(p10: 0.02, p01: 0.03)
                    readout(p10: 0.1, p01: 0.2) on 1, 2
                }
                """ + network(4, ", noise: device"));
        NoiseIr n = stage(r).execution().noise();
        assertEquals("device", n.name());
        assertEquals(4, n.rules().size());
        assertEquals(NoiseScope.ONE_QUBIT_GATES, n.rules().get(0).scope());
        assertEquals(NoiseScope.TWO_QUBIT_GATES, n.rules().get(1).scope());
        assertEquals(NoiseChannel.AMPLITUDE_DAMPING, n.rules().get(2).channel());
        assertEquals(NoiseScope.LAYER, n.rules().get(2).scope());
        assertArrayEquals(new double[] {0.002}, n.rules().get(2).params());
        assertEquals(NoiseScope.NAMED_GATES, n.rules().get(3).scope());
        assertEquals(List.of(Gate.CNOT, Gate.CZ), n.rules().get(3).gates());
        assertEquals(0.02, n.readout().p10(0));
        assertEquals(0.03, n.readout().p01(3));
        assertEquals(0.1, n.readout().p10(1));
        assertEquals(0.2, n.readout().p01(2));
    }

    @Test
    void autoPicksByNoiseAndSize() {
        String model = "noise d { depolarizing(p: 0.01) after all_gates }\n";
        ExecutionIr ideal = stage(compile(model + network(4, ""))).execution();
        assertEquals(SimulationMethod.STATEVECTOR, ideal.method());
        assertEquals("none", ideal.noise().name());
        assertEquals(0, ideal.shots());
        ExecutionIr small = stage(compile(model + network(10, ", noise: d, shots: 1000"))).execution();
        assertEquals(SimulationMethod.DENSITY_MATRIX, small.method());
        assertEquals(1000, small.shots());
        ExecutionIr large = stage(compile(model + network(11, ", noise: d"))).execution();
        assertEquals(SimulationMethod.TRAJECTORIES, large.method());
        ExecutionIr written = stage(compile(model + network(4, ", noise: d, simulation: trajectories"))).execution();
        assertEquals(SimulationMethod.TRAJECTORIES, written.method());
        // a model whose probabilities are all 0 is noiseless: the statevector is exact for it
        ExecutionIr zero = stage(compile("noise z { depolarizing(p: 0) after all_gates }\n" + network(4, ", noise: z"))).execution();
        assertEquals(SimulationMethod.STATEVECTOR, zero.method());
        // readout error alone keeps the state pure: the statevector, readout folded into the observables
        ExecutionIr readout = stage(compile("noise r { readout(p10: 0.1, p01: 0.1) }\n" + network(4, ", noise: r"))).execution();
        assertEquals(SimulationMethod.STATEVECTOR, readout.method());
        assertEquals("auto: readout error only", readout.reason());
    }

    @Test
    void quanvolutionRunsUnderItsModel() {
        CompilationResult r = compile("noise d { bit_flip(p: 0.1) after all_gates  readout(p10: 0.1) on 3 }\n"
                + "network n {\n input [1, 8, 8]\n quanv(k: 2, noise: d, shots: 64)\n flatten dense(2)\n}\n");
        assertTrue(r.ok(), () -> r.diagnostics().toString());
        Node.Quanvolution q = (Node.Quanvolution) ((Node.Sequence) r.program().networks().get(0).body()).nodes().get(0);
        assertEquals("d", q.execution().noise().name());
        assertEquals(64, q.execution().shots());
        assertEquals(SimulationMethod.DENSITY_MATRIX, q.execution().method());
        // a 2x2 patch has qubits 0..3; a 3x3 one would too, but a readout on qubit 3 of a 2-qubit stage is refused
        CompilationResult bad = compile("noise d { readout(p10: 0.1) on 3 }\n" + network(2, ", noise: d"));
        assertTrue(!bad.ok());
        assertEquals("qnet.noise.qubit", bad.diagnostics().get(0).key());
    }

    @Test
    void memoryEstimates() {
        ExecutionIr dm = ExecutionIr.resolve(new NoiseIr("d", List.of(new NoiseIr.Rule(NoiseScope.ALL_GATES, List.of(),
                NoiseChannel.DEPOLARIZING, new double[] {0.1})), NoiseIr.Readout.NONE, null), SimulationMethod.AUTO, 0, 4);
        assertEquals(256L * 16 * 128, dm.stateBytes(4, 128)); // 4^4 complex doubles per sample
        assertEquals(16L * 16 * 128, ExecutionIr.IDEAL.stateBytes(4, 128)); // 2^4
    }

    @Test
    void trainSettingsAreStageDefaults() {
        String text = "noise d { bit_flip(p: 0.05) after all_gates }\n" + network(4, "") + "dataset m = mnist()\n"
                + "network wide {\n input [4]\n quantum(qubits: 4, noise: none, shots: exact) { encode angle(ry) qconv c2 measure z }\n dense(10)\n}\n"
                + "train wide on m { noise d  shots 500 }\n";
        CompilationResult r = compile(text);
        assertTrue(r.ok(), () -> r.diagnostics().toString());
        // the stage names its own noise and shots, which win over the section's
        Node.QuantumStage own = (Node.QuantumStage) ((Node.Sequence) r.program().trains().get(0).network().body()).nodes().get(0);
        assertEquals("none", own.execution().noise().name());
        assertEquals(0, own.execution().shots());
        assertEquals("d", r.program().trains().get(0).settings().format(dev.qnet.core.Setting.NOISE));
        assertEquals("500", r.program().trains().get(0).settings().format(dev.qnet.core.Setting.SHOTS));

        CompilationResult inherit = compile("noise d { bit_flip(p: 0.05) after all_gates }\n" + CIRCUIT + "dataset m = mnist()\n"
                + "network n {\n input [4]\n quantum(qubits: 4) { encode angle(ry) qconv c2 measure z }\n dense(10)\n}\n"
                + "train n on m { noise d  shots 500 }\n");
        assertTrue(inherit.ok(), () -> inherit.diagnostics().toString());
        Node.QuantumStage s = (Node.QuantumStage) ((Node.Sequence) inherit.program().trains().get(0).network().body()).nodes().get(0);
        assertEquals("d", s.execution().noise().name());
        assertEquals(500, s.execution().shots());
        assertEquals(SimulationMethod.DENSITY_MATRIX, s.execution().method());
    }

    @Test
    void scalingMultipliesEveryProbabilityCappedAtOne() {
        CompilationResult r = Compiler.noiseSpec("depolarizing(p: 0.4) after two_qubit_gates; readout(p10: 0.02, p01: 0.6)");
        assertTrue(r.ok(), () -> r.diagnostics().toString());
        NoiseIr n = r.program().noiseModels().get(Compiler.INLINE_NOISE);
        NoiseIr twice = n.scaled(2);
        assertArrayEquals(new double[] {0.8}, twice.rules().get(0).params());
        assertEquals(0.04, twice.readout().p10(), 1e-15);
        assertEquals(1.0, twice.readout().p01());
        assertTrue(n.scaled(0).isNoiseless());
    }

    @Test
    void inlineSpecErrorsAreDiagnosticsOnTheSpecsColumns() {
        CompilationResult r = Compiler.noiseSpec("depolarizing(p: 2) after all_gates");
        assertTrue(!r.ok());
        var d = r.diagnostics().get(0);
        assertEquals("qnet.noise.range", d.key());
        assertEquals(2, d.span().line());
        assertEquals(17, d.span().col()); // the '2' in the spec as typed
    }
}
