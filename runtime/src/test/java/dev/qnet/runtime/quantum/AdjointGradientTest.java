package dev.qnet.runtime.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Adjoint gradients against parameter-shift and central finite differences, for every
 * differentiable gate kind, with angles from parameters and from inputs, for every observable kind.
 */
class AdjointGradientTest {

    static final double TOL = 1e-6;
    static final double H = 1e-5;

    private static final GateKind[] PARAMETRIC = {
        GateKind.RX, GateKind.RY, GateKind.RZ, GateKind.PHASE, GateKind.U3,
        GateKind.CRX, GateKind.CRY, GateKind.CRZ, GateKind.CPHASE};

    /** A random circuit with fixed gates of all kinds between the parametric ones. */
    static Circuit randomCircuit(int n, int layers, boolean inputs, Random rnd) {
        Circuit.Builder b = Circuit.builder(n);
        for (int q = 0; q < n; q++) {
            if (inputs) {
                b.ry(q, Angle.input(q, 0.8 + rnd.nextDouble(), rnd.nextDouble()));
            } else {
                b.h(q);
            }
        }
        for (int l = 0; l < layers; l++) {
            for (GateKind kind : PARAMETRIC) {
                int t = rnd.nextInt(n);
                int c = (t + 1 + rnd.nextInt(n - 1)) % n;
                Angle[] a = new Angle[kind.angles()];
                for (int j = 0; j < a.length; j++) {
                    a[j] = inputs && rnd.nextBoolean()
                        ? Angle.input(rnd.nextInt(n), 0.5 + rnd.nextDouble(), rnd.nextDouble())
                        : Angle.param(b.newParam(), 0.5 + rnd.nextDouble(), rnd.nextDouble());
                }
                b.add(kind, kind.controls() == 1 ? new int[] {c} : new int[0], new int[] {t}, a);
                fixedGate(b, n, rnd);
            }
        }
        return b.build();
    }

    private static void fixedGate(Circuit.Builder b, int n, Random rnd) {
        int q = rnd.nextInt(n), r = (q + 1 + rnd.nextInt(n - 1)) % n;
        switch (rnd.nextInt(12)) {
            case 0 -> b.h(q);
            case 1 -> b.sx(q);
            case 2 -> b.cnot(q, r);
            case 3 -> b.cy(q, r);
            case 4 -> b.cz(q, r);
            case 5 -> b.swap(q, r);
            case 6 -> b.t(q).sdg(r);
            case 7 -> b.y(q).s(r);
            case 8 -> b.tdg(q).x(r);
            case 9 -> b.unitary2(q, new double[] {0.6, 0, 0, 0.6}, new double[] {0, 0.8, 0.8, 0});
            case 10 -> {
                double s = Math.sqrt(0.5);
                // a 4x4 unitary: CNOT(q -> r) followed by a phase, written out
                b.unitary4(q, r, new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, s, 0, 0, s, 0},
                    new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, s, 0, 0, s, 0});
            }
            default -> {
                if (n >= 3) {
                    int t = rnd.nextInt(n);
                    while (t == q || t == r) {
                        t = (t + 1) % n;
                    }
                    b.mcx(new int[] {q, r}, t);
                } else {
                    b.z(q);
                }
            }
        }
    }

    static List<Observable> allObservableKinds(int n) {
        List<Observable> obs = new ArrayList<>(Observable.zEach(0, n - 1));
        obs.add(new Observable.ZProduct(new int[] {0, n - 1}));
        obs.addAll(Observable.probabilities(1, 0));
        return obs;
    }

    /** Loss = sum_b,k w[b,k] * out[b,k]. */
    static double loss(StatevectorSimulator sim, double[] theta, double[] x, int batch, double[] w) {
        double[] o = sim.forward(theta, x, batch).outputs();
        double s = 0;
        for (int i = 0; i < o.length; i++) {
            s += w[i] * o[i];
        }
        return s;
    }

    static double[] random(int len, Random rnd, double scale) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = (rnd.nextDouble() * 2 - 1) * scale;
        }
        return v;
    }

    @Test
    void adjointMatchesFiniteDifferencesAndParameterShiftOnRandomCircuits() {
        Random rnd = new Random(7);
        int checked = 0;
        for (int trial = 0; trial < 6; trial++) {
            int n = 3 + trial % 3;
            int batch = 1 + trial;
            Circuit c = randomCircuit(n, 2, trial % 2 == 0, rnd);
            StatevectorSimulator sim = new StatevectorSimulator(c, allObservableKinds(n));
            double[] theta = random(c.parameterCount(), rnd, Math.PI);
            double[] x = random(batch * c.featureCount(), rnd, 2);
            double[] w = random(batch * sim.observables().size(), rnd, 1);
            StatevectorSimulator.Gradients g = sim.forward(theta, x, batch).backward(w);
            for (int p = 0; p < theta.length; p++) {
                double fd = centralDifference(sim, theta, x, batch, w, theta, p);
                assertEquals(fd, g.dTheta()[p], TOL, "dTheta[" + p + "] vs finite differences, trial " + trial);
                double ps = parameterShift(sim, c, theta, x, batch, w, p);
                assertEquals(ps, g.dTheta()[p], TOL, "dTheta[" + p + "] vs parameter shift, trial " + trial);
                checked++;
            }
            for (int i = 0; i < x.length; i++) {
                double fd = centralDifference(sim, theta, x, batch, w, x, i);
                assertEquals(fd, g.dX()[i], TOL, "dX[" + i + "] vs finite differences, trial " + trial);
                checked++;
            }
        }
        assertTrue(checked > 100, "checked " + checked);
    }

    @Test
    void everyParametricKindHasExactDerivativesForParamsAndInputs() {
        Random rnd = new Random(11);
        for (GateKind kind : PARAMETRIC) {
            for (boolean input : new boolean[] {false, true}) {
                Circuit.Builder b = Circuit.builder(2).features(2);
                b.ry(0, Angle.input(0)).rx(1, Angle.input(1)).h(1);
                Angle[] a = new Angle[kind.angles()];
                for (int j = 0; j < a.length; j++) {
                    a[j] = input ? Angle.input(j % 2, 1.3, 0.2) : Angle.param(b.newParam(), 0.7, 0.1);
                }
                b.add(kind, kind.controls() == 1 ? new int[] {0} : new int[0], new int[] {1}, a);
                b.ry(0, 0.4).cnot(1, 0);
                Circuit c = b.build();
                StatevectorSimulator sim = new StatevectorSimulator(c, allObservableKinds(2));
                int batch = 4;
                double[] theta = random(c.parameterCount(), rnd, 3);
                double[] x = random(batch * 2, rnd, 2);
                double[] w = random(batch * sim.observables().size(), rnd, 1);
                StatevectorSimulator.Gradients g = sim.forward(theta, x, batch).backward(w);
                for (int p = 0; p < theta.length; p++) {
                    assertEquals(centralDifference(sim, theta, x, batch, w, theta, p), g.dTheta()[p], TOL, kind + " param " + p);
                    assertEquals(parameterShift(sim, c, theta, x, batch, w, p), g.dTheta()[p], TOL, kind + " shift " + p);
                }
                for (int i = 0; i < x.length; i++) {
                    assertEquals(centralDifference(sim, theta, x, batch, w, x, i), g.dX()[i], TOL, kind + " input " + i);
                }
            }
        }
    }

    @Test
    void amplitudeParallelPathOnFourteenQubitsHasTheSameGradients() {
        Random rnd = new Random(3);
        int n = 14;
        Circuit.Builder b = Circuit.builder(n);
        for (int q = 0; q < n; q++) {
            b.ry(q, Angle.input(q));
        }
        for (int q = 0; q < n - 1; q++) {
            b.cnot(q, q + 1).rz(q + 1, Angle.param(b.newParam())).crx(q + 1, q, Angle.param(b.newParam()));
        }
        b.u3(3, Angle.param(b.newParam()), Angle.input(2), Angle.constant(0.3));
        Circuit c = b.build();
        StatevectorSimulator sim = new StatevectorSimulator(c, List.of(new Observable.Z(n - 1), new Observable.ZProduct(new int[] {0, 5})));
        int batch = 2;
        double[] theta = random(c.parameterCount(), rnd, 3);
        double[] x = random(batch * n, rnd, 2);
        double[] w = random(batch * 2, rnd, 1);
        StatevectorSimulator.Gradients g = sim.forward(theta, x, batch).backward(w);
        for (int p : new int[] {0, 5, theta.length - 1}) {
            assertEquals(centralDifference(sim, theta, x, batch, w, theta, p), g.dTheta()[p], TOL, "param " + p);
        }
        for (int i : new int[] {0, 2, n + 3, 2 * n - 1}) {
            assertEquals(centralDifference(sim, theta, x, batch, w, x, i), g.dX()[i], TOL, "input " + i);
        }
        // the same circuit on the batch path (state split by samples) gives the same outputs
        double[][] amps = sim.forward(theta, x, batch).amplitudes(1);
        double[][] ref = ReferenceSimulator.run(c, theta, java.util.Arrays.copyOfRange(x, n, 2 * n));
        for (int i = 0; i < amps[0].length; i += 97) {
            assertEquals(ref[0][i], amps[0][i], 1e-10);
            assertEquals(ref[1][i], amps[1][i], 1e-10);
        }
    }

    @Test
    void amplitudeEncodingAndIqpProductsAreDifferentiable() {
        Random rnd = new Random(5);
        Circuit amp = Encodings.amplitude(Circuit.builder(3), 0).ry(1, Angle.param(0)).cnot(1, 2).build();
        Circuit iqp = Encodings.iqp(Circuit.builder(3), 0, 2).ry(0, Angle.param(0)).build();
        for (Circuit c : List.of(amp, iqp)) {
            StatevectorSimulator sim = new StatevectorSimulator(c, allObservableKinds(3));
            int batch = 3;
            double[] theta = random(c.parameterCount(), rnd, 3);
            double[] x = random(batch * c.featureCount(), rnd, 1.5);
            double[] w = random(batch * sim.observables().size(), rnd, 1);
            StatevectorSimulator.Gradients g = sim.forward(theta, x, batch).backward(w);
            for (int i = 0; i < x.length; i++) {
                assertEquals(centralDifference(sim, theta, x, batch, w, x, i), g.dX()[i], TOL, "input " + i);
            }
            assertEquals(centralDifference(sim, theta, x, batch, w, theta, 0), g.dTheta()[0], TOL);
        }
        StatevectorSimulator sim = new StatevectorSimulator(amp, List.of(new Observable.Z(0)));
        QuantumException e = assertThrows(QuantumException.class,
            () -> sim.forward(new double[1], new double[8], 1));
        assertTrue(e.getMessage().contains("all-zero"), e.getMessage());
    }

    static double centralDifference(StatevectorSimulator sim, double[] theta, double[] x, int batch, double[] w,
                                    double[] target, int i) {
        double keep = target[i];
        target[i] = keep + H;
        double up = loss(sim, theta, x, batch, w);
        target[i] = keep - H;
        double down = loss(sim, theta, x, batch, w);
        target[i] = keep;
        return (up - down) / (2 * H);
    }

    /**
     * Parameter-shift rule on the parameter's (single) gate angle, times the angle's scale: two
     * terms for generators with eigenvalue gap 1 (rx, ry, rz, phase, u3 angles, cphase), the
     * four-term rule for the controlled rotations (eigenvalues 0, +-1/2).
     */
    static double parameterShift(StatevectorSimulator sim, Circuit c, double[] theta, double[] x, int batch,
                                 double[] w, int p) {
        GateKind kind = null;
        double scale = 0;
        for (Gate g : c.gates()) {
            for (Angle a : g.angles()) {
                if (a.source() == Angle.Source.PARAM && a.index() == p) {
                    kind = g.kind();
                    scale = a.scale();
                }
            }
        }
        double[] t = theta.clone();
        boolean fourTerm = kind == GateKind.CRX || kind == GateKind.CRY || kind == GateKind.CRZ;
        if (!fourTerm) {
            t[p] = theta[p] + Math.PI / 2 / scale;
            double up = loss(sim, t, x, batch, w);
            t[p] = theta[p] - Math.PI / 2 / scale;
            double down = loss(sim, t, x, batch, w);
            return scale * (up - down) / 2;
        }
        double cp = (Math.sqrt(2) + 1) / (4 * Math.sqrt(2)), cm = (Math.sqrt(2) - 1) / (4 * Math.sqrt(2));
        double[] f = new double[4];
        double[] shifts = {Math.PI / 2, -Math.PI / 2, 3 * Math.PI / 2, -3 * Math.PI / 2};
        for (int s = 0; s < 4; s++) {
            t[p] = theta[p] + shifts[s] / scale;
            f[s] = loss(sim, t, x, batch, w);
        }
        return scale * (cp * (f[0] - f[1]) - cm * (f[2] - f[3]));
    }
}
