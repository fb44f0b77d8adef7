package dev.qnet.runtime.quantum;

/**
 * The pieces of the adjoint method the simulators share: angle values, generators, the chain rule
 * from an angle to theta and x, and (for the noisy simulators) the amplitude-encoding gradient.
 */
final class AdjointSupport {

    private AdjointSupport() {
    }

    static double[] angleValues(Gate gate, double[] theta, double[] x, long xOffset) {
        Angle[] angles = gate.angles();
        double[] v = new double[angles.length];
        for (int j = 0; j < angles.length; j++) {
            v[j] = angles[j].value(theta, x, (int) xOffset);
        }
        return v;
    }

    /** {@code dU/dangle_j U^dagger} for concrete angles (U3; rotations use {@link GateKind#generator()}). */
    static double[] generator(Gate gate, double[] angles, int j) {
        return GateKind.multiply(gate.kind().derivative(angles, j), GateKind.dagger(gate.kind().matrix(angles)));
    }

    static double[] conj(double[] m) {
        double[] c = m.clone();
        for (int i = 1; i < c.length; i += 2) {
            c[i] = -c[i];
        }
        return c;
    }

    /**
     * Chain rule from per-sample angle gradients {@code gb} (samples {@code start .. start+gb.length})
     * to the parameter or features the angle reads.
     */
    static void scatter(Angle a, double[] gb, int start, double[] x, int f, double[] dX, double[] dTheta) {
        switch (a.source()) {
            case PARAM -> {
                double s = 0;
                for (double v : gb) {
                    s += v;
                }
                dTheta[a.index()] += a.scale() * s;
            }
            case INPUT -> {
                for (int b = 0; b < gb.length; b++) {
                    dX[(start + b) * f + a.index()] += a.scale() * gb[b];
                }
            }
            case INPUT_PRODUCT -> {
                for (int b = 0; b < gb.length; b++) {
                    int row = (start + b) * f;
                    double xi = x[row + a.index()], xj = x[row + a.index2()];
                    dX[row + a.index()] += a.scale() * xj * gb[b];
                    dX[row + a.index2()] += a.scale() * xi * gb[b];
                }
            }
            case CONSTANT -> { }
        }
    }

    /** Through psi0 = x / |x| (row {@code row} of x, from the amplitude offset): dL/dx from g = dL/dpsi0. */
    static void amplitudeGradient(double[] x, int row, double norm, double[] g, double[] dX) {
        double dot = 0;
        for (int i = 0; i < g.length; i++) {
            dot += (x[row + i] / norm) * g[i];
        }
        for (int i = 0; i < g.length; i++) {
            dX[row + i] += (g[i] - (x[row + i] / norm) * dot) / norm;
        }
    }

    /** The L2 norm of an amplitude-encoded feature vector, or a clear error when it is no state. */
    static double amplitudeNorm(double[] x, int row, int dim, int sample) {
        double s = 0;
        for (int i = 0; i < dim; i++) {
            s += x[row + i] * x[row + i];
        }
        if (!(s > 0) || Double.isInfinite(s)) {
            throw new QuantumException("amplitude encoding: sample " + sample
                + " has an all-zero (or non-finite) feature vector, which is not a quantum state");
        }
        return Math.sqrt(s);
    }

    /** Samples per block so a block of {@code entries}-long states stays near {@code blockBytes}, with enough blocks for the pool. */
    static int blockSize(int entries, int batch, int blockBytes, int threads) {
        int maxBc = Math.max(1, blockBytes / (16 * entries));
        int blocks = (batch + maxBc - 1) / maxBc;
        while (blocks < 2 * threads && batch / (blocks + 1) >= 16) {
            blocks++;
        }
        if (batch >= threads) {
            blocks = Math.max(blocks, Math.min(batch, ((blocks + threads - 1) / threads) * threads));
        }
        return Math.max(1, (batch + blocks - 1) / blocks);
    }

    static void checkInputs(Circuit circuit, double[] theta, double[] x, int batch) {
        if (theta.length < circuit.parameterCount()) {
            throw new QuantumException("circuit needs " + circuit.parameterCount() + " parameters, got " + theta.length);
        }
        int f = circuit.featureCount();
        if (x.length != (long) batch * f) {
            throw new QuantumException("input must be [" + batch + ", " + f + "] = " + ((long) batch * f)
                + " values, got " + x.length);
        }
    }
}
