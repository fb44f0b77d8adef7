package dev.qnet.bench.quantum;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qnet.bench.compiled.StepPlan;
import dev.qnet.core.NoiseChannel;
import dev.qnet.core.NoiseScope;
import dev.qnet.core.SimulationMethod;
import dev.qnet.runtime.quantum.Circuit;
import dev.qnet.runtime.quantum.Encodings;
import dev.qnet.runtime.quantum.GateKind;
import dev.qnet.runtime.quantum.Observable;
import dev.qnet.runtime.quantum.Qcnn;
import dev.qnet.runtime.quantum.QuantumLayer;
import dev.qnet.runtime.quantum.noise.Execution;
import dev.qnet.runtime.quantum.noise.NoiseModel;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The quantum stage of the study QCNN (examples/study/qcnn.qnet: 8 qubits, conv/pool with unshared
 * parameters, 8 -> 4 -> 2, a last conv, &lt;Z&gt; of qubits 6 and 7) as a {@link QuantumLayer} under
 * device-level noise on the exact density matrix, against bench/peers/torch_density_qcnn8.py (same
 * circuit, same noise): times forward + backward of the layer and a dense(2) softmax cross-entropy
 * head on a fixed random batch of angles, the quantum work of one training step (the optimiser's
 * update of 61 numbers is negligible beside it).
 *
 * <p>usage: DensityQcnnBench BATCH [--p1 P] [--p2 P] [--readout R] [StepPlan options]; prints one
 * JSON line with every step's milliseconds. Not run by bench/run yet.
 */
public final class DensityQcnnBench {

    private DensityQcnnBench() {
    }

    /** The study's quantum stage: what the compiler lowers examples/study/qcnn.qnet's quantum block to. */
    static Circuit studyCircuit() {
        Circuit.Builder b = Circuit.builder(8);
        Encodings.angle(b, GateKind.RY, 0, 1.0);
        int[] active = {0, 1, 2, 3, 4, 5, 6, 7};
        for (int level = 0; level < 2; level++) {
            Qcnn.conv(b, active, Qcnn.peerConv(), false);
            active = Qcnn.pool(b, active, Qcnn.peerPool(), false);
        }
        Qcnn.conv(b, active, Qcnn.peerConv(), false);
        return b.build();
    }

    static NoiseModel device(double p1, double p2, double readout) {
        return new NoiseModel("device", List.of(
            new NoiseModel.Rule(NoiseScope.ONE_QUBIT_GATES, Set.of(), NoiseChannel.DEPOLARIZING, new double[] {p1}),
            new NoiseModel.Rule(NoiseScope.TWO_QUBIT_GATES, Set.of(), NoiseChannel.DEPOLARIZING, new double[] {p2})),
            new NoiseModel.Readout(new double[] {readout}, new double[] {readout}));
    }

    public static void main(String[] args) {
        List<String> a = List.of(args);
        if (a.isEmpty()) {
            System.err.println("usage: DensityQcnnBench BATCH [--p1 P] [--p2 P] [--readout R] [--warmup-steps N]"
                + " [--warmup-seconds S] [--steps N] [--seconds S]");
            System.exit(2);
        }
        int batch = Integer.parseInt(a.get(0));
        double p1 = option(a, "--p1", 1e-3), p2 = option(a, "--p2", 1e-2), readout = option(a, "--readout", 2e-2);
        StepPlan plan = StepPlan.parse(a, new StepPlan(1, 0, 3, 0));
        Circuit circuit = studyCircuit();
        Execution exec = new Execution(device(p1, p2, readout), SimulationMethod.DENSITY_MATRIX, 0, 0, 0);
        QuantumLayer layer = new QuantumLayer("quantum", circuit, List.of(new Observable.Z(6), new Observable.Z(7)),
            DataType.FLOAT, 0, exec);
        Random rnd = new Random(0);
        double[] xs = new double[batch * 8];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = rnd.nextDouble() * Math.PI;
        }
        INDArray x = Nd4j.createFromArray(xs).reshape(batch, 8).castTo(DataType.FLOAT);
        int[] labels = rnd.ints(batch, 0, 2).toArray();
        float[] w = {0.3f, -0.2f, 0.1f, 0.4f};
        double[] loss = {Double.NaN};
        StepPlan.Times times = plan.time(() -> {
            layer.parameters().get(0).zeroGrad();
            INDArray z = layer.forward(x, true);
            // dense(2) head and softmax cross-entropy, by hand: its cost is nothing beside the circuit
            INDArray dz = Nd4j.zeros(DataType.FLOAT, batch, 2);
            double l = 0;
            for (int b = 0; b < batch; b++) {
                float z0 = z.getFloat(b, 0), z1 = z.getFloat(b, 1);
                double l0 = z0 * w[0] + z1 * w[2], l1 = z0 * w[1] + z1 * w[3];
                double m = Math.max(l0, l1), e0 = Math.exp(l0 - m), e1 = Math.exp(l1 - m);
                double q0 = e0 / (e0 + e1), q1 = e1 / (e0 + e1);
                l -= Math.log(labels[b] == 0 ? q0 : q1);
                double g0 = (q0 - (labels[b] == 0 ? 1 : 0)) / batch, g1 = (q1 - (labels[b] == 1 ? 1 : 0)) / batch;
                dz.putScalar(new int[] {b, 0}, g0 * w[0] + g1 * w[1]);
                dz.putScalar(new int[] {b, 1}, g0 * w[2] + g1 * w[3]);
            }
            loss[0] = l / batch;
            layer.backward(dz);
        });
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("impl", "qnet");
        out.put("simulator", "density_matrix");
        out.put("mode", "train");
        out.put("batch", batch);
        out.put("circuit_params", circuit.parameterCount());
        out.put("gates", circuit.gates().size());
        ObjectNode noise = out.putObject("noise");
        noise.put("p1", p1);
        noise.put("p2", p2);
        noise.put("readout", readout);
        ArrayNode warm = out.putArray("warmup_ms");
        for (double v : times.warmupMs()) {
            warm.add(Math.round(v * 100) / 100.0);
        }
        ArrayNode ms = out.putArray("ms");
        for (double v : times.ms()) {
            ms.add(Math.round(v * 100) / 100.0);
        }
        out.put("loss_last", loss[0]);
        System.out.println(out.toString());
        System.err.println(String.format(Locale.ROOT, "qnet density matrix, batch %d: %d steps", batch, times.ms().length));
    }

    private static double option(List<String> a, String name, double dflt) {
        int i = a.indexOf(name);
        return i >= 0 && i + 1 < a.size() ? Double.parseDouble(a.get(i + 1)) : dflt;
    }
}
