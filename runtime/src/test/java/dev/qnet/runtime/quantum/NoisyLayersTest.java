package dev.qnet.runtime.quantum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.core.NoiseChannel;
import dev.qnet.core.NoiseScope;
import dev.qnet.core.SimulationMethod;
import dev.qnet.runtime.quantum.noise.Execution;
import dev.qnet.runtime.quantum.noise.NoiseModel;
import dev.qnet.runtime.quantum.noise.NoiseSimulation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** QuantumLayer and Quanvolution under an Execution. */
class NoisyLayersTest {

    private static final NoiseModel NOISE = new NoiseModel("n", List.of(
        new NoiseModel.Rule(NoiseScope.ALL_GATES, Set.of(), NoiseChannel.DEPOLARIZING, new double[] {0.05}),
        new NoiseModel.Rule(NoiseScope.LAYER, Set.of(), NoiseChannel.PHASE_DAMPING, new double[] {0.02})),
        new NoiseModel.Readout(new double[] {0.03}, new double[] {0.05}));

    private static Circuit qcnn4() {
        Circuit.Builder b = Circuit.builder(4);
        Encodings.angle(b, GateKind.RY, 0, 1.0);
        int[] active = {0, 1, 2, 3};
        while (active.length > 1) {
            Qcnn.conv(b, active, Qcnn.peerConv(), true);
            active = Qcnn.pool(b, active, Qcnn.peerPool(), true);
        }
        return b.build();
    }

    @Test
    void idealExecutionIsBitForBitTheStatevectorSimulator() {
        Circuit c = qcnn4();
        List<Observable> obs = List.of(new Observable.Z(3), new Observable.ZProduct(new int[] {2, 3}));
        QuantumLayer layer = new QuantumLayer("q", c, obs, DataType.DOUBLE, 1, Execution.IDEAL);
        assertTrue(layer.simulator() instanceof StatevectorSimulator);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4);
        double[] y = layer.forward(x, true).data().asDouble();
        double[] want = new StatevectorSimulator(c, obs).forward(layer.thetaValues(), x.dup('c').data().asDouble(), 5).outputs();
        assertArrayEquals(want, y, 0);
    }

    /** A noisy layer outputs the density-matrix values and its gradients match finite differences through the layer. */
    @Test
    void noisyLayerTrainsThroughTheDensityMatrix() {
        Circuit c = qcnn4();
        List<Observable> obs = List.of(new Observable.Z(3), new Observable.ZProduct(new int[] {2, 3}));
        Execution e = new Execution(NOISE, SimulationMethod.DENSITY_MATRIX, 0, 0, 0);
        QuantumLayer layer = new QuantumLayer("q", c, obs, DataType.DOUBLE, 1, e);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4).muli(3);
        INDArray w = Nd4j.rand(DataType.DOUBLE, 3, 2).subi(0.5);
        double[] y = layer.forward(x, true).dup('c').data().asDouble();
        double[] want = new DensityMatrixSimulator(c, obs, NOISE).forward(layer.thetaValues(), x.dup('c').data().asDouble(), 3).outputs();
        assertArrayEquals(want, y, 1e-15);
        double[] ideal = new StatevectorSimulator(c, obs).forward(layer.thetaValues(), x.dup('c').data().asDouble(), 3).outputs();
        assertTrue(Math.abs(ideal[0] - y[0]) > 1e-3, "noise changes the output");
        layer.parameters().get(0).zeroGrad();
        INDArray dx = layer.backward(w);
        double h = 1e-5;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                double keep = x.getDouble(i, j);
                x.putScalar(new int[] {i, j}, keep + h);
                double up = layer.forward(x, true).mul(w).sumNumber().doubleValue();
                x.putScalar(new int[] {i, j}, keep - h);
                double down = layer.forward(x, true).mul(w).sumNumber().doubleValue();
                x.putScalar(new int[] {i, j}, keep);
                assertEquals((up - down) / (2 * h), dx.getDouble(i, j), 1e-6, "dx[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void quanvolutionRunsUnderNoise() {
        Circuit.Builder b = Circuit.builder(4);
        Encodings.angle(b, GateKind.RY, 0, Math.PI);
        b.ry(0, Angle.param(0)).cnot(0, 1).cnot(2, 3).rz(3, Angle.param(1));
        Circuit c = b.build();
        double[] init = {0.3, 1.1};
        INDArray img = Nd4j.rand(DataType.DOUBLE, 2, 1, 4, 4);
        Quanvolution ideal = new Quanvolution("qv", 2, 2, c, init, true, DataType.DOUBLE);
        Quanvolution noisy = new Quanvolution("qv", 2, 2, c, init, true, DataType.DOUBLE,
            new Execution(NOISE, SimulationMethod.TRAJECTORIES, 0, 8, 3));
        Quanvolution idealToo = new Quanvolution("qv", 2, 2, c, init, true, DataType.DOUBLE, Execution.IDEAL);
        INDArray a = ideal.forward(img, true), n = noisy.forward(img, true);
        assertArrayEquals(a.shape(), n.shape());
        assertArrayEquals(a.dup('c').data().asDouble(), idealToo.forward(img, true).dup('c').data().asDouble(), 0);
        noisy.parameters().get(0).zeroGrad();
        INDArray dImg = noisy.backward(Nd4j.onesLike(n));
        assertArrayEquals(img.shape(), dImg.shape());
    }

    @Test
    void statevectorRefusesGateNoiseAndMemoryIsPerMethod() {
        assertThrows(QuantumException.class, () -> NoiseSimulation.create(qcnn4(), List.of(new Observable.Z(0)),
            new Execution(NOISE, SimulationMethod.STATEVECTOR, 0, 0, 0)));
        assertEquals(16L * 256 * 32, NoiseSimulation.bytes(SimulationMethod.STATEVECTOR, 8, 32));
        assertEquals(16L * 65536 * 32, NoiseSimulation.bytes(SimulationMethod.DENSITY_MATRIX, 8, 32));
        assertEquals(16L * 256 * 32, NoiseSimulation.bytes(SimulationMethod.TRAJECTORIES, 8, 32));
    }

    /**
     * The study's 8-qubit QCNN under device-level noise (the benchmark's case): the backward pass
     * un-computes rho, and its gradient matches central differences.
     */
    @Test
    void studyQcnnUnderDeviceNoiseHasExactGradients() {
        Circuit.Builder b = Circuit.builder(8);
        Encodings.angle(b, GateKind.RY, 0, 1.0);
        int[] active = {0, 1, 2, 3, 4, 5, 6, 7};
        for (int level = 0; level < 2; level++) {
            Qcnn.conv(b, active, Qcnn.peerConv(), false);
            active = Qcnn.pool(b, active, Qcnn.peerPool(), false);
        }
        Qcnn.conv(b, active, Qcnn.peerConv(), false);
        Circuit c = b.build();
        assertEquals(57, c.parameterCount());
        NoiseModel device = new NoiseModel("device", List.of(
            new NoiseModel.Rule(NoiseScope.ONE_QUBIT_GATES, Set.of(), NoiseChannel.DEPOLARIZING, new double[] {1e-3}),
            new NoiseModel.Rule(NoiseScope.TWO_QUBIT_GATES, Set.of(), NoiseChannel.DEPOLARIZING, new double[] {1e-2})),
            new NoiseModel.Readout(new double[] {2e-2}, new double[] {2e-2}));
        List<Observable> obs = List.of(new Observable.Z(6), new Observable.Z(7));
        DensityMatrixSimulator dm = new DensityMatrixSimulator(c, obs, device);
        assertTrue(dm.uncomputes());
        // the same circuit and noise in bench/peers/torch_density_qcnn8.py (complex128) gives these
        // values for x_i = 0.1 (i+1), theta_k = 0.05 (k+1); and, noiseless, the second pair
        double[] x0 = new double[8], t0 = new double[57];
        for (int i = 0; i < 8; i++) {
            x0[i] = 0.1 * (i + 1);
        }
        for (int k = 0; k < 57; k++) {
            t0[k] = 0.05 * (k + 1);
        }
        assertArrayEquals(new double[] {0.12964703954550927, -0.008587666130275784}, dm.forward(t0, x0, 1).outputs(), 1e-12);
        assertArrayEquals(new double[] {0.21323700328425882, -0.01801438416630452},
            new StatevectorSimulator(c, obs).forward(t0, x0, 1).outputs(), 1e-12);
        java.util.Random rnd = new java.util.Random(8);
        double[] theta = NoisyCircuits.uniform(57, rnd, Math.PI), x = NoisyCircuits.uniform(16, rnd, 2);
        double[] w = {0.5, -0.3, 0.8, 0.2};
        StatevectorSimulator.Gradients g = dm.forward(theta, x, 2).backward(w);
        double h = 1e-5;
        for (int i : new int[] {0, 30, 56}) {
            double keep = theta[i];
            theta[i] = keep + h;
            double up = NoisyCircuits.dot(w, dm.forward(theta, x, 2).outputs());
            theta[i] = keep - h;
            double down = NoisyCircuits.dot(w, dm.forward(theta, x, 2).outputs());
            theta[i] = keep;
            assertEquals((up - down) / (2 * h), g.dTheta()[i], 1e-6, "dTheta " + i);
        }
        double keep = x[3];
        x[3] = keep + h;
        double up = NoisyCircuits.dot(w, dm.forward(theta, x, 2).outputs());
        x[3] = keep - h;
        double down = NoisyCircuits.dot(w, dm.forward(theta, x, 2).outputs());
        assertEquals((up - down) / (2 * h), g.dX()[3], 1e-6, "dX 3");
    }
}
