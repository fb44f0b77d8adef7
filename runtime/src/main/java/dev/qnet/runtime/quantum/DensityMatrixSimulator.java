package dev.qnet.runtime.quantum;

import dev.qnet.runtime.quantum.noise.Channels;
import dev.qnet.runtime.quantum.noise.NoiseModel;
import dev.qnet.runtime.quantum.noise.NoiseSchedule;
import dev.qnet.runtime.threads.ComputeThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exact, batched, double-precision density-matrix simulation of a {@link Circuit} under a
 * {@link NoiseModel}, with exact gradients.
 *
 * <p><b>Layout.</b> rho of {@code n} qubits is a vector of {@code 4^n} complex entries,
 * {@code rho[r][c]} at index {@code r * 2^n + c}: a "state" of {@code 2n} qubits whose first
 * {@code n} bits are the row and last {@code n} the column. A gate U is {@code U rho U^dagger}:
 * the statevector kernels ({@link Kernels}) apply U on the row qubits and {@code conj(U)} on the
 * column qubits, in place, with no {@code 4^n x 4^n} matrix. A one-qubit channel is its real
 * 4x4 superoperator {@code sum_i K_i (x) conj(K_i)} on that qubit's (row, column) bit pair
 * ({@link Kernels#real4}). Samples are batched innermost as in the statevector simulator, and
 * blocks of samples run in parallel on the same pool.
 *
 * <p><b>Readout error</b> is folded into each observable's diagonal ({@link Channels#readout}),
 * so outputs are the exact expectation values over misread bits and stay differentiable.
 *
 * <p><b>Gradients: an adjoint pass over the superoperator sequence.</b> The loss is
 * {@code Tr(Lambda rho_final)} with {@code Lambda = sum_k w_k D_k} (w = dLoss/dOutput). Walking the
 * steps backwards, {@code Lambda} is carried by each step's Hilbert-Schmidt adjoint
 * ({@code U^dagger Lambda U} for a gate, {@code sum_i K_i^dagger Lambda K_i} for a channel, the
 * transpose of its real superoperator), and an angle of a gate gets
 * {@code dLoss/dangle = 2 Re Tr(Lambda G rho)} with {@code G = dU/dangle U^dagger} and rho the state
 * after the gate; the chain rule through {@link Angle} gives dLoss/dTheta and dLoss/dX (also through
 * an amplitude-encoded initial state). This is exact (no parameter shift, no sampling).
 *
 * <p>The sweep needs rho after every step. When every channel's superoperator is invertible and the
 * product of the inverses' norms is at most {@value #UNCOMPUTE_AMPLIFICATION} (weak noise, as on a
 * device: rounding then grows to about 1e-13 at most), rho is un-computed step by step from the final
 * state, which the forward pass keeps while the batch's matrices fit {@code keepBytes} (256 MiB,
 * {@code -Dqnet.quantum.densityKeepBytes}; else the backward pass re-runs the forward pass first).
 * Otherwise (strong or non-invertible noise: amplitude damping with gamma = 1, depolarizing with
 * p = 3/4) the backward pass re-runs the forward pass keeping a checkpoint every {@code sqrt(steps)}
 * steps and replays one segment at a time (about {@code 2 sqrt(steps)} matrices per block of samples).
 */
public final class DensityMatrixSimulator implements QuantumSimulator {

    private static final int BLOCK_BYTES = Integer.getInteger("qnet.quantum.blockBytes", 256 * 1024);

    private final Circuit circuit;
    private final List<Observable> observables;
    private final int n;
    private final int dim;
    private final int dim2;
    private final double[][] diagonals;
    private final Gate[] gates;
    private final int[] rowT;
    private final int[] rowS;
    private final int[] rowC;
    private final int[] colT;
    private final int[] colS;
    private final int[] colC;
    private final double[][] constantMatrix;
    private final int[] stepGate;
    private final int[] stepQubit;
    private final double[][] stepSuper;
    private final double[][] stepAdjoint;
    /** Inverse superoperators, when every channel is invertible and un-computing is accurate (else null). */
    private final double[][] stepInverse;

    public DensityMatrixSimulator(Circuit circuit, List<Observable> observables, NoiseModel noise) {
        this.circuit = circuit;
        this.observables = List.copyOf(observables);
        this.n = circuit.qubits();
        if (2 * n > 30) {
            throw new QuantumException(n + " qubits is beyond the density-matrix simulator's limit of 15");
        }
        this.dim = 1 << n;
        this.dim2 = 1 << (2 * n);
        this.diagonals = new double[observables.size()][];
        for (int k = 0; k < diagonals.length; k++) {
            diagonals[k] = Channels.readout(observables.get(k).diagonal(n), n, noise.readout());
        }
        this.gates = circuit.gates().toArray(new Gate[0]);
        int g = gates.length;
        rowT = new int[g];
        rowS = new int[g];
        rowC = new int[g];
        colT = new int[g];
        colS = new int[g];
        colC = new int[g];
        constantMatrix = new double[g][];
        int w = 2 * n;
        for (int i = 0; i < g; i++) {
            Gate gate = gates[i];
            int[] t = gate.targets();
            rowT[i] = Circuit.mask(w, t[0]);
            colT[i] = Circuit.mask(w, n + t[0]);
            if (t.length > 1) {
                rowS[i] = Circuit.mask(w, t[1]);
                colS[i] = Circuit.mask(w, n + t[1]);
            }
            for (int c : gate.controls()) {
                rowC[i] |= Circuit.mask(w, c);
                colC[i] |= Circuit.mask(w, n + c);
            }
            if (!gate.isDifferentiable()) {
                constantMatrix[i] = gate.matrix(AdjointSupport.angleValues(gate, null, null, 0));
            }
        }
        List<NoiseSchedule.Step> steps = new NoiseSchedule(circuit, noise).steps();
        int m = steps.size();
        stepGate = new int[m];
        stepQubit = new int[m];
        stepSuper = new double[m][];
        stepAdjoint = new double[m][];
        for (int j = 0; j < m; j++) {
            NoiseSchedule.Step st = steps.get(j);
            stepGate[j] = st.gate();
            stepQubit[j] = st.qubit();
            if (!st.isGate()) {
                double[] s = Channels.superoperator(st.kraus());
                double[] real = new double[16], adj = new double[16];
                for (int e = 0; e < 16; e++) {
                    if (Math.abs(s[2 * e + 1]) > 1e-15) {
                        throw new IllegalStateException("channel superoperators are real; this one is not");
                    }
                    real[e] = s[2 * e];
                }
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 4; c++) {
                        adj[4 * r + c] = real[4 * c + r];
                    }
                }
                stepSuper[j] = real;
                stepAdjoint[j] = adj;
            }
        }
        // Un-computing rho through channel inverses amplifies rounding by at most the product of
        // their norms; below UNCOMPUTE_AMPLIFICATION that stays near 1e-13, far below what the
        // gradients need, and saves re-running the forward pass.
        double[][] inverse = new double[m][];
        double amplification = 1;
        for (int j = 0; j < m && inverse != null; j++) {
            if (stepSuper[j] != null) {
                inverse[j] = invert4(stepSuper[j]);
                if (inverse[j] == null) {
                    inverse = null;
                } else {
                    amplification *= infinityNorm(inverse[j]);
                }
            }
        }
        this.stepInverse = inverse != null && amplification <= UNCOMPUTE_AMPLIFICATION ? inverse : null;
        this.uncompute = stepInverse != null;
    }

    private static final double UNCOMPUTE_AMPLIFICATION = 1e3;
    /** Final density matrices of a batch are kept for the backward pass up to this many bytes. */
    private static final long KEEP_BYTES = Long.getLong("qnet.quantum.densityKeepBytes", 256L << 20);

    /** Bytes of final density matrices a forward pass may keep for its backward (tests lower it to exercise the re-run). */
    long keepBytes = KEEP_BYTES;

    /** Whether the backward pass un-computes rho (possible only with {@code stepInverse}; tests turn it off to compare). */
    boolean uncompute;

    /** True when the backward pass un-computes rho step by step instead of replaying checkpointed segments. */
    boolean uncomputes() { return uncompute; }

    /** Inverse of a real 4x4 matrix by Gauss-Jordan with partial pivoting, or null if (nearly) singular. */
    private static double[] invert4(double[] a) {
        double[][] m = new double[4][8];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                m[i][j] = a[4 * i + j];
            }
            m[i][4 + i] = 1;
        }
        for (int c = 0; c < 4; c++) {
            int piv = c;
            for (int r = c + 1; r < 4; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            if (Math.abs(m[piv][c]) < 1e-6) {
                return null;
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            double d = m[c][c];
            for (int j = 0; j < 8; j++) {
                m[c][j] /= d;
            }
            for (int r = 0; r < 4; r++) {
                if (r != c && m[r][c] != 0) {
                    double f = m[r][c];
                    for (int j = 0; j < 8; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[] inv = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                inv[4 * i + j] = m[i][4 + j];
            }
        }
        return inv;
    }

    private static double infinityNorm(double[] a) {
        double norm = 0;
        for (int i = 0; i < 4; i++) {
            double s = 0;
            for (int j = 0; j < 4; j++) {
                s += Math.abs(a[4 * i + j]);
            }
            norm = Math.max(norm, s);
        }
        return norm;
    }

    @Override public Circuit circuit() { return circuit; }

    @Override public List<Observable> observables() { return observables; }

    /** Number of steps (gates and channels) the simulator applies. */
    public int stepCount() { return stepGate.length; }

    @Override
    public Run forward(double[] theta, double[] x, int batch) {
        AdjointSupport.checkInputs(circuit, theta, x, batch);
        int bc = AdjointSupport.blockSize(dim2, batch, BLOCK_BYTES, ComputeThreads.count());
        List<Block> blocks = new ArrayList<>();
        for (int s = 0; s < batch; s += bc) {
            blocks.add(new Block(s, Math.min(bc, batch - s)));
        }
        Run run = new Run(theta.clone(), x, batch, blocks);
        boolean keep = uncompute && 16L * dim2 * batch <= keepBytes;
        checkMemory(bc, keep ? batch : 0);
        StatevectorSimulator.parallel(blocks, b -> forwardBlock(run, b, keep));
        return run;
    }

    /** The final density matrix of sample b as {re[][], im[][]} (for tests and state-level use). */
    public double[][][] densityMatrix(double[] theta, double[] x, int b) {
        int f = circuit.featureCount();
        double[] xb = Arrays.copyOfRange(x, b * f, (b + 1) * f);
        Run run = new Run(theta.clone(), xb, 1, List.of());
        Block blk = new Block(0, 1);
        double[] re = new double[dim2], im = new double[dim2];
        prepare(run, blk, re, im);
        double[] ms = new double[8];
        for (int j = 0; j < stepGate.length; j++) {
            applyStep(run, blk, j, false, re, im, ms);
        }
        double[][] r = new double[dim][dim], i = new double[dim][dim];
        for (int row = 0; row < dim; row++) {
            for (int c = 0; c < dim; c++) {
                r[row][c] = re[row * dim + c];
                i[row][c] = im[row * dim + c];
            }
        }
        return new double[][][] {r, i};
    }

    /**
     * Refuses a batch whose matrices cannot fit the JVM heap, saying how much is needed: per block in
     * flight its rho and co-state (and, when checkpointing, about 2 sqrt(steps) more), plus the final
     * matrices kept for the backward pass.
     */
    private void checkMemory(int bc, int kept) {
        long per = 16L * dim2;
        long working = uncompute ? 3 : 3 + 2 * (long) Math.ceil(Math.sqrt(stepGate.length));
        long need = per * (bc * working * ComputeThreads.count() + kept);
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > available) {
            throw new QuantumException(String.format(
                "the density matrix of %d qubits needs %.1f MiB per sample, %.1f MiB for this batch's simulation; "
                    + "the JVM has %.1f MiB available (raise -Xmx, use a smaller batch, or simulate with trajectories)",
                n, per / 1048576.0, need / 1048576.0, available / 1048576.0));
        }
    }

    // ---------------------------------------------------------------- forward

    private void forwardBlock(Run run, Block blk, boolean keep) {
        int bc = blk.count;
        double[] re = new double[dim2 * bc], im = new double[dim2 * bc];
        prepare(run, blk, re, im);
        double[] ms = new double[8 * bc];
        for (int j = 0; j < stepGate.length; j++) {
            applyStep(run, blk, j, false, re, im, ms);
        }
        if (keep) {
            blk.re = re;
            blk.im = im;
        }
        blk.diag = new double[bc * dim];
        for (int i = 0; i < dim; i++) {
            int s = i * (dim + 1) * bc;
            for (int b = 0; b < bc; b++) {
                blk.diag[b * dim + i] = re[s + b];
            }
        }
        int nObs = diagonals.length;
        blk.out = new double[bc * nObs];
        for (int b = 0; b < bc; b++) {
            for (int k = 0; k < nObs; k++) {
                double[] d = diagonals[k];
                double v = 0;
                for (int i = 0; i < dim; i++) {
                    v += d[i] * blk.diag[b * dim + i];
                }
                blk.out[b * nObs + k] = v;
            }
        }
    }

    private void prepare(Run run, Block blk, double[] re, double[] im) {
        int bc = blk.count;
        Arrays.fill(re, 0);
        Arrays.fill(im, 0);
        int off = circuit.amplitudeOffset();
        if (off < 0) {
            for (int b = 0; b < bc; b++) {
                re[b] = 1;
            }
            return;
        }
        int f = circuit.featureCount();
        if (blk.norm == null) {
            blk.norm = new double[bc];
        }
        for (int b = 0; b < bc; b++) {
            int row = (blk.start + b) * f + off;
            double norm = AdjointSupport.amplitudeNorm(run.x, row, dim, blk.start + b);
            blk.norm[b] = norm;
            for (int r = 0; r < dim; r++) {
                double pr = run.x[row + r] / norm;
                for (int c = 0; c < dim; c++) {
                    re[(r * dim + c) * bc + b] = pr * run.x[row + c] / norm;
                }
            }
        }
    }

    /** Step j (gate or channel), or its Hilbert-Schmidt adjoint, on one block's vectorised matrices. */
    private void applyStep(Run run, Block blk, int j, boolean adjoint, double[] re, double[] im, double[] ms) {
        int bc = blk.count;
        int g = stepGate[j];
        if (g < 0) {
            int q = stepQubit[j];
            Kernels.real4(re, im, bc, Circuit.mask(2 * n, q), Circuit.mask(2 * n, n + q),
                adjoint ? stepAdjoint[j] : stepSuper[j], 0, dim2 / 4);
            return;
        }
        Gate gate = gates[g];
        if (gate.kind() == GateKind.SWAP) {
            Kernels.swap(re, im, bc, rowT[g], rowS[g], 0, dim2 / 4);
            Kernels.swap(re, im, bc, colT[g], colS[g], 0, dim2 / 4);
            return;
        }
        if (gate.hasPerSampleAngle() && bc > 1) {
            fillPerSample(run, blk, gate, adjoint, false, ms);
            Kernels.apply1PerSample(re, im, bc, rowT[g], rowC[g], ms, 0, dim2 / 2);
            fillPerSample(run, blk, gate, adjoint, true, ms);
            Kernels.apply1PerSample(re, im, bc, colT[g], colC[g], ms, 0, dim2 / 2);
            return;
        }
        double[] m = constantMatrix[g] != null ? constantMatrix[g]
            : gate.matrix(AdjointSupport.angleValues(gate, run.theta, run.x, (long) blk.start * circuit.featureCount()));
        if (adjoint) {
            m = GateKind.dagger(m);
        }
        double[] mc = AdjointSupport.conj(m);
        if (gate.kind() == GateKind.UNITARY4) {
            Kernels.apply2(re, im, bc, rowT[g], rowS[g], m, 0, dim2 / 4);
            Kernels.apply2(re, im, bc, colT[g], colS[g], mc, 0, dim2 / 4);
        } else {
            Kernels.apply1(re, im, bc, rowT[g], rowC[g], m, 0, dim2 / 2);
            Kernels.apply1(re, im, bc, colT[g], colC[g], mc, 0, dim2 / 2);
        }
    }

    private void fillPerSample(Run run, Block blk, Gate gate, boolean adjoint, boolean conjugate, double[] ms) {
        int bc = blk.count, f = circuit.featureCount();
        for (int b = 0; b < bc; b++) {
            double[] m = gate.kind().matrix(AdjointSupport.angleValues(gate, run.theta, run.x, (long) (blk.start + b) * f));
            if (adjoint) {
                m = GateKind.dagger(m);
            }
            if (conjugate) {
                m = AdjointSupport.conj(m);
            }
            for (int e = 0; e < 8; e++) {
                ms[e * bc + b] = m[e];
            }
        }
    }

    // ---------------------------------------------------------------- backward

    /** Un-computes step j on rho: the inverse unitary, or the channel's inverse superoperator. */
    private void invertStep(Run run, Block blk, int j, double[] re, double[] im, double[] ms) {
        if (stepGate[j] < 0) {
            int q = stepQubit[j];
            Kernels.real4(re, im, blk.count, Circuit.mask(2 * n, q), Circuit.mask(2 * n, n + q), stepInverse[j], 0, dim2 / 4);
        } else {
            // a gate's Hilbert-Schmidt adjoint U^dagger rho U is its inverse
            applyStep(run, blk, j, true, re, im, ms);
        }
    }

    /** The adjoint sweep un-computing rho (every channel invertible and well conditioned). */
    private void backwardUncomputing(Run run, Block blk, double[] dOut, double[] dX, double[] dTheta) {
        int bc = blk.count, len = dim2 * bc;
        double[] ms = new double[8 * bc];
        double[] re, im;
        if (blk.re != null) {
            re = blk.re.clone();
            im = blk.im.clone();
        } else {
            re = new double[len];
            im = new double[len];
            prepare(run, blk, re, im);
            for (int j = 0; j < stepGate.length; j++) {
                applyStep(run, blk, j, false, re, im, ms);
            }
        }
        double[] lr = new double[len], li = new double[len];
        initialCostate(blk, dOut, lr);
        double[] gb = new double[bc];
        for (int j = stepGate.length - 1; j >= 0; j--) {
            int g = stepGate[j];
            if (g >= 0 && gates[g].isDifferentiable()) {
                angleGradients(run, blk, g, lr, li, re, im, ms, gb, dX, dTheta);
            }
            invertStep(run, blk, j, re, im, ms);
            applyStep(run, blk, j, true, lr, li, ms);
        }
        amplitudeGradients(run, blk, lr, dX);
    }

    /** Lambda = sum_k w_k D_k (diagonal, real) per sample. */
    private void initialCostate(Block blk, double[] dOut, double[] lr) {
        int bc = blk.count, nObs = diagonals.length;
        for (int k = 0; k < nObs; k++) {
            double[] d = diagonals[k];
            for (int i = 0; i < dim; i++) {
                if (d[i] == 0) {
                    continue;
                }
                int s = i * (dim + 1) * bc;
                for (int b = 0; b < bc; b++) {
                    lr[s + b] += dOut[(blk.start + b) * nObs + k] * d[i];
                }
            }
        }
    }

    /** Through rho0 = psi psi^T, psi = x / |x|: dL/dpsi = 2 Re(Lambda0) psi, then the normalisation. */
    private void amplitudeGradients(Run run, Block blk, double[] lr, double[] dX) {
        if (circuit.amplitudeOffset() < 0) {
            return;
        }
        int bc = blk.count, f = circuit.featureCount(), off = circuit.amplitudeOffset();
        double[] grad = new double[dim];
        for (int b = 0; b < bc; b++) {
            int row = (blk.start + b) * f + off;
            double norm = blk.norm[b];
            for (int r = 0; r < dim; r++) {
                double s = 0;
                for (int c = 0; c < dim; c++) {
                    s += lr[(r * dim + c) * bc + b] * run.x[row + c] / norm;
                }
                grad[r] = 2 * s;
            }
            AdjointSupport.amplitudeGradient(run.x, row, norm, grad, dX);
        }
    }

    private void backwardBlock(Run run, Block blk, double[] dOut, double[] dX, double[] dTheta) {
        if (uncompute) {
            backwardUncomputing(run, blk, dOut, dX, dTheta);
            return;
        }
        int bc = blk.count, len = dim2 * bc;
        int m = stepGate.length;
        int seg = Math.max(1, (int) Math.ceil(Math.sqrt(m)));
        int segments = Math.max(1, (m + seg - 1) / seg);
        double[][] ckRe = new double[segments][], ckIm = new double[segments][];
        double[] re = new double[len], im = new double[len];
        double[] ms = new double[8 * bc];
        prepare(run, blk, re, im);
        for (int j = 0; j < m; j++) {
            if (j % seg == 0) {
                ckRe[j / seg] = re.clone();
                ckIm[j / seg] = im.clone();
            }
            applyStep(run, blk, j, false, re, im, ms);
        }
        if (m == 0) {
            ckRe[0] = re.clone();
            ckIm[0] = im.clone();
        }
        double[] lr = new double[len], li = new double[len];
        initialCostate(blk, dOut, lr);
        double[][] sRe = new double[seg + 1][], sIm = new double[seg + 1][];
        double[] gb = new double[bc];
        for (int sg = segments - 1; sg >= 0; sg--) {
            int start = sg * seg, end = Math.min(m, start + seg);
            sRe[0] = ckRe[sg];
            sIm[0] = ckIm[sg];
            for (int j = start; j < end; j++) {
                int i = j - start + 1;
                if (sRe[i] == null) {
                    sRe[i] = new double[len];
                    sIm[i] = new double[len];
                }
                System.arraycopy(sRe[i - 1], 0, sRe[i], 0, len);
                System.arraycopy(sIm[i - 1], 0, sIm[i], 0, len);
                applyStep(run, blk, j, false, sRe[i], sIm[i], ms);
            }
            for (int j = end - 1; j >= start; j--) {
                int g = stepGate[j];
                if (g >= 0 && gates[g].isDifferentiable()) {
                    angleGradients(run, blk, g, lr, li, sRe[j - start + 1], sIm[j - start + 1], ms, gb, dX, dTheta);
                }
                applyStep(run, blk, j, true, lr, li, ms);
            }
            ckRe[sg] = null;
            ckIm[sg] = null;
        }
        amplitudeGradients(run, blk, lr, dX);
    }

    /** {@code 2 Re Tr(Lambda G rho)} per sample for each variable angle of gate g, scattered to theta and x. */
    private void angleGradients(Run run, Block blk, int g, double[] lr, double[] li, double[] pr, double[] pi,
                                double[] ms, double[] gb, double[] dX, double[] dTheta) {
        Gate gate = gates[g];
        int bc = blk.count, f = circuit.featureCount();
        Angle[] angles = gate.angles();
        double[] gen = gate.kind().generator();
        for (int j = 0; j < angles.length; j++) {
            Angle a = angles[j];
            if (a.source() == Angle.Source.CONSTANT) {
                continue;
            }
            Arrays.fill(gb, 0);
            if (gen == null && gate.hasPerSampleAngle() && bc > 1) {
                for (int b = 0; b < bc; b++) {
                    double[] d = AdjointSupport.generator(gate,
                        AdjointSupport.angleValues(gate, run.theta, run.x, (long) (blk.start + b) * f), j);
                    for (int e = 0; e < 8; e++) {
                        ms[e * bc + b] = d[e];
                    }
                }
                Kernels.gradient1(lr, li, pr, pi, bc, rowT[g], rowC[g], ms, gb, 0, dim2 / 2);
            } else {
                double[] d = gen != null ? gen : AdjointSupport.generator(gate,
                    AdjointSupport.angleValues(gate, run.theta, run.x, (long) blk.start * f), j);
                Kernels.gradientGenerator(lr, li, pr, pi, bc, rowT[g], rowC[g], d, gb, 0, dim2 / 2);
            }
            AdjointSupport.scatter(a, gb, blk.start, run.x, f, dX, dTheta);
        }
    }

    // ---------------------------------------------------------------- results

    private static final class Block {
        final int start;
        final int count;
        double[] diag;
        double[] out;
        /** The final rho, kept when the backward pass un-computes (and it fits {@link #KEEP_BYTES}). */
        double[] re;
        double[] im;
        double[] norm;

        Block(int start, int count) {
            this.start = start;
            this.count = count;
        }
    }

    /** One forward pass: outputs and each sample's final basis distribution; backward re-simulates. */
    public final class Run implements QuantumSimulator.Pass {
        private final double[] theta;
        private final double[] x;
        private final int batch;
        private final List<Block> blocks;

        private Run(double[] theta, double[] x, int batch, List<Block> blocks) {
            this.theta = theta;
            this.x = x;
            this.batch = batch;
            this.blocks = blocks;
        }

        @Override public int batch() { return batch; }

        @Override
        public double[] outputs() {
            int k = diagonals.length;
            double[] o = new double[batch * k];
            for (Block b : blocks) {
                System.arraycopy(b.out, 0, o, b.start * k, b.count * k);
            }
            return o;
        }

        @Override
        public double[] probabilities(int b) {
            for (Block blk : blocks) {
                if (b >= blk.start && b < blk.start + blk.count) {
                    return Arrays.copyOfRange(blk.diag, (b - blk.start) * dim, (b - blk.start + 1) * dim);
                }
            }
            throw new IndexOutOfBoundsException("sample " + b + " of " + batch);
        }

        /** Exact gradients of the noisy expectation values (see the class comment). */
        @Override
        public StatevectorSimulator.Gradients backward(double[] dOut) {
            if (dOut.length != batch * diagonals.length) {
                throw new QuantumException("gradient must be [" + batch + ", " + diagonals.length + "], got "
                    + dOut.length + " values");
            }
            double[] dX = new double[batch * circuit.featureCount()];
            double[][] partial = new double[blocks.size()][circuit.parameterCount()];
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                ids.add(i);
            }
            StatevectorSimulator.parallel(ids, i -> backwardBlock(this, blocks.get(i), dOut, dX, partial[i]));
            double[] dTheta = new double[circuit.parameterCount()];
            for (double[] p : partial) {
                for (int j = 0; j < p.length; j++) {
                    dTheta[j] += p[j];
                }
            }
            return new StatevectorSimulator.Gradients(dTheta, dX);
        }
    }
}
