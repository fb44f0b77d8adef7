package dev.qnet.runtime.quantum;

import dev.qnet.runtime.quantum.noise.Channels;
import dev.qnet.runtime.quantum.noise.NoiseModel;
import dev.qnet.runtime.threads.ComputeThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Batched statevector simulation of one {@link Circuit} with diagonal {@link Observable}s, and
 * exact gradients by the adjoint method.
 *
 * <p>Layout and threading: the batch is cut into blocks of {@code bc} samples stored sample-innermost
 * (see {@link Kernels}); each block runs the whole circuit on one thread, blocks are spread over a
 * small fixed pool (one thread per core), so no synchronisation per gate. A state of
 * {@value #AMPLITUDE_PARALLEL_DIM} or more amplitudes is simulated one sample at a time with every
 * gate split across the pool instead.
 *
 * <p>Adjoint method: after the forward sweep only the final states are kept. Backward starts from
 * {@code lambda = sum_k w_k D_k psi} (w = dLoss/dOutput) and walks the gates in reverse: each
 * angle's gradient is {@code 2 Re <lambda| G |psi>} with the generator {@code G = dU/dangle U^dagger}
 * taken on the state after the gate (for rotations G is a constant -i/2 P, so this costs a few flops
 * per amplitude), then {@code psi <- U^dagger psi} and {@code lambda <- U^dagger lambda}. One forward
 * and one backward sweep give the gradients for every parameter and every input feature; the chain
 * rule through {@link Angle}'s affine (or product) form gives dLoss/dTheta and dLoss/dX.
 */
public final class StatevectorSimulator implements QuantumSimulator {

    /** States at least this large are split across threads by amplitudes instead of by samples. */
    static final int AMPLITUDE_PARALLEL_DIM = 1 << 14;
    /** Target size of one sample block (re + im) so it stays in the per-core L2 cache; -Dqnet.quantum.blockBytes tunes it. */
    private static final int BLOCK_BYTES = Integer.getInteger("qnet.quantum.blockBytes", 256 * 1024);


    private final Circuit circuit;
    private final List<Observable> observables;
    private final int n;
    private final int dim;
    private final double[][] diagonals;
    private final Gate[] gates;
    private final int[] targetMask;
    private final int[] secondMask;
    private final int[] controlMask;
    /** Matrices of gates whose angles are all constant: computed once. */
    private final double[][] constantMatrix;

    public StatevectorSimulator(Circuit circuit, List<Observable> observables) {
        this(circuit, observables, NoiseModel.Readout.NONE);
    }

    /**
     * A noiseless circuit measured through readout error: each observable's diagonal is replaced by
     * its expectation over misread bits ({@link Channels#readout}), which keeps the outputs and the
     * adjoint gradients exact.
     */
    public StatevectorSimulator(Circuit circuit, List<Observable> observables, NoiseModel.Readout readout) {
        this.circuit = circuit;
        this.observables = List.copyOf(observables);
        this.n = circuit.qubits();
        this.dim = 1 << n;
        this.diagonals = new double[observables.size()][];
        for (int k = 0; k < diagonals.length; k++) {
            diagonals[k] = readout.isNone() ? observables.get(k).diagonal(n)
                : Channels.readout(observables.get(k).diagonal(n), n, readout);
        }
        this.gates = circuit.gates().toArray(new Gate[0]);
        int g = gates.length;
        targetMask = new int[g];
        secondMask = new int[g];
        controlMask = new int[g];
        constantMatrix = new double[g][];
        for (int i = 0; i < g; i++) {
            Gate gate = gates[i];
            targetMask[i] = Circuit.mask(n, gate.targets()[0]);
            secondMask[i] = gate.targets().length > 1 ? Circuit.mask(n, gate.targets()[1]) : 0;
            for (int c : gate.controls()) {
                controlMask[i] |= Circuit.mask(n, c);
            }
            if (!gate.isDifferentiable()) {
                constantMatrix[i] = gate.matrix(AdjointSupport.angleValues(gate, null, null, 0));
            }
        }
    }

    @Override public Circuit circuit() { return circuit; }

    @Override public List<Observable> observables() { return observables; }

    /** Bytes of one state in double precision (re + im). */
    public static long bytesPerState(int qubits) {
        return 16L << qubits;
    }

    /**
     * Runs the circuit on a batch. {@code theta} has {@link Circuit#parameterCount()} entries,
     * {@code x} is row-major {@code [batch, featureCount]} (may be empty when there are no features).
     */
    @Override
    public Run forward(double[] theta, double[] x, int batch) {
        if (theta.length < circuit.parameterCount()) {
            throw new QuantumException("circuit needs " + circuit.parameterCount() + " parameters, got " + theta.length);
        }
        int f = circuit.featureCount();
        if (x.length != (long) batch * f) {
            throw new QuantumException("input must be [" + batch + ", " + f + "] = " + ((long) batch * f)
                + " values, got " + x.length);
        }
        checkMemory(n, batch);
        int bc;
        if (dim >= AMPLITUDE_PARALLEL_DIM) {
            bc = 1;
        } else {
            int maxBc = Math.max(1, BLOCK_BYTES / (16 * dim));
            int blocks = (batch + maxBc - 1) / maxBc;
            // at least two blocks per thread while blocks keep >= 16 samples, so a thread that the
            // OS delays (shared machines) does not hold up the whole step
            int threads = ComputeThreads.count();
            while (blocks < 2 * threads && batch / (blocks + 1) >= 16) {
                blocks++;
            }
            if (batch >= threads) {
                blocks = ((blocks + threads - 1) / threads) * threads;
            }
            bc = (batch + blocks - 1) / blocks;
        }
        List<Block> blocks = new ArrayList<>();
        for (int s = 0; s < batch; s += bc) {
            blocks.add(new Block(s, Math.min(bc, batch - s)));
        }
        Run run = new Run(theta.clone(), x, batch, blocks);
        if (bc == 1 && dim >= AMPLITUDE_PARALLEL_DIM) {
            for (Block b : blocks) {
                forwardBlock(run, b, true);
            }
        } else {
            parallel(blocks, b -> forwardBlock(run, b, false));
        }
        return run;
    }

    /**
     * Applies the circuit in place to one state given as flat arrays of {@code 2^n} amplitudes
     * (qubit 0 = most significant bit), splitting each gate across the pool for large states.
     * For benchmarks and state-level use; no gradients. Input-dependent angles read {@code x}.
     */
    public void evolve(double[] re, double[] im, double[] theta, double[] x) {
        if (re.length != dim || im.length != dim) {
            throw new QuantumException("state must have " + dim + " amplitudes, got " + re.length + " and " + im.length);
        }
        Run run = new Run(theta, x, 1, List.of());
        Block blk = new Block(0, 1);
        double[] ms = new double[8];
        boolean split = dim >= AMPLITUDE_PARALLEL_DIM;
        for (int g = 0; g < gates.length; g++) {
            applyGate(run, blk, g, false, re, im, ms, split);
        }
    }


    /** Refuses a batch whose states do not fit in the JVM heap, saying how much is needed. */
    public static void checkMemory(int qubits, int batch) {
        long per = bytesPerState(qubits);
        long need = per * batch;
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > available || (1L << qubits) > Integer.MAX_VALUE / 2) {
            throw new QuantumException(String.format(
                "%d qubits need %s per state (x %d samples = %s, plus as much again for gradients); "
                    + "the JVM has %s available (raise -Xmx or use fewer qubits)",
                qubits, gib(per), batch, gib(need), gib(available)));
        }
    }

    private static String gib(long bytes) {
        return bytes >= 1L << 30 ? String.format("%.1f GiB", bytes / (double) (1L << 30))
            : String.format("%.1f MiB", bytes / (double) (1L << 20));
    }

    // ---------------------------------------------------------------- forward

    private void forwardBlock(Run run, Block blk, boolean splitGates) {
        int bc = blk.count;
        blk.re = new double[dim * bc];
        blk.im = new double[dim * bc];
        prepare(run, blk);
        double[] ms = new double[8 * bc];
        for (int g = 0; g < gates.length; g++) {
            applyGate(run, blk, g, false, blk.re, blk.im, ms, splitGates);
        }
        blk.out = new double[bc * diagonals.length];
        for (int k = 0; k < diagonals.length; k++) {
            double[] d = diagonals[k];
            for (int i = 0; i < dim; i++) {
                double w = d[i];
                if (w == 0) {
                    continue;
                }
                int s = i * bc;
                for (int b = 0; b < bc; b++) {
                    double r = blk.re[s + b], m = blk.im[s + b];
                    blk.out[b * diagonals.length + k] += w * (r * r + m * m);
                }
            }
        }
    }

    private void prepare(Run run, Block blk) {
        int bc = blk.count;
        int off = circuit.amplitudeOffset();
        if (off < 0) {
            for (int b = 0; b < bc; b++) {
                blk.re[b] = 1;
            }
            return;
        }
        int f = circuit.featureCount();
        blk.norm = new double[bc];
        for (int b = 0; b < bc; b++) {
            int row = (blk.start + b) * f + off;
            double s = 0;
            for (int i = 0; i < dim; i++) {
                s += run.x[row + i] * run.x[row + i];
            }
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new QuantumException("amplitude encoding: sample " + (blk.start + b)
                    + " has an all-zero (or non-finite) feature vector, which is not a quantum state");
            }
            double norm = Math.sqrt(s);
            blk.norm[b] = norm;
            for (int i = 0; i < dim; i++) {
                blk.re[i * bc + b] = run.x[row + i] / norm;
            }
        }
    }

    /** Applies gate g (or its inverse) to one block's state. */
    private void applyGate(Run run, Block blk, int g, boolean inverse, double[] re, double[] im,
                           double[] ms, boolean splitGates) {
        applyGate(run, blk, g, inverse, re, im, null, null, ms, splitGates);
    }

    /**
     * Applies gate g (or its inverse) to one block's state and, if {@code re2} is not null, to a
     * second state of the same block: the adjoint pass moves the state and lambda back through
     * the same gate, so its matrices (per sample, for input angles) are built once for both.
     */
    private void applyGate(Run run, Block blk, int g, boolean inverse, double[] re, double[] im,
                           double[] re2, double[] im2, double[] ms, boolean splitGates) {
        Gate gate = gates[g];
        int bc = blk.count;
        int tm = targetMask[g], cm = controlMask[g];
        if (gate.kind() == GateKind.SWAP) {
            int mb = secondMask[g];
            range(dim / 4, splitGates, (lo, hi) -> Kernels.swap(re, im, bc, tm, mb, lo, hi));
            if (re2 != null) {
                range(dim / 4, splitGates, (lo, hi) -> Kernels.swap(re2, im2, bc, tm, mb, lo, hi));
            }
            return;
        }
        if (gate.hasPerSampleAngle() && bc > 1) {
            fillPerSample(run, blk, gate, inverse, ms, -1);
            range(dim / 2, splitGates, (lo, hi) -> Kernels.apply1PerSample(re, im, bc, tm, cm, ms, lo, hi));
            if (re2 != null) {
                range(dim / 2, splitGates, (lo, hi) -> Kernels.apply1PerSample(re2, im2, bc, tm, cm, ms, lo, hi));
            }
            return;
        }
        double[] m = constantMatrix[g] != null ? constantMatrix[g]
            : gate.matrix(AdjointSupport.angleValues(gate, run.theta, run.x, (long) blk.start * circuit.featureCount()));
        if (inverse) {
            m = GateKind.dagger(m);
        }
        double[] mm = m;
        if (gate.kind() == GateKind.UNITARY4) {
            int mb = secondMask[g];
            range(dim / 4, splitGates, (lo, hi) -> Kernels.apply2(re, im, bc, tm, mb, mm, lo, hi));
            if (re2 != null) {
                range(dim / 4, splitGates, (lo, hi) -> Kernels.apply2(re2, im2, bc, tm, mb, mm, lo, hi));
            }
        } else {
            range(dim / 2, splitGates, (lo, hi) -> Kernels.apply1(re, im, bc, tm, cm, mm, lo, hi));
            if (re2 != null) {
                range(dim / 2, splitGates, (lo, hi) -> Kernels.apply1(re2, im2, bc, tm, cm, mm, lo, hi));
            }
        }
    }

    /**
     * Per-sample matrices (entry e of sample b at {@code e * bc + b}): the gate's matrix
     * ({@code derivativeOf < 0}, daggered if {@code inverse}) or its derivative by angle
     * {@code derivativeOf}.
     */
    private void fillPerSample(Run run, Block blk, Gate gate, boolean inverse, double[] ms, int derivativeOf) {
        int bc = blk.count;
        int f = circuit.featureCount();
        // A rotation (a kind with a constant generator G, U(a) = exp(a G)) has U(a)^dagger = U(-a):
        // the inverse is the matrix at the negated angle, without a second matrix per sample.
        boolean negate = inverse && derivativeOf < 0 && gate.kind().generator() != null;
        for (int b = 0; b < bc; b++) {
            double[] a = AdjointSupport.angleValues(gate, run.theta, run.x, (long) (blk.start + b) * f);
            if (negate) {
                a[0] = -a[0];
            }
            double[] m = derivativeOf >= 0 ? gate.kind().derivative(a, derivativeOf) : gate.kind().matrix(a);
            if (inverse && !negate) {
                m = GateKind.dagger(m);
            }
            for (int e = 0; e < 8; e++) {
                ms[e * bc + b] = m[e];
            }
        }
    }

    // ---------------------------------------------------------------- backward

    private void backwardBlock(Run run, Block blk, double[] dOut, Gradients grads, double[] dTheta, boolean splitGates) {
        int bc = blk.count;
        int nObs = diagonals.length;
        double[] re = blk.re.clone(), im = blk.im.clone();
        double[] lr = new double[dim * bc], li = new double[dim * bc];
        for (int k = 0; k < nObs; k++) {
            double[] d = diagonals[k];
            for (int i = 0; i < dim; i++) {
                if (d[i] == 0) {
                    continue;
                }
                int s = i * bc;
                for (int b = 0; b < bc; b++) {
                    double w = dOut[(blk.start + b) * nObs + k] * d[i];
                    lr[s + b] += w * re[s + b];
                    li[s + b] += w * im[s + b];
                }
            }
        }
        double[] ms = new double[8 * bc];
        double[] gb = new double[bc];
        int f = circuit.featureCount();
        for (int g = gates.length - 1; g >= 0; g--) {
            Gate gate = gates[g];
            if (gate.isDifferentiable()) {
                // gradients from the state after the gate: 2 Re <lambda| (dU U^dagger) |psi_after>
                Angle[] angles = gate.angles();
                int tm = targetMask[g], cm = controlMask[g];
                double[] gen = gate.kind().generator();
                for (int j = 0; j < angles.length; j++) {
                    Angle a = angles[j];
                    if (a.source() == Angle.Source.CONSTANT) {
                        continue;
                    }
                    Arrays.fill(gb, 0);
                    if (gen == null && gate.hasPerSampleAngle() && bc > 1) {
                        fillGenerators(run, blk, gate, j, ms);
                        range(dim / 2, false, (lo, hi) -> Kernels.gradient1(lr, li, re, im, bc, tm, cm, ms, gb, lo, hi));
                    } else {
                        double[] d = gen != null ? gen : AdjointSupport.generator(gate,
                            AdjointSupport.angleValues(gate, run.theta, run.x, (long) blk.start * f), j);
                        if (splitGates) {
                            int threads = ComputeThreads.count();
                            double[][] parts = new double[threads][1];
                            int chunk = (dim / 2 + threads - 1) / threads;
                            List<Integer> ids = new ArrayList<>();
                            for (int t = 0; t < threads; t++) {
                                ids.add(t);
                            }
                            parallel(ids, t -> Kernels.gradientGenerator(lr, li, re, im, 1, tm, cm, d, parts[t],
                                Math.min(dim / 2, t * chunk), Math.min(dim / 2, (t + 1) * chunk)));
                            for (double[] p : parts) {
                                gb[0] += p[0];
                            }
                        } else {
                            Kernels.gradientGenerator(lr, li, re, im, bc, tm, cm, d, gb, 0, dim / 2);
                        }
                    }
                    AdjointSupport.scatter(a, gb, blk.start, run.x, f, grads.dX, dTheta);
                }
            }
            applyGate(run, blk, g, true, re, im, lr, li, ms, splitGates);
        }
        if (circuit.amplitudeOffset() >= 0) {
            amplitudeGradient(run, blk, lr, grads);
        }
    }

    /** Per-sample generators of angle j (layout of {@link Kernels#apply1PerSample}). */
    private void fillGenerators(Run run, Block blk, Gate gate, int j, double[] ms) {
        int bc = blk.count;
        int f = circuit.featureCount();
        for (int b = 0; b < bc; b++) {
            double[] m = AdjointSupport.generator(gate, AdjointSupport.angleValues(gate, run.theta, run.x, (long) (blk.start + b) * f), j);
            for (int e = 0; e < 8; e++) {
                ms[e * bc + b] = m[e];
            }
        }
    }


    /** Through psi0 = x / |x|: dL/dx = (g - psi0 (psi0 . g)) / |x| with g = 2 Re lambda0. */
    private void amplitudeGradient(Run run, Block blk, double[] lr, Gradients grads) {
        int bc = blk.count, f = circuit.featureCount(), off = circuit.amplitudeOffset();
        for (int b = 0; b < bc; b++) {
            int row = (blk.start + b) * f + off;
            double norm = blk.norm[b], dot = 0;
            for (int i = 0; i < dim; i++) {
                dot += (run.x[row + i] / norm) * 2 * lr[i * bc + b];
            }
            for (int i = 0; i < dim; i++) {
                grads.dX[row + i] += (2 * lr[i * bc + b] - (run.x[row + i] / norm) * dot) / norm;
            }
        }
    }

    // ---------------------------------------------------------------- threading

    interface RangeBody {
        void run(int lo, int hi);
    }

    interface Each<T> {
        void run(T t);
    }

    private static void range(int count, boolean split, RangeBody body) {
        int threads = ComputeThreads.count();
        if (!split || threads == 1) {
            body.run(0, count);
            return;
        }
        List<Integer> ids = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ids.add(t);
        }
        int chunk = (count + threads - 1) / threads;
        parallel(ids, t -> body.run(Math.min(count, t * chunk), Math.min(count, (t + 1) * chunk)));
    }

    static <T> void parallel(List<T> items, Each<T> body) {
        if (items.size() == 1 || ComputeThreads.count() == 1) {
            for (T t : items) {
                body.run(t);
            }
            return;
        }
        List<Callable<Void>> tasks = new ArrayList<>();
        for (T t : items) {
            tasks.add(() -> {
                body.run(t);
                return null;
            });
        }
        try {
            for (Future<Void> fu : ComputeThreads.pool().invokeAll(tasks)) {
                fu.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    // ---------------------------------------------------------------- results

    private static final class Block {
        final int start;
        final int count;
        double[] re;
        double[] im;
        double[] out;
        double[] norm;

        Block(int start, int count) {
            this.start = start;
            this.count = count;
        }
    }

    /** dLoss/dTheta (summed over the batch) and dLoss/dX (row-major [batch, features]). */
    public record Gradients(double[] dTheta, double[] dX) {
    }

    /** The result of one forward pass; keeps the final states for {@link #backward}. */
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
        public double[] probabilities(int b) {
            double[][] a = amplitudes(b);
            double[] p = new double[dim];
            for (int i = 0; i < dim; i++) {
                p[i] = a[0][i] * a[0][i] + a[1][i] * a[1][i];
            }
            return p;
        }

        /** Observable values, row-major [batch, observables]. */
        @Override
        public double[] outputs() {
            int k = diagonals.length;
            double[] o = new double[batch * k];
            for (Block b : blocks) {
                System.arraycopy(b.out, 0, o, b.start * k, b.count * k);
            }
            return o;
        }

        /** Sample b's final state as {re[], im[]} of 2^n amplitudes (qubit 0 = most significant bit). */
        public double[][] amplitudes(int b) {
            for (Block blk : blocks) {
                if (b >= blk.start && b < blk.start + blk.count) {
                    double[] re = new double[dim], im = new double[dim];
                    for (int i = 0; i < dim; i++) {
                        re[i] = blk.re[i * blk.count + b - blk.start];
                        im[i] = blk.im[i * blk.count + b - blk.start];
                    }
                    return new double[][] {re, im};
                }
            }
            throw new IndexOutOfBoundsException("sample " + b + " of " + batch);
        }

        /**
         * Adjoint backward pass: {@code dOut} is dLoss/dOutput, row-major [batch, observables].
         */
        @Override
        public Gradients backward(double[] dOut) {
            if (dOut.length != batch * diagonals.length) {
                throw new QuantumException("gradient must be [" + batch + ", " + diagonals.length + "], got "
                    + dOut.length + " values");
            }
            Gradients grads = new Gradients(new double[circuit.parameterCount()],
                new double[batch * circuit.featureCount()]);
            boolean split = blocks.get(0).count == 1 && dim >= AMPLITUDE_PARALLEL_DIM;
            if (split) {
                for (Block b : blocks) {
                    backwardBlock(this, b, dOut, grads, grads.dTheta, true);
                }
                return grads;
            }
            double[][] partial = new double[blocks.size()][circuit.parameterCount()];
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                ids.add(i);
            }
            // dX rows are disjoint per block; dTheta is summed from per-block partials (no races).
            parallel(ids, i -> backwardBlock(this, blocks.get(i), dOut, grads, partial[i], false));
            for (double[] p : partial) {
                for (int j = 0; j < p.length; j++) {
                    grads.dTheta[j] += p[j];
                }
            }
            return grads;
        }

        /**
         * Estimates every observable from {@code shots} measurements per sample (seeded), as on
         * hardware: row-major [batch, observables].
         */
        public double[] sample(int shots, long seed) {
            if (shots < 1) {
                throw new QuantumException("shots must be >= 1, got " + shots);
            }
            Random rnd = new Random(seed);
            int k = diagonals.length;
            double[] est = new double[batch * k];
            double[] cdf = new double[dim];
            for (int b = 0; b < batch; b++) {
                double[][] a = amplitudes(b);
                double s = 0;
                for (int i = 0; i < dim; i++) {
                    s += a[0][i] * a[0][i] + a[1][i] * a[1][i];
                    cdf[i] = s;
                }
                for (int t = 0; t < shots; t++) {
                    double u = rnd.nextDouble() * s;
                    int i = Arrays.binarySearch(cdf, u);
                    i = i >= 0 ? i : Math.min(dim - 1, -i - 1);
                    for (int o = 0; o < k; o++) {
                        est[b * k + o] += diagonals[o][i];
                    }
                }
                for (int o = 0; o < k; o++) {
                    est[b * k + o] /= shots;
                }
            }
            return est;
        }
    }
}
