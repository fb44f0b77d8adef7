package dev.qnet.runtime.quantum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.runtime.quantum.noise.NoiseModel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Monte-Carlo trajectories against the exact density matrix, statistically. */
class TrajectorySimulatorTest {

    /** Every observable's trajectory mean is within 4 standard errors of the density-matrix value. */
    @Test
    void trajectoryAveragesConvergeToTheDensityMatrix() {
        Random rnd = new Random(21);
        int batch = 2, t = 1500;
        for (int c = 0; c < 8; c++) {
            int n = 2 + c % 3;
            Circuit circuit = NoisyCircuits.random(n, 12, c % 3 == 2, rnd);
            NoiseModel m = NoisyCircuits.randomModel(n, 0.3, rnd);
            List<Observable> obs = NoisyCircuits.observables(n);
            double[] theta = NoisyCircuits.uniform(NoisyCircuits.PARAMS, rnd, Math.PI);
            double[] x = NoisyCircuits.uniform(batch * circuit.featureCount(), rnd, 2);
            double[] exact = new DensityMatrixSimulator(circuit, obs, m).forward(theta, x, batch).outputs();
            TrajectorySimulator.Run run = new TrajectorySimulator(circuit, obs, m, t, 7 + c).forward(theta, x, batch);
            double[] mean = run.outputs(), per = run.perTrajectory();
            int k = obs.size();
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < k; o++) {
                    double s2 = 0;
                    for (int i = 0; i < t; i++) {
                        double d = per[(b * t + i) * k + o] - mean[b * k + o];
                        s2 += d * d;
                    }
                    double se = Math.sqrt(s2 / (t - 1) / t);
                    assertEquals(exact[b * k + o], mean[b * k + o], 4 * se + 1e-12,
                        "circuit " + c + " sample " + b + " " + obs.get(o).label() + " (se " + se + ")");
                }
            }
        }
    }

    /** Without gate noise every trajectory is the statevector: outputs and gradients as the statevector simulator's. */
    @Test
    void noiselessTrajectoriesAreTheStatevector() {
        Random rnd = new Random(22);
        for (int c = 0; c < 10; c++) {
            int n = 1 + c % 4;
            Circuit circuit = NoisyCircuits.random(n, 10, c % 2 == 0, rnd);
            List<Observable> obs = NoisyCircuits.observables(n);
            double[] theta = NoisyCircuits.uniform(NoisyCircuits.PARAMS, rnd, Math.PI);
            double[] x = NoisyCircuits.uniform(3 * circuit.featureCount(), rnd, 2);
            StatevectorSimulator.Run sv = new StatevectorSimulator(circuit, obs).forward(theta, x, 3);
            TrajectorySimulator.Run tr = new TrajectorySimulator(circuit, obs, NoiseModel.NONE, 3, 1).forward(theta, x, 3);
            assertArrayEquals(sv.outputs(), tr.outputs(), 1e-12);
            double[] w = NoisyCircuits.uniform(sv.outputs().length, rnd, 1);
            assertArrayEquals(sv.backward(w).dTheta(), tr.backward(w).dTheta(), 1e-11);
            assertArrayEquals(sv.backward(w).dX(), tr.backward(w).dX(), 1e-11);
        }
    }

    /**
     * The documented gradient: per-trajectory adjoint with each drawn Kraus branch fixed is unbiased
     * for the exact density-matrix gradient (damping channels included), within 4 standard errors.
     */
    @Test
    void trajectoryGradientsAreUnbiasedForTheExactGradient() {
        Random rnd = new Random(23);
        int reps = 1500;
        for (int c = 0; c < 4; c++) {
            int n = 2 + c % 2;
            Circuit circuit = NoisyCircuits.random(n, 10, c == 3, rnd);
            NoiseModel m = NoisyCircuits.randomModel(n, 0.3, rnd);
            List<Observable> obs = NoisyCircuits.observables(n);
            double[] theta = NoisyCircuits.uniform(NoisyCircuits.PARAMS, rnd, Math.PI);
            double[] x = NoisyCircuits.uniform(circuit.featureCount(), rnd, 2);
            double[] w = NoisyCircuits.uniform(obs.size(), rnd, 1);
            StatevectorSimulator.Gradients exact = new DensityMatrixSimulator(circuit, obs, m).forward(theta, x, 1).backward(w);
            double[] want = concat(exact.dTheta(), exact.dX());
            TrajectorySimulator sim = new TrajectorySimulator(circuit, obs, m, 1, 100 + c);
            double[] sum = new double[want.length], sum2 = new double[want.length];
            for (int r = 0; r < reps; r++) {
                StatevectorSimulator.Gradients g = sim.forward(theta, x, 1).backward(w);
                double[] v = concat(g.dTheta(), g.dX());
                for (int i = 0; i < v.length; i++) {
                    sum[i] += v[i];
                    sum2[i] += v[i] * v[i];
                }
            }
            for (int i = 0; i < want.length; i++) {
                double mean = sum[i] / reps, var = Math.max(0, sum2[i] / reps - mean * mean);
                double se = Math.sqrt(var / (reps - 1));
                assertEquals(want[i], mean, 4 * se + 1e-10, "circuit " + c + " gradient " + i + " (se " + se + ")");
            }
        }
    }

    @Test
    void aRunIsRepeatableFromItsSeed() {
        Random rnd = new Random(24);
        Circuit circuit = NoisyCircuits.random(3, 12, false, rnd);
        NoiseModel m = NoisyCircuits.randomModel(3, 0.3, rnd);
        List<Observable> obs = NoisyCircuits.observables(3);
        double[] theta = NoisyCircuits.uniform(NoisyCircuits.PARAMS, rnd, Math.PI);
        double[] x = NoisyCircuits.uniform(4 * circuit.featureCount(), rnd, 2);
        double[] a = new TrajectorySimulator(circuit, obs, m, 16, 5).forward(theta, x, 4).outputs();
        double[] b = new TrajectorySimulator(circuit, obs, m, 16, 5).forward(theta, x, 4).outputs();
        double[] other = new TrajectorySimulator(circuit, obs, m, 16, 6).forward(theta, x, 4).outputs();
        assertArrayEquals(a, b, 0);
        assertTrue(!java.util.Arrays.equals(a, other), "another seed draws other branches");
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
