package dev.qnet.runtime.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.runtime.quantum.ReferenceSimulator.C;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The production simulator against {@link ReferenceSimulator}'s textbook definitions, for every
 * {@link GateKind}: the tests iterate {@code GateKind.values()}, so a kind the reference does not
 * define fails here. Checked: each kind's full matrix, random complex states on shuffled qubits, the
 * batched path with per-sample angles, the per-gate derivative and generator matrices the adjoint
 * uses (against finite differences of the textbook matrices), and the adjoint gradients themselves
 * (against finite differences of the reference simulator).
 */
class SimulatorReferenceTest {

    static final double TOL = 1e-12;
    /**
     * Step of the 5-point central difference: its truncation error h^4/30 f^(5) and its rounding
     * error ~ 1.5 eps |f| / h are both near 1e-13 for gate matrices (entries of unit size and
     * frequency at most 1), which is what makes a 1e-12 comparison possible.
     */
    static final double H = 1e-3;
    /**
     * Adjoint gradients of a loss against finite differences of the reference. The loss sums several
     * observables over a batch, and the amplitude features pass through x / |x|, so the difference
     * itself is only good to a few 1e-12 (its rounding ~1e-15 divided by h; worst seen 5e-12).
     */
    static final double GRAD_TOL = 2e-11;
    static final int PARAMS = 4;

    @Test
    void everyKindHasTheArityOfItsDefinition() {
        for (GateKind k : GateKind.values()) {
            assertEquals(ReferenceSimulator.arity(k), new ReferenceSimulator.Arity(k.controls(), k.targets(), k.angles()),
                k.toString());
        }
    }

    @Test
    void everyKindsMatrixIsItsTextbookDefinition() {
        Random rnd = new Random(1);
        for (GateKind kind : GateKind.values()) {
            for (int rep = 0; rep < 8; rep++) {
                int c = kind.controls() >= 0 ? kind.controls() : 1 + rep % 4;
                int k = c + kind.targets();
                Circuit.Builder b = Circuit.builder(k).parameters(PARAMS).features(2);
                addGate(b, kind, range(0, c), range(c, k), randomAngles(kind, rnd, 0, 2), rnd);
                Circuit circuit = b.build();
                double[] theta = random(PARAMS, rnd, Math.PI);
                double[] x = random(2, rnd, 2);
                C[][] want = ReferenceSimulator.localMatrix(circuit.gates().get(0), theta, x);
                StatevectorSimulator sim = new StatevectorSimulator(circuit, List.of());
                int d = 1 << k;
                for (int col = 0; col < d; col++) {
                    double[] re = new double[d], im = new double[d];
                    re[col] = 1;
                    sim.evolve(re, im, theta, x);
                    for (int row = 0; row < d; row++) {
                        String at = kind + " " + circuit.gates().get(0) + " [" + row + "][" + col + "]";
                        assertEquals(want[row][col].re(), re[row], TOL, at + " re");
                        assertEquals(want[row][col].im(), im[row], TOL, at + " im");
                    }
                }
            }
        }
    }

    @Test
    void everyKindAgreesOnRandomStatesAndShuffledQubits() {
        Random rnd = new Random(2);
        int n = 5;
        for (GateKind kind : GateKind.values()) {
            for (int rep = 0; rep < 10; rep++) {
                Circuit.Builder b = Circuit.builder(n).parameters(PARAMS).features(3);
                addRandomGate(b, kind, n, rnd, 0, 3);
                assertAgreesOnRandomState(b.build(), rnd, kind.toString());
            }
        }
    }

    @Test
    void randomCircuitsMixingEveryKindAgree() {
        Random rnd = new Random(3);
        GateKind[] kinds = GateKind.values();
        for (int c = 0; c < 30; c++) {
            int n = 3 + c % 5;
            Circuit.Builder b = Circuit.builder(n).parameters(PARAMS).features(3);
            for (int g = 0; g < 40; g++) {
                addRandomGate(b, kinds[rnd.nextInt(kinds.length)], n, rnd, 0, 3);
            }
            assertAgreesOnRandomState(b.build(), rnd, "circuit " + c);
        }
    }

    /**
     * The batched forward path (per-sample matrices for input angles, blocks of samples) and the
     * adjoint backward pass, for every kind placed between random complex mixing layers after an
     * amplitude-encoded input: amplitudes and observables to 1e-12, every dTheta and dX (through the
     * gate, the mixing layers and the normalisation) against the reference's finite differences.
     */
    @Test
    void everyKindAgreesInBatchesWithPerSampleAnglesAndAdjointGradients() {
        Random rnd = new Random(4);
        int n = 3, dim = 1 << n, angleFeatures = 3, f = dim + angleFeatures, batch = 5;
        List<Observable> obs = List.of(new Observable.Z(0), new Observable.Z(1), new Observable.Z(2),
            new Observable.ZProduct(new int[] {0, 2}));
        int[][] obsQubits = {{0}, {1}, {2}, {0, 2}};
        for (GateKind kind : GateKind.values()) {
            for (int rep = 0; rep < 3; rep++) {
                Circuit.Builder b = Circuit.builder(n).parameters(PARAMS).amplitudeEncoding(0).features(f);
                mixingLayer(b, rnd);
                addRandomGate(b, kind, n, rnd, dim, angleFeatures);
                mixingLayer(b, rnd);
                Circuit c = b.build();
                String tested = kind + " " + c.gates().get(n);
                StatevectorSimulator sim = new StatevectorSimulator(c, obs);
                double[] theta = random(PARAMS, rnd, Math.PI);
                double[] x = random(batch * f, rnd, 1.5);
                double[] w = random(batch * obs.size(), rnd, 1);
                StatevectorSimulator.Run run = sim.forward(theta, x, batch);
                double[] out = run.outputs();
                for (int s = 0; s < batch; s++) {
                    double[][] ref = ReferenceSimulator.run(c, theta, Arrays.copyOfRange(x, s * f, (s + 1) * f));
                    double[][] got = run.amplitudes(s);
                    for (int i = 0; i < dim; i++) {
                        assertEquals(ref[0][i], got[0][i], TOL, tested + " sample " + s + " re " + i);
                        assertEquals(ref[1][i], got[1][i], TOL, tested + " sample " + s + " im " + i);
                    }
                    for (int k = 0; k < obsQubits.length; k++) {
                        assertEquals(zExpectation(ref, n, obsQubits[k]), out[s * obsQubits.length + k], TOL,
                            tested + " sample " + s + " " + obs.get(k).label());
                    }
                }
                StatevectorSimulator.Gradients g = run.backward(w);
                for (int p = 0; p < PARAMS; p++) {
                    int pp = p;
                    double fd = fivePoint(t -> referenceLoss(c, with(theta, pp, t), x, batch, w, obsQubits), theta[p]);
                    assertEquals(fd, g.dTheta()[p], GRAD_TOL, tested + " dTheta[" + p + "]");
                }
                for (int i = 0; i < x.length; i++) {
                    int ii = i;
                    double fd = fivePoint(t -> referenceLoss(c, theta, with(x, ii, t), batch, w, obsQubits), x[i]);
                    assertEquals(fd, g.dX()[i], GRAD_TOL, tested + " dX[" + i + "]");
                }
            }
        }
    }

    /**
     * {@link GateKind#derivative} (d matrix / d angle) and {@link GateKind#generator} (dU U^dagger),
     * which the adjoint pass is built on, against 5-point differences of the textbook matrices: for a
     * controlled kind they are the blocks where the control is 1.
     */
    @Test
    void derivativeAndGeneratorMatricesMatchFiniteDifferencesOfTheDefinitions() {
        Random rnd = new Random(5);
        int checked = 0;
        for (GateKind kind : GateKind.values()) {
            if (kind.angles() == 0) {
                continue;
            }
            int controls = Math.max(0, kind.controls());
            for (int rep = 0; rep < 10; rep++) {
                double[] a = random(kind.angles(), rnd, 2 * Math.PI);
                for (int j = 0; j < a.length; j++) {
                    int jj = j;
                    C[][] u = ReferenceSimulator.matrix(kind, a, controls, null);
                    C[][] du = fivePointMatrix(t -> ReferenceSimulator.matrix(kind, with(a, jj, t), controls, null), a[j]);
                    int o = du.length - 2;
                    assertBlock(du, o, kind.derivative(a, j), kind + " d/d angle " + j + " at " + Arrays.toString(a));
                    double[] gen = kind.generator();
                    if (gen != null) {
                        assertBlock(ReferenceSimulator.multiply(du, ReferenceSimulator.dagger(u)), o, gen,
                            kind + " generator at " + Arrays.toString(a));
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked >= 10 * 11, "checked " + checked);
    }

    /**
     * docs/language.md: {@code encode iqp} is H on every qubit, RZ(x_i) on qubit i, then
     * RZZ(x_i x_j) = exp(-i x_i x_j / 2 Z_i Z_j) for every pair. On |z> (z_q = +-1) that is the
     * closed form 2^(-n/2) exp(-i/2 (sum_q x_q z_q + sum_{i<j} x_i x_j z_i z_j)).
     */
    @Test
    void iqpEncodingIsTheDocumentedFeatureMap() {
        Random rnd = new Random(6);
        int n = 4, dim = 1 << n;
        Circuit c = Encodings.iqp(Circuit.builder(n), 0, 1).build();
        for (int rep = 0; rep < 5; rep++) {
            double[] x = random(n, rnd, 2);
            double[][] got = new StatevectorSimulator(c, List.of()).forward(new double[0], x, 1).amplitudes(0);
            for (int i = 0; i < dim; i++) {
                double phase = 0;
                for (int q = 0; q < n; q++) {
                    phase += x[q] * z(i, n, q);
                    for (int r = q + 1; r < n; r++) {
                        phase += x[q] * x[r] * z(i, n, q) * z(i, n, r);
                    }
                }
                C want = C.expI(-phase / 2).times(1 / Math.sqrt(dim));
                assertEquals(want.re(), got[0][i], TOL, "re " + i);
                assertEquals(want.im(), got[1][i], TOL, "im " + i);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertAgreesOnRandomState(Circuit c, Random rnd, String what) {
        int dim = 1 << c.qubits();
        double[][] psi = randomState(dim, rnd);
        double[] theta = random(PARAMS, rnd, Math.PI);
        double[] x = random(c.featureCount(), rnd, 2);
        double[] re = psi[0].clone(), im = psi[1].clone();
        new StatevectorSimulator(c, List.of()).evolve(re, im, theta, x);
        double[][] ref = ReferenceSimulator.run(c, theta, x, psi[0], psi[1]);
        for (int i = 0; i < dim; i++) {
            assertEquals(ref[0][i], re[i], TOL, what + " " + c.gates() + " re " + i);
            assertEquals(ref[1][i], im[i], TOL, what + " " + c.gates() + " im " + i);
        }
    }

    /** One instance of {@code kind} on random distinct qubits in random order (MCX: 1..n-1 controls). */
    static void addRandomGate(Circuit.Builder b, GateKind kind, int n, Random rnd, int firstFeature, int features) {
        int c = kind.controls() >= 0 ? kind.controls() : 1 + rnd.nextInt(n - kind.targets());
        List<Integer> qs = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            qs.add(q);
        }
        Collections.shuffle(qs, rnd);
        int[] controls = new int[c], targets = new int[kind.targets()];
        for (int i = 0; i < c; i++) {
            controls[i] = qs.get(i);
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = qs.get(c + i);
        }
        addGate(b, kind, controls, targets, randomAngles(kind, rnd, firstFeature, features), rnd);
    }

    private static void addGate(Circuit.Builder b, GateKind kind, int[] controls, int[] targets, Angle[] angles, Random rnd) {
        switch (kind) {
            case UNITARY2 -> {
                double[][] u = randomUnitary(2, rnd);
                b.unitary2(targets[0], u[0], u[1]);
            }
            case UNITARY4 -> {
                double[][] u = randomUnitary(4, rnd);
                b.unitary4(targets[0], targets[1], u[0], u[1]);
            }
            default -> b.add(kind, controls, targets, angles);
        }
    }

    /** A random single-qubit unitary on every qubit: makes the (real) encoded state complex. */
    static void mixingLayer(Circuit.Builder b, Random rnd) {
        for (int q = 0; q < b.qubits(); q++) {
            double[][] u = randomUnitary(2, rnd);
            b.unitary2(q, u[0], u[1]);
        }
    }

    /** Angles from every source: constants, parameters, inputs and products of inputs, random affine maps. */
    static Angle[] randomAngles(GateKind kind, Random rnd, int firstFeature, int features) {
        Angle[] a = new Angle[kind.angles()];
        for (int j = 0; j < a.length; j++) {
            double scale = 0.5 + rnd.nextDouble(), offset = rnd.nextDouble() * 2 - 1;
            int i1 = firstFeature + rnd.nextInt(features), i2 = firstFeature + rnd.nextInt(features);
            a[j] = switch (rnd.nextInt(4)) {
                case 0 -> Angle.constant((rnd.nextDouble() * 2 - 1) * 2 * Math.PI);
                case 1 -> Angle.param(rnd.nextInt(PARAMS), scale, offset);
                case 2 -> Angle.input(i1, scale, offset);
                default -> Angle.inputProduct(i1, i2, scale, offset);
            };
        }
        return a;
    }

    /** Haar-ish random unitary: Gram-Schmidt on a complex Gaussian matrix; {re, im} row-major. */
    static double[][] randomUnitary(int d, Random rnd) {
        C[][] col = new C[d][d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                col[j][i] = new C(rnd.nextGaussian(), rnd.nextGaussian());
            }
            for (int k = 0; k < j; k++) {
                C dot = C.ZERO;
                for (int i = 0; i < d; i++) {
                    dot = dot.plus(col[k][i].conj().times(col[j][i]));
                }
                for (int i = 0; i < d; i++) {
                    col[j][i] = col[j][i].minus(col[k][i].times(dot));
                }
            }
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += col[j][i].abs() * col[j][i].abs();
            }
            for (int i = 0; i < d; i++) {
                col[j][i] = col[j][i].times(1 / Math.sqrt(norm));
            }
        }
        double[] re = new double[d * d], im = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                re[i * d + j] = col[j][i].re();
                im[i * d + j] = col[j][i].im();
            }
        }
        return new double[][] {re, im};
    }

    private static double[][] randomState(int dim, Random rnd) {
        double[] re = new double[dim], im = new double[dim];
        double s = 0;
        for (int i = 0; i < dim; i++) {
            re[i] = rnd.nextGaussian();
            im[i] = rnd.nextGaussian();
            s += re[i] * re[i] + im[i] * im[i];
        }
        for (int i = 0; i < dim; i++) {
            re[i] /= Math.sqrt(s);
            im[i] /= Math.sqrt(s);
        }
        return new double[][] {re, im};
    }

    /** Z eigenvalue (+1 for bit 0) of qubit q in basis state i; qubit 0 is the most significant bit. */
    private static int z(int i, int n, int q) {
        return ((i >> (n - 1 - q)) & 1) == 0 ? 1 : -1;
    }

    /** <Z_q1 Z_q2 ...> of a state, from the amplitudes. */
    private static double zExpectation(double[][] psi, int n, int[] qubits) {
        double e = 0;
        for (int i = 0; i < psi[0].length; i++) {
            int sign = 1;
            for (int q : qubits) {
                sign *= z(i, n, q);
            }
            e += sign * (psi[0][i] * psi[0][i] + psi[1][i] * psi[1][i]);
        }
        return e;
    }

    /** sum over samples and observables of w * <O>, all from the reference simulator. */
    private static double referenceLoss(Circuit c, double[] theta, double[] x, int batch, double[] w, int[][] obs) {
        int f = c.featureCount();
        double loss = 0;
        for (int s = 0; s < batch; s++) {
            double[][] psi = ReferenceSimulator.run(c, theta, Arrays.copyOfRange(x, s * f, (s + 1) * f));
            for (int k = 0; k < obs.length; k++) {
                loss += w[s * obs.length + k] * zExpectation(psi, c.qubits(), obs[k]);
            }
        }
        return loss;
    }

    /** (-f(v+2h) + 8 f(v+h) - 8 f(v-h) + f(v-2h)) / 12h. */
    private static double fivePoint(DoubleUnaryOperator f, double v) {
        return (-f.applyAsDouble(v + 2 * H) + 8 * f.applyAsDouble(v + H) - 8 * f.applyAsDouble(v - H)
            + f.applyAsDouble(v - 2 * H)) / (12 * H);
    }

    private static C[][] fivePointMatrix(DoubleFunction<C[][]> f, double v) {
        C[][] p2 = f.apply(v + 2 * H), p1 = f.apply(v + H), m1 = f.apply(v - H), m2 = f.apply(v - 2 * H);
        int d = p1.length;
        C[][] r = new C[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                r[i][j] = p1[i][j].minus(m1[i][j]).times(8).minus(p2[i][j].minus(m2[i][j])).times(1 / (12 * H));
            }
        }
        return r;
    }

    /** Production's 2x2 matrix {@code got} (double[8] layout) equals the block of {@code m} at (o, o). */
    private static void assertBlock(C[][] m, int o, double[] got, String what) {
        for (int r = 0; r < 2; r++) {
            for (int col = 0; col < 2; col++) {
                C e = m[o + r][o + col];
                assertEquals(e.re(), got[2 * (2 * r + col)], TOL, what + " [" + r + "][" + col + "] re");
                assertEquals(e.im(), got[2 * (2 * r + col) + 1], TOL, what + " [" + r + "][" + col + "] im");
            }
        }
    }

    private static double[] with(double[] v, int i, double value) {
        double[] r = v.clone();
        r[i] = value;
        return r;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static double[] random(int len, Random rnd, double scale) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = (rnd.nextDouble() * 2 - 1) * scale;
        }
        return v;
    }
}
