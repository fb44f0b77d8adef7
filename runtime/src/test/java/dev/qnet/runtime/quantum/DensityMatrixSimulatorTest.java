package dev.qnet.runtime.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.core.NoiseChannel;
import dev.qnet.core.NoiseScope;
import dev.qnet.runtime.quantum.noise.NoiseModel;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The density-matrix simulator against the statevector simulator (noiseless: rho = |psi><psi|,
 * same outputs and adjoint gradients), against analytic results under each channel and readout
 * error, and its noisy gradients against central finite differences of its own exact outputs.
 */
class DensityMatrixSimulatorTest {

    private static NoiseModel model(NoiseScope scope, NoiseChannel ch, double p) {
        return new NoiseModel("t", List.of(new NoiseModel.Rule(scope, Set.of(), ch, new double[] {p})), NoiseModel.Readout.NONE);
    }

    /** 200 random noiseless circuits: the first ones place each gate kind alone, the rest mix every kind. */
    @Test
    void noiselessDensityMatrixIsThePureStateOfTheStatevectorSimulator() {
        Random rnd = new Random(11);
        GateKind[] kinds = GateKind.values();
        int batch = 3;
        for (int c = 0; c < 200; c++) {
            int n = 1 + rnd.nextInt(5);
            boolean amp = rnd.nextInt(3) == 0;
            Circuit circuit;
            if (c < 4 * kinds.length) {
                GateKind k = kinds[c % kinds.length];
                n = Math.max(n, k == GateKind.MCX ? 3 : k.controls() + k.targets());
                int first = amp ? 1 << n : 0;
                Circuit.Builder b = Circuit.builder(n).parameters(NoisyCircuits.PARAMS);
                if (amp) {
                    b.amplitudeEncoding(0);
                    SimulatorReferenceTest.mixingLayer(b, rnd);
                }
                b.features(first + 3);
                SimulatorReferenceTest.addRandomGate(b, k, n, rnd, first, 3);
                circuit = b.build();
            } else {
                circuit = NoisyCircuits.random(n, 6 + rnd.nextInt(20), amp, rnd);
            }
            List<Observable> obs = NoisyCircuits.observables(n);
            double[] theta = NoisyCircuits.uniform(NoisyCircuits.PARAMS, rnd, Math.PI);
            double[] x = NoisyCircuits.uniform(batch * circuit.featureCount(), rnd, 2);
            StatevectorSimulator sv = new StatevectorSimulator(circuit, obs);
            DensityMatrixSimulator dm = new DensityMatrixSimulator(circuit, obs, NoiseModel.NONE);
            StatevectorSimulator.Run svRun = sv.forward(theta, x, batch);
            DensityMatrixSimulator.Run dmRun = dm.forward(theta, x, batch);
            String at = "circuit " + c + " (" + n + " qubits)";
            for (int b = 0; b < batch; b++) {
                double[][] psi = svRun.amplitudes(b);
                double[][][] rho = dm.densityMatrix(theta, x, b);
                for (int r = 0; r < psi[0].length; r++) {
                    for (int col = 0; col < psi[0].length; col++) {
                        double wantRe = psi[0][r] * psi[0][col] + psi[1][r] * psi[1][col];
                        double wantIm = psi[1][r] * psi[0][col] - psi[0][r] * psi[1][col];
                        assertEquals(wantRe, rho[0][r][col], 1e-10, at + " re rho[" + r + "][" + col + "]");
                        assertEquals(wantIm, rho[1][r][col], 1e-10, at + " im rho[" + r + "][" + col + "]");
                    }
                }
            }
            double[] so = svRun.outputs(), dOut = dmRun.outputs();
            for (int i = 0; i < so.length; i++) {
                assertEquals(so[i], dOut[i], 1e-10, at + " output " + i);
            }
            double[] w = NoisyCircuits.uniform(so.length, rnd, 1);
            StatevectorSimulator.Gradients gs = svRun.backward(w), gd = dmRun.backward(w);
            for (int i = 0; i < gs.dTheta().length; i++) {
                assertEquals(gs.dTheta()[i], gd.dTheta()[i], 1e-10, at + " dTheta " + i);
            }
            for (int i = 0; i < gs.dX().length; i++) {
                assertEquals(gs.dX()[i], gd.dX()[i], 1e-10, at + " dX " + i);
            }
        }
    }

    private static double[] run(Circuit c, List<Observable> obs, NoiseModel m) {
        return new DensityMatrixSimulator(c, obs, m).forward(new double[0], new double[0], 1).outputs();
    }

    @Test
    void depolarizingOnZeroGivesOneMinusFourThirdsP() {
        Circuit c = Circuit.builder(1).rz(0, 0.0).build();
        for (double p : new double[] {0, 0.01, 0.2, 0.75, 1}) {
            assertEquals(1 - 4 * p / 3, run(c, List.of(new Observable.Z(0)),
                model(NoiseScope.ONE_QUBIT_GATES, NoiseChannel.DEPOLARIZING, p))[0], 1e-14, "p = " + p);
        }
    }

    @Test
    void amplitudeDampingOfOneGivesTwoGammaMinusOne() {
        Circuit c = Circuit.builder(1).x(0).build();
        for (double g : new double[] {0, 0.1, 0.5, 1}) {
            assertEquals(2 * g - 1, run(c, List.of(new Observable.Z(0)),
                model(NoiseScope.ALL_GATES, NoiseChannel.AMPLITUDE_DAMPING, g))[0], 1e-14, "gamma = " + g);
        }
    }

    @Test
    void flipsAndPhaseDampingHaveTheirTextbookEffect() {
        Circuit id = Circuit.builder(1).rz(0, 0.0).build();
        assertEquals(1 - 2 * 0.3, run(id, List.of(new Observable.Z(0)),
            model(NoiseScope.ONE_QUBIT_GATES, NoiseChannel.BIT_FLIP, 0.3))[0], 1e-14);
        // a phase flip between two H is a bit flip (X on |+> and |-> changes nothing observable)
        Circuit hh = Circuit.builder(1).h(0).build();
        NoiseModel pf = new NoiseModel("t", List.of(new NoiseModel.Rule(NoiseScope.NAMED_GATES, Set.of(GateKind.H),
            NoiseChannel.PHASE_FLIP, new double[] {0.3})), NoiseModel.Readout.NONE);
        Circuit hph = Circuit.builder(1).h(0).x(0).h(0).build();
        assertEquals(1 - 2 * 0.3, run(hph, List.of(new Observable.Z(0)), pf)[0], 1e-14);
        // phase damping keeps populations and damps the coherence of |+> by sqrt(1 - lambda)
        DensityMatrixSimulator dm = new DensityMatrixSimulator(hh, List.of(), model(NoiseScope.ALL_GATES, NoiseChannel.PHASE_DAMPING, 0.36));
        double[][][] rho = dm.densityMatrix(new double[0], new double[0], 0);
        assertEquals(0.5, rho[0][0][0], 1e-14);
        assertEquals(0.5 * Math.sqrt(1 - 0.36), rho[0][0][1], 1e-14);
        assertEquals(0.5 * Math.sqrt(1 - 0.36), rho[0][1][0], 1e-14);
    }

    /** Layer noise: after each moment, on every qubit, idle ones included. */
    @Test
    void layerNoiseActsOncePerMomentOnEveryQubit() {
        double g = 0.2;
        Circuit c = Circuit.builder(2).x(0).x(0).build();
        double[] z = run(c, List.of(new Observable.Z(0), new Observable.Z(1)), model(NoiseScope.LAYER, NoiseChannel.AMPLITUDE_DAMPING, g));
        // qubit 0: x, damp (P1 = 1-g), x (P1 = g), damp (P1 = g(1-g)); qubit 1 stays |0>
        assertEquals(1 - 2 * g * (1 - g), z[0], 1e-14);
        assertEquals(1, z[1], 1e-14);
        Circuit d = Circuit.builder(2).x(0).x(1).x(0).build();
        double[] y = run(d, List.of(new Observable.Z(0), new Observable.Z(1)), model(NoiseScope.LAYER, NoiseChannel.AMPLITUDE_DAMPING, g));
        // x(0) and x(1) share moment 0; qubit 1 is idle in moment 1 and damps again: P1 = (1-g)^2
        assertEquals(1 - 2 * g * (1 - g), y[0], 1e-14);
        assertEquals(1 - 2 * (1 - g) * (1 - g), y[1], 1e-14);
    }

    @Test
    void readoutErrorOnABasisState() {
        Circuit c = Circuit.builder(2).x(0).build();
        NoiseModel.Readout r = new NoiseModel.Readout(new double[] {0.05, 0.2}, new double[] {0.1, 0.3});
        NoiseModel m = new NoiseModel("ro", List.of(), r);
        List<Observable> obs = List.of(new Observable.Z(0), new Observable.Z(1), new Observable.Probability(new int[] {0, 1}, 2));
        double[] want = {2 * 0.1 - 1, 1 - 2 * 0.2, (1 - 0.1) * (1 - 0.2)};
        double[] dm = run(c, obs, m);
        double[] sv = new StatevectorSimulator(c, obs, r).forward(new double[0], new double[0], 1).outputs();
        for (int k = 0; k < want.length; k++) {
            assertEquals(want[k], dm[k], 1e-15, "density " + obs.get(k).label());
            assertEquals(want[k], sv[k], 1e-15, "statevector " + obs.get(k).label());
        }
    }

    /**
     * Exact noisy gradients (adjoint over channels) against central differences of the exact noisy
     * outputs, through both backward strategies: un-computing rho (weak noise; with the final rho kept
     * and re-run) and checkpointed segments (strong noise).
     */
    @Test
    void noisyGradientsEqualCentralFiniteDifferences() {
        Random rnd = new Random(12);
        int batch = 3;
        double h = 1e-5;
        int uncomputed = 0, checkpointed = 0;
        for (int c = 0; c < 18; c++) {
            int n = 2 + c % 3;
            boolean amp = c % 3 == 1;
            Circuit circuit = NoisyCircuits.random(n, 12, amp, rnd);
            NoiseModel m = NoisyCircuits.randomModel(n, c % 2 == 0 ? 0.2 : 0.002, rnd);
            List<Observable> obs = NoisyCircuits.observables(n);
            DensityMatrixSimulator dm = new DensityMatrixSimulator(circuit, obs, m);
            if (c % 4 == 1) {
                dm.keepBytes = 0;
            }
            if (dm.uncomputes()) {
                uncomputed++;
            } else {
                checkpointed++;
            }
            double[] theta = NoisyCircuits.uniform(NoisyCircuits.PARAMS, rnd, Math.PI);
            double[] x = NoisyCircuits.uniform(batch * circuit.featureCount(), rnd, 2);
            double[] w = NoisyCircuits.uniform(batch * obs.size(), rnd, 1);
            StatevectorSimulator.Gradients g = dm.forward(theta, x, batch).backward(w);
            for (int i = 0; i < theta.length; i++) {
                double keep = theta[i];
                theta[i] = keep + h;
                double up = NoisyCircuits.dot(w, dm.forward(theta, x, batch).outputs());
                theta[i] = keep - h;
                double down = NoisyCircuits.dot(w, dm.forward(theta, x, batch).outputs());
                theta[i] = keep;
                assertEquals((up - down) / (2 * h), g.dTheta()[i], 1e-6, "circuit " + c + " dTheta " + i);
            }
            for (int i = 0; i < x.length; i++) {
                double keep = x[i];
                x[i] = keep + h;
                double up = NoisyCircuits.dot(w, dm.forward(theta, x, batch).outputs());
                x[i] = keep - h;
                double down = NoisyCircuits.dot(w, dm.forward(theta, x, batch).outputs());
                x[i] = keep;
                assertEquals((up - down) / (2 * h), g.dX()[i], 1e-6, "circuit " + c + " dX " + i);
            }
        }
        assertTrue(uncomputed >= 4 && checkpointed >= 4, uncomputed + " un-computed, " + checkpointed + " checkpointed");
    }

    /** Both backward strategies give the same gradients to rounding on weak device noise. */
    @Test
    void uncomputingAndCheckpointingAgree() {
        Random rnd = new Random(14);
        int n = 3, batch = 2;
        Circuit circuit = NoisyCircuits.random(n, 20, true, rnd);
        NoiseModel weak = NoisyCircuits.randomModel(n, 0.003, rnd);
        DensityMatrixSimulator dm = new DensityMatrixSimulator(circuit, NoisyCircuits.observables(n), weak);
        assertTrue(dm.uncomputes());
        double[] theta = NoisyCircuits.uniform(NoisyCircuits.PARAMS, rnd, Math.PI);
        double[] x = NoisyCircuits.uniform(batch * circuit.featureCount(), rnd, 2);
        double[] w = NoisyCircuits.uniform(batch * NoisyCircuits.observables(n).size(), rnd, 1);
        StatevectorSimulator.Gradients a = dm.forward(theta, x, batch).backward(w);
        dm.uncompute = false;
        StatevectorSimulator.Gradients b = dm.forward(theta, x, batch).backward(w);
        for (int i = 0; i < a.dTheta().length; i++) {
            assertEquals(a.dTheta()[i], b.dTheta()[i], 1e-12);
        }
        for (int i = 0; i < a.dX().length; i++) {
            assertEquals(a.dX()[i], b.dX()[i], 1e-12);
        }
    }

    /** A noisy state stays a state: unit trace, Hermitian, and with noise the outputs change. */
    @Test
    void noisyStatesAreDensityMatrices() {
        Random rnd = new Random(13);
        for (int c = 0; c < 10; c++) {
            int n = 3;
            Circuit circuit = NoisyCircuits.random(n, 15, c % 2 == 0, rnd);
            DensityMatrixSimulator dm = new DensityMatrixSimulator(circuit, List.of(), NoisyCircuits.randomModel(n, 0.3, rnd));
            double[] theta = NoisyCircuits.uniform(NoisyCircuits.PARAMS, rnd, Math.PI);
            double[] x = NoisyCircuits.uniform(circuit.featureCount(), rnd, 2);
            double[][][] rho = dm.densityMatrix(theta, x, 0);
            double tr = 0;
            for (int r = 0; r < 8; r++) {
                tr += rho[0][r][r];
                for (int col = 0; col < 8; col++) {
                    assertEquals(rho[0][r][col], rho[0][col][r], 1e-12);
                    assertEquals(rho[1][r][col], -rho[1][col][r], 1e-12);
                }
            }
            assertEquals(1, tr, 1e-12);
        }
    }
}
