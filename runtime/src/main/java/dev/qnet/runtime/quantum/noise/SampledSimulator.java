package dev.qnet.runtime.quantum.noise;

import dev.qnet.runtime.quantum.Circuit;
import dev.qnet.runtime.quantum.Observable;
import dev.qnet.runtime.quantum.QuantumException;
import dev.qnet.runtime.quantum.QuantumSimulator;
import dev.qnet.runtime.quantum.StatevectorSimulator;
import dev.qnet.runtime.random.Seeds;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finite shots on top of any simulator: each output is the mean of an observable's eigenvalue over
 * {@code shots} seeded measurements of the sample's final distribution, each measured bit string
 * passed through readout error (bits flipped independently with P(1|0), P(0|1) of their qubit), as a
 * device reports it. The estimate is unbiased for the exact noisy expectation value, with the
 * binomial (multinomial) variance of {@code shots} draws.
 *
 * <p><b>Gradient.</b> {@link Pass#backward} returns the exact gradient of the expectation value that
 * the shots estimate (the inner simulator's gradient, readout error included), i.e. the gradient of
 * the estimator's mean; it is not differentiated through the sampling, and it does not spend shots on
 * parameter shifts. The forward value is noisy, the gradient direction exact for the wrapped method.
 */
public final class SampledSimulator implements QuantumSimulator {

    private final QuantumSimulator inner;
    private final int shots;
    private final NoiseModel.Readout readout;
    private final long seed;
    private final AtomicLong calls = new AtomicLong();
    private final double[][] rawDiagonals;
    private final int qubits;

    /**
     * @param inner   must fold {@code readout} into its observables (as every noisy simulator does), so
     *                its gradient is that of the misread expectation value
     */
    public SampledSimulator(QuantumSimulator inner, int shots, NoiseModel.Readout readout, long seed) {
        if (shots < 1) {
            throw new QuantumException("shots must be >= 1, got " + shots);
        }
        this.inner = inner;
        this.shots = shots;
        this.readout = readout;
        this.seed = seed;
        this.qubits = inner.circuit().qubits();
        List<Observable> obs = inner.observables();
        this.rawDiagonals = new double[obs.size()][];
        for (int k = 0; k < rawDiagonals.length; k++) {
            rawDiagonals[k] = obs.get(k).diagonal(qubits);
        }
    }

    @Override public Circuit circuit() { return inner.circuit(); }

    @Override public List<Observable> observables() { return inner.observables(); }

    public int shots() { return shots; }

    @Override
    public Pass forward(double[] theta, double[] x, int batch) {
        QuantumSimulator.Pass exact = inner.forward(theta, x, batch);
        long call = calls.getAndIncrement();
        int nObs = rawDiagonals.length, dim = 1 << qubits;
        double[] est = new double[batch * nObs];
        double[] cdf = new double[dim];
        for (int b = 0; b < batch; b++) {
            double[] p = exact.probabilities(b);
            double s = 0;
            for (int i = 0; i < dim; i++) {
                s += Math.max(0, p[i]);
                cdf[i] = s;
            }
            SplittableRandom rnd = new SplittableRandom(Seeds.stream(seed, call, b));
            for (int t = 0; t < shots; t++) {
                double u = rnd.nextDouble() * s;
                int lo = 0, hi = dim - 1;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (cdf[mid] > u) {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                int read = Channels.misread(lo, qubits, readout, rnd);
                for (int k = 0; k < nObs; k++) {
                    est[b * nObs + k] += rawDiagonals[k][read];
                }
            }
            for (int k = 0; k < nObs; k++) {
                est[b * nObs + k] /= shots;
            }
        }
        return new Pass() {
            @Override public int batch() { return batch; }

            @Override public double[] outputs() { return est.clone(); }

            @Override public StatevectorSimulator.Gradients backward(double[] dOut) { return exact.backward(dOut); }

            @Override public double[] probabilities(int b) { return exact.probabilities(b); }
        };
    }
}
