package dev.qnet.runtime.quantum.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qnet.core.NoiseChannel;
import dev.qnet.core.NoiseScope;
import dev.qnet.core.SimulationMethod;
import dev.qnet.runtime.quantum.Angle;
import dev.qnet.runtime.quantum.Circuit;
import dev.qnet.runtime.quantum.DensityMatrixSimulator;
import dev.qnet.runtime.quantum.Observable;
import dev.qnet.runtime.quantum.QuantumSimulator;
import dev.qnet.runtime.quantum.StatevectorSimulator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Finite shots: unbiased, binomial, readout applied to sampled bits; the documented gradient. */
class ShotsTest {

    private static final NoiseModel DEVICE = new NoiseModel("device", List.of(
        new NoiseModel.Rule(NoiseScope.ONE_QUBIT_GATES, Set.of(), NoiseChannel.DEPOLARIZING, new double[] {0.02}),
        new NoiseModel.Rule(NoiseScope.TWO_QUBIT_GATES, Set.of(), NoiseChannel.DEPOLARIZING, new double[] {0.05}),
        new NoiseModel.Rule(NoiseScope.LAYER, Set.of(), NoiseChannel.AMPLITUDE_DAMPING, new double[] {0.03})),
        new NoiseModel.Readout(new double[] {0.04, 0.02}, new double[] {0.08, 0.06}));

    /** RY(theta0) once on qubit 0 (so parameter shift by pi/2 is exact), entangled with an input-encoded qubit 1. */
    private static Circuit circuit() {
        return Circuit.builder(2).ry(0, Angle.param(0)).ry(1, Angle.input(0)).cnot(0, 1).rx(1, 0.4).build();
    }

    private static final List<Observable> OBS = List.of(new Observable.Z(0), new Observable.Z(1),
        new Observable.ZProduct(new int[] {0, 1}));

    /** Every shot estimate: mean within 4 standard errors of the exact noisy value, variance (1 - <Z>^2) / shots. */
    @Test
    void shotEstimatesAreUnbiasedWithBinomialVariance() {
        int shots = 200, reps = 600;
        double[] theta = {0.9}, x = {1.3};
        for (SimulationMethod method : new SimulationMethod[] {SimulationMethod.DENSITY_MATRIX, SimulationMethod.STATEVECTOR}) {
            NoiseModel m = method == SimulationMethod.STATEVECTOR ? new NoiseModel("ro", List.of(), DEVICE.readout()) : DEVICE;
            double[] exact = NoiseSimulation.create(circuit(), OBS, new Execution(m, method, 0, 0, 0))
                .forward(theta, x, 1).outputs();
            QuantumSimulator sampled = NoiseSimulation.create(circuit(), OBS, new Execution(m, method, shots, 0, 42));
            double[] sum = new double[OBS.size()], sum2 = new double[OBS.size()];
            for (int r = 0; r < reps; r++) {
                double[] e = sampled.forward(theta, x, 1).outputs();
                for (int k = 0; k < e.length; k++) {
                    sum[k] += e[k];
                    sum2[k] += e[k] * e[k];
                }
            }
            for (int k = 0; k < OBS.size(); k++) {
                double mean = sum[k] / reps, var = (sum2[k] - reps * mean * mean) / (reps - 1);
                double binomial = (1 - exact[k] * exact[k]) / shots;
                assertEquals(exact[k], mean, 4 * Math.sqrt(binomial / reps), method + " mean of " + OBS.get(k).label());
                // the sample variance of reps draws has a relative standard error of sqrt(2 / (reps - 1))
                assertEquals(binomial, var, 4 * Math.sqrt(2.0 / (reps - 1)) * binomial, method + " variance of " + OBS.get(k).label());
            }
        }
    }

    /**
     * Two parts of a model get seeds from their paths, and paths such as quantum4 / quantum5 have
     * hash codes one apart: simulators whose seeds differ by 1 (or by any small amount) must draw
     * independent shots. Seeding SplittableRandom with seed * its own gamma made the stream of seed
     * s + 1 the stream of seed s shifted by one draw, so their estimates agreed almost exactly.
     */
    @Test
    void neighbouringSeedsDrawIndependentShots() {
        Circuit c = Circuit.builder(1).ry(0, Angle.input(0)).build();
        int batch = 400, shots = 200;
        double[] x = new double[batch];
        java.util.Arrays.fill(x, Math.PI / 2);   // <Z> = 0: every estimate is pure shot noise
        for (long delta : new long[] {1, 2, 7}) {
            double[] a = new SampledSimulator(new StatevectorSimulator(c, List.of(new Observable.Z(0))), shots,
                NoiseModel.Readout.NONE, 11).forward(new double[0], x, batch).outputs();
            double[] b = new SampledSimulator(new StatevectorSimulator(c, List.of(new Observable.Z(0))), shots,
                NoiseModel.Readout.NONE, 11 + delta).forward(new double[0], x, batch).outputs();
            double sab = 0, saa = 0, sbb = 0;
            for (int i = 0; i < batch; i++) {
                sab += a[i] * b[i];
                saa += a[i] * a[i];
                sbb += b[i] * b[i];
            }
            // independent: the correlation of batch pairs has a standard error of 1 / sqrt(batch) = 0.05
            double corr = sab / Math.sqrt(saa * sbb);
            assertEquals(0, corr, 0.2, "correlation of shot estimates for seeds 11 and " + (11 + delta));
        }
    }

    /** Readout error is applied to sampled bits: |10> read through P(0|1) = 0.08 on qubit 0, P(1|0) = 0.02 on qubit 1. */
    @Test
    void sampledBasisStateIsMisreadWithTheReadoutProbabilities() {
        Circuit c = Circuit.builder(2).x(0).build();
        NoiseModel ro = new NoiseModel("ro", List.of(), DEVICE.readout());
        int shots = 200_000;
        double[] e = NoiseSimulation.create(c, List.of(new Observable.Z(0), new Observable.Z(1)),
            new Execution(ro, SimulationMethod.STATEVECTOR, shots, 0, 3)).forward(new double[0], new double[0], 1).outputs();
        double z0 = 2 * 0.08 - 1, z1 = 1 - 2 * 0.02;
        assertEquals(z0, e[0], 4 * Math.sqrt((1 - z0 * z0) / shots));
        assertEquals(z1, e[1], 4 * Math.sqrt((1 - z1 * z1) / shots));
    }

    /**
     * The gradient under shots is the exact gradient of the noisy expectation the shots estimate:
     * it equals the density-matrix gradient, and it agrees within 4 standard errors with the
     * parameter-shift rule evaluated on shot estimates (what a device would measure).
     */
    @Test
    void gradientUnderShotsIsTheExactGradientOfTheEstimatedMean() {
        int shots = 500, reps = 400;
        double[] theta = {0.9}, x = {1.3}, w = {0.7, -0.4, 0.9};
        StatevectorSimulator.Gradients exact = new DensityMatrixSimulator(circuit(), OBS, DEVICE)
            .forward(theta, x, 1).backward(w);
        QuantumSimulator sampled = NoiseSimulation.create(circuit(), OBS,
            new Execution(DEVICE, SimulationMethod.DENSITY_MATRIX, shots, 0, 9));
        StatevectorSimulator.Gradients g = sampled.forward(theta, x, 1).backward(w);
        assertArrayEquals(exact.dTheta(), g.dTheta(), 1e-12);
        assertArrayEquals(exact.dX(), g.dX(), 1e-12);
        double sum = 0, sum2 = 0;
        for (int r = 0; r < reps; r++) {
            double up = dot(w, sampled.forward(new double[] {theta[0] + Math.PI / 2}, x, 1).outputs());
            double down = dot(w, sampled.forward(new double[] {theta[0] - Math.PI / 2}, x, 1).outputs());
            double shift = (up - down) / 2;
            sum += shift;
            sum2 += shift * shift;
        }
        double mean = sum / reps, se = Math.sqrt((sum2 / reps - mean * mean) / (reps - 1));
        assertEquals(g.dTheta()[0], mean, 4 * se, "parameter shift on shots (se " + se + ")");
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
