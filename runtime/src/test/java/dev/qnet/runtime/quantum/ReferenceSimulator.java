package dev.qnet.runtime.quantum;

/**
 * A deliberately naive, independent single-sample simulator for tests: every gate is applied by
 * visiting each basis state, reading the gate's local bits and summing the full local matrix
 * (controlled gates built as explicit 2^(k) x 2^(k) matrices), with no specialisation or layout
 * tricks shared with the production kernels.
 */
final class ReferenceSimulator {

    private ReferenceSimulator() {
    }

    static double[][] run(Circuit c, double[] theta, double[] x) {
        int n = c.qubits(), dim = 1 << n;
        double[] re = new double[dim], im = new double[dim];
        if (c.amplitudeOffset() >= 0) {
            double s = 0;
            for (int i = 0; i < dim; i++) {
                s += x[c.amplitudeOffset() + i] * x[c.amplitudeOffset() + i];
            }
            for (int i = 0; i < dim; i++) {
                re[i] = x[c.amplitudeOffset() + i] / Math.sqrt(s);
            }
        } else {
            re[0] = 1;
        }
        for (Gate g : c.gates()) {
            int[] qs = g.qubits();
            double[] m = localMatrix(g, theta, x);
            int k = qs.length, d = 1 << k;
            double[] nr = new double[dim], ni = new double[dim];
            for (int i = 0; i < dim; i++) {
                int row = 0;
                for (int j = 0; j < k; j++) {
                    row = row * 2 + ((i >> (n - 1 - qs[j])) & 1);
                }
                for (int col = 0; col < d; col++) {
                    int src = i;
                    for (int j = 0; j < k; j++) {
                        int bit = (col >> (k - 1 - j)) & 1;
                        int pos = n - 1 - qs[j];
                        src = (src & ~(1 << pos)) | (bit << pos);
                    }
                    double mr = m[2 * (row * d + col)], mi = m[2 * (row * d + col) + 1];
                    nr[i] += mr * re[src] - mi * im[src];
                    ni[i] += mr * im[src] + mi * re[src];
                }
            }
            re = nr;
            im = ni;
        }
        return new double[][] {re, im};
    }

    /** The full matrix over the gate's qubits (controls first, as in {@link Gate#qubits()}). */
    static double[] localMatrix(Gate g, double[] theta, double[] x) {
        double[] a = new double[g.angles().length];
        for (int j = 0; j < a.length; j++) {
            a[j] = g.angles()[j].value(theta, x, 0);
        }
        int k = g.qubits().length, d = 1 << k;
        double[] m = new double[2 * d * d];
        if (g.kind() == GateKind.SWAP) {
            int[][] perm = {{0, 0}, {1, 2}, {2, 1}, {3, 3}};
            for (int[] p : perm) {
                m[2 * (p[0] * d + p[1])] = 1;
            }
            return m;
        }
        if (g.kind() == GateKind.UNITARY4) {
            return g.fixedMatrix().clone();
        }
        double[] u = g.kind() == GateKind.UNITARY2 ? g.fixedMatrix() : g.kind().matrix(a);
        for (int i = 0; i < d - 2; i++) {
            m[2 * (i * d + i)] = 1;
        }
        int o = d - 2;
        for (int r = 0; r < 2; r++) {
            for (int col = 0; col < 2; col++) {
                m[2 * ((o + r) * d + o + col)] = u[2 * (2 * r + col)];
                m[2 * ((o + r) * d + o + col) + 1] = u[2 * (2 * r + col) + 1];
            }
        }
        return m;
    }
}
