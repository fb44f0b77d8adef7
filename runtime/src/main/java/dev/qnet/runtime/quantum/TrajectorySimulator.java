package dev.qnet.runtime.quantum;

import dev.qnet.runtime.quantum.noise.Channels;
import dev.qnet.runtime.quantum.noise.NoiseModel;
import dev.qnet.runtime.quantum.noise.NoiseSchedule;
import dev.qnet.runtime.random.Seeds;
import dev.qnet.runtime.threads.ComputeThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seeded Monte-Carlo trajectories: each sample's circuit is run {@code trajectories} times as a
 * statevector, and at each channel one Kraus branch {@code K_i} is drawn with probability
 * {@code p_i = ||K_i psi||^2} and applied as {@code K_i psi / sqrt(p_i)}. Outputs (and the
 * distributions shots are drawn from) are the averages over the trajectories, an unbiased estimate
 * of the density-matrix result whose standard error falls as {@code 1/sqrt(trajectories)}.
 * Readout error is folded into the observables as in {@link DensityMatrixSimulator}.
 *
 * <p><b>Randomness.</b> Branches come from a {@link SplittableRandom} seeded by (seed, forward call,
 * sample, trajectory), so a run is repeatable and does not depend on threads; each forward call draws
 * fresh branches.
 *
 * <p><b>Gradients.</b> For each trajectory, the adjoint method on the branch that was drawn, with
 * each applied operator {@code K_i / sqrt(p_i)} a fixed linear map (its {@code p_i} held at the
 * value it had when drawn). Since {@code sum_branches P(branch) f_branch = Tr(O rho)} and
 * {@code P(branch) = prod p_i}, the average over trajectories of these gradients is an unbiased
 * estimate of the exact gradient of the noisy expectation value, for every channel (mixtures of
 * unitaries and damping alike). Kraus operators are not invertible, so the backward pass replays
 * each trajectory keeping its state before every channel, and un-computes only the gates.
 */
public final class TrajectorySimulator implements QuantumSimulator {

    private final Circuit circuit;
    private final List<Observable> observables;
    private final int n;
    private final int dim;
    private final int trajectories;
    private final long seed;
    private final AtomicLong calls = new AtomicLong();
    private final double[][] diagonals;
    private final Gate[] gates;
    private final int[] targetMask;
    private final int[] secondMask;
    private final int[] controlMask;
    private final double[][] constantMatrix;
    private final int[] stepGate;
    private final int[] stepQubit;
    private final int[] stepChannel;
    private final int channels;
    private final double[][][] stepKraus;
    /** K_i^dagger K_i of each step's Kraus operators, for the branch probabilities. */
    private final double[][][] stepEffect;

    public TrajectorySimulator(Circuit circuit, List<Observable> observables, NoiseModel noise, int trajectories, long seed) {
        if (trajectories < 1) {
            throw new QuantumException("trajectories must be >= 1, got " + trajectories);
        }
        this.circuit = circuit;
        this.observables = List.copyOf(observables);
        this.n = circuit.qubits();
        this.dim = 1 << n;
        this.trajectories = trajectories;
        this.seed = seed;
        this.diagonals = new double[observables.size()][];
        for (int k = 0; k < diagonals.length; k++) {
            diagonals[k] = Channels.readout(observables.get(k).diagonal(n), n, noise.readout());
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
        List<NoiseSchedule.Step> steps = new NoiseSchedule(circuit, noise).steps();
        int m = steps.size();
        stepGate = new int[m];
        stepQubit = new int[m];
        stepChannel = new int[m];
        stepKraus = new double[m][][];
        stepEffect = new double[m][][];
        int c = 0;
        for (int j = 0; j < m; j++) {
            NoiseSchedule.Step st = steps.get(j);
            stepGate[j] = st.gate();
            stepQubit[j] = st.qubit();
            stepChannel[j] = st.isGate() ? -1 : c++;
            if (!st.isGate()) {
                stepKraus[j] = st.kraus();
                stepEffect[j] = new double[st.kraus().length][];
                for (int i = 0; i < st.kraus().length; i++) {
                    stepEffect[j][i] = GateKind.multiply(GateKind.dagger(st.kraus()[i]), st.kraus()[i]);
                }
            }
        }
        this.channels = c;
    }

    @Override public Circuit circuit() { return circuit; }

    @Override public List<Observable> observables() { return observables; }

    public int trajectories() { return trajectories; }

    @Override
    public Run forward(double[] theta, double[] x, int batch) {
        AdjointSupport.checkInputs(circuit, theta, x, batch);
        long call = calls.getAndIncrement();
        Run run = new Run(theta.clone(), x, batch, call);
        StatevectorSimulator.parallel(chunks(batch), r -> {
            for (int b = r[0]; b < r[1]; b++) {
                forwardSample(run, b);
            }
        });
        return run;
    }

    /** Contiguous sample ranges, a few per thread. */
    private static List<int[]> chunks(int batch) {
        int parts = Math.max(1, Math.min(batch, 4 * ComputeThreads.count()));
        List<int[]> l = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int lo = (int) ((long) batch * p / parts), hi = (int) ((long) batch * (p + 1) / parts);
            if (hi > lo) {
                l.add(new int[] {lo, hi});
            }
        }
        return l;
    }

    private SplittableRandom random(long call, int b, int t) {
        return new SplittableRandom(Seeds.stream(seed, call, b) * 31 + t);
    }

    // ---------------------------------------------------------------- forward

    private void prepare(Run run, int b, double[] re, double[] im) {
        Arrays.fill(re, 0);
        Arrays.fill(im, 0);
        int off = circuit.amplitudeOffset();
        if (off < 0) {
            re[0] = 1;
            return;
        }
        int row = b * circuit.featureCount() + off;
        double norm = AdjointSupport.amplitudeNorm(run.x, row, dim, b);
        run.norm[b] = norm;
        for (int i = 0; i < dim; i++) {
            re[i] = run.x[row + i] / norm;
        }
    }

    private void forwardSample(Run run, int b) {
        double[] re = new double[dim], im = new double[dim];
        int nObs = diagonals.length;
        double[] probs = new double[dim];
        byte[] branches = new byte[trajectories * channels];
        double[] scales = new double[trajectories * channels];
        double[] perTraj = new double[trajectories * nObs];
        for (int t = 0; t < trajectories; t++) {
            SplittableRandom rnd = random(run.call, b, t);
            prepare(run, b, re, im);
            for (int j = 0; j < stepGate.length; j++) {
                if (stepGate[j] >= 0) {
                    applyGate(run, b, stepGate[j], false, re, im);
                } else {
                    double[] p = branchProbabilities(j, re, im);
                    double total = 0;
                    for (double v : p) {
                        total += v;
                    }
                    double u = rnd.nextDouble() * total, acc = 0;
                    int pick = -1;
                    for (int i = 0; i < p.length; i++) {
                        if (p[i] <= 0) {
                            continue;
                        }
                        pick = i;
                        acc += p[i];
                        if (u < acc) {
                            break;
                        }
                    }
                    int c = t * channels + stepChannel[j];
                    branches[c] = (byte) pick;
                    scales[c] = 1 / Math.sqrt(p[pick]);
                    applyKraus(j, pick, scales[c], false, re, im);
                }
            }
            for (int i = 0; i < dim; i++) {
                probs[i] += (re[i] * re[i] + im[i] * im[i]) / trajectories;
            }
            for (int k = 0; k < nObs; k++) {
                double[] d = diagonals[k];
                double v = 0;
                for (int i = 0; i < dim; i++) {
                    v += d[i] * (re[i] * re[i] + im[i] * im[i]);
                }
                perTraj[t * nObs + k] = v;
            }
        }
        for (int t = 0; t < trajectories; t++) {
            for (int k = 0; k < nObs; k++) {
                run.out[b * nObs + k] += perTraj[t * nObs + k] / trajectories;
            }
        }
        System.arraycopy(perTraj, 0, run.perTrajectory, b * trajectories * nObs, trajectories * nObs);
        run.probs[b] = probs;
        run.branches[b] = branches;
        run.scales[b] = scales;
    }

    /** {@code p_i = Tr(K_i^dagger K_i rho_q)} from the qubit's reduced density matrix. */
    private double[] branchProbabilities(int j, double[] re, double[] im) {
        int tm = Circuit.mask(n, stepQubit[j]);
        double r00 = 0, r11 = 0, r10r = 0, r10i = 0;
        for (int k = 0; k < dim / 2; k++) {
            int i0 = Kernels.insert0(k, tm), i1 = i0 | tm;
            double ar = re[i0], ai = im[i0], br = re[i1], bi = im[i1];
            r00 += ar * ar + ai * ai;
            r11 += br * br + bi * bi;
            // rho_10 = b conj(a)
            r10r += br * ar + bi * ai;
            r10i += bi * ar - br * ai;
        }
        double[][] eff = stepEffect[j];
        double[] p = new double[eff.length];
        for (int i = 0; i < eff.length; i++) {
            double[] e = eff[i];
            // Tr(M rho) = M00 r00 + M11 r11 + 2 Re(M01 r10)
            p[i] = e[0] * r00 + e[6] * r11 + 2 * (e[2] * r10r - e[3] * r10i);
        }
        return p;
    }

    private void applyKraus(int j, int branch, double scale, boolean adjoint, double[] re, double[] im) {
        double[] k = stepKraus[j][branch];
        double[] m = adjoint ? GateKind.dagger(k) : k.clone();
        for (int e = 0; e < 8; e++) {
            m[e] *= scale;
        }
        Kernels.apply1(re, im, 1, Circuit.mask(n, stepQubit[j]), 0, m, 0, dim / 2);
    }

    private void applyGate(Run run, int b, int g, boolean inverse, double[] re, double[] im) {
        Gate gate = gates[g];
        int tm = targetMask[g], cm = controlMask[g];
        if (gate.kind() == GateKind.SWAP) {
            Kernels.swap(re, im, 1, tm, secondMask[g], 0, dim / 4);
            return;
        }
        double[] m = constantMatrix[g] != null ? constantMatrix[g]
            : gate.matrix(AdjointSupport.angleValues(gate, run.theta, run.x, (long) b * circuit.featureCount()));
        if (inverse) {
            m = GateKind.dagger(m);
        }
        if (gate.kind() == GateKind.UNITARY4) {
            Kernels.apply2(re, im, 1, tm, secondMask[g], m, 0, dim / 4);
        } else {
            Kernels.apply1(re, im, 1, tm, cm, m, 0, dim / 2);
        }
    }

    // ---------------------------------------------------------------- backward

    private void backwardSample(Run run, int b, double[] dOut, double[] dX, double[] dTheta) {
        int nObs = diagonals.length, f = circuit.featureCount();
        double[] re = new double[dim], im = new double[dim];
        double[] lr = new double[dim], li = new double[dim];
        double[][] savedRe = new double[channels][dim], savedIm = new double[channels][dim];
        double[] gb = new double[1];
        for (int t = 0; t < trajectories; t++) {
            prepare(run, b, re, im);
            for (int j = 0; j < stepGate.length; j++) {
                if (stepGate[j] >= 0) {
                    applyGate(run, b, stepGate[j], false, re, im);
                } else {
                    int c = stepChannel[j];
                    System.arraycopy(re, 0, savedRe[c], 0, dim);
                    System.arraycopy(im, 0, savedIm[c], 0, dim);
                    int at = t * channels + c;
                    applyKraus(j, run.branches[b][at], run.scales[b][at], false, re, im);
                }
            }
            Arrays.fill(lr, 0);
            Arrays.fill(li, 0);
            for (int k = 0; k < nObs; k++) {
                double w = dOut[b * nObs + k] / trajectories;
                double[] d = diagonals[k];
                for (int i = 0; i < dim; i++) {
                    lr[i] += w * d[i] * re[i];
                    li[i] += w * d[i] * im[i];
                }
            }
            for (int j = stepGate.length - 1; j >= 0; j--) {
                int g = stepGate[j];
                if (g < 0) {
                    int c = stepChannel[j];
                    System.arraycopy(savedRe[c], 0, re, 0, dim);
                    System.arraycopy(savedIm[c], 0, im, 0, dim);
                    int at = t * channels + c;
                    applyKraus(j, run.branches[b][at], run.scales[b][at], true, lr, li);
                    continue;
                }
                Gate gate = gates[g];
                if (gate.isDifferentiable()) {
                    Angle[] angles = gate.angles();
                    double[] gen = gate.kind().generator();
                    for (int a = 0; a < angles.length; a++) {
                        if (angles[a].source() == Angle.Source.CONSTANT) {
                            continue;
                        }
                        gb[0] = 0;
                        double[] d = gen != null ? gen : AdjointSupport.generator(gate,
                            AdjointSupport.angleValues(gate, run.theta, run.x, (long) b * f), a);
                        Kernels.gradientGenerator(lr, li, re, im, 1, targetMask[g], controlMask[g], d, gb, 0, dim / 2);
                        AdjointSupport.scatter(angles[a], gb, b, run.x, f, dX, dTheta);
                    }
                }
                applyGate(run, b, g, true, re, im);
                applyGate(run, b, g, true, lr, li);
            }
            if (circuit.amplitudeOffset() >= 0) {
                double[] grad = new double[dim];
                for (int i = 0; i < dim; i++) {
                    grad[i] = 2 * lr[i];
                }
                AdjointSupport.amplitudeGradient(run.x, b * f + circuit.amplitudeOffset(), run.norm[b], grad, dX);
            }
        }
    }

    // ---------------------------------------------------------------- results

    /** One forward pass: the averaged outputs, each trajectory's outputs and the drawn branches. */
    public final class Run implements QuantumSimulator.Pass {
        private final double[] theta;
        private final double[] x;
        private final int batch;
        private final long call;
        private final double[] out;
        private final double[] perTrajectory;
        private final double[][] probs;
        private final byte[][] branches;
        private final double[][] scales;
        private final double[] norm;

        private Run(double[] theta, double[] x, int batch, long call) {
            this.theta = theta;
            this.x = x;
            this.batch = batch;
            this.call = call;
            this.out = new double[batch * diagonals.length];
            this.perTrajectory = new double[batch * trajectories * diagonals.length];
            this.probs = new double[batch][];
            this.branches = new byte[batch][];
            this.scales = new double[batch][];
            this.norm = new double[batch];
        }

        @Override public int batch() { return batch; }

        @Override public double[] outputs() { return out.clone(); }

        /** Each trajectory's observable values, row-major [batch, trajectories, observables]. */
        public double[] perTrajectory() { return perTrajectory.clone(); }

        @Override public double[] probabilities(int b) { return probs[b].clone(); }

        /** The trajectory average of the per-branch adjoint gradients (see the class comment). */
        @Override
        public StatevectorSimulator.Gradients backward(double[] dOut) {
            if (dOut.length != batch * diagonals.length) {
                throw new QuantumException("gradient must be [" + batch + ", " + diagonals.length + "], got "
                    + dOut.length + " values");
            }
            double[] dX = new double[batch * circuit.featureCount()];
            List<int[]> parts = chunks(batch);
            double[][] partial = new double[parts.size()][circuit.parameterCount()];
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                ids.add(i);
            }
            StatevectorSimulator.parallel(ids, i -> {
                for (int b = parts.get(i)[0]; b < parts.get(i)[1]; b++) {
                    backwardSample(this, b, dOut, dX, partial[i]);
                }
            });
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
