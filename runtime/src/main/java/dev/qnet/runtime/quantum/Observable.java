package dev.qnet.runtime.quantum;

import java.util.ArrayList;
import java.util.List;

/**
 * A measured quantity. All supported observables are diagonal in the computational basis, so each
 * is a real vector {@code d} with value {@code sum_i d[i] |psi_i|^2}; the adjoint's starting state
 * is then simply {@code lambda_i = sum_k w_k d_k[i] psi_i}.
 */
public sealed interface Observable {

    /** The diagonal over the {@code 2^qubits} basis states (qubit 0 = most significant bit). */
    double[] diagonal(int qubits);

    /** Short label for reports, e.g. {@code Z3}, {@code Z0Z1}, {@code P[0,2]=01}. */
    String label();

    /** {@code <Z_q>}. */
    record Z(int qubit) implements Observable {
        public double[] diagonal(int n) {
            check(n, qubit);
            int m = Circuit.mask(n, qubit);
            double[] d = new double[1 << n];
            for (int i = 0; i < d.length; i++) {
                d[i] = (i & m) == 0 ? 1 : -1;
            }
            return d;
        }

        public String label() { return "Z" + qubit; }
    }

    /** {@code <Z_a Z_b ...>}: the parity of the listed qubits. */
    record ZProduct(int[] qubits) implements Observable {
        public ZProduct {
            qubits = qubits.clone();
        }

        public double[] diagonal(int n) {
            int m = 0;
            for (int q : qubits) {
                check(n, q);
                m |= Circuit.mask(n, q);
            }
            double[] d = new double[1 << n];
            for (int i = 0; i < d.length; i++) {
                d[i] = Integer.bitCount(i & m) % 2 == 0 ? 1 : -1;
            }
            return d;
        }

        public String label() {
            StringBuilder s = new StringBuilder();
            for (int q : qubits) {
                s.append('Z').append(q);
            }
            return s.toString();
        }
    }

    /**
     * Probability that {@code qubits} read {@code value} (bit j of the value, counted from the most
     * significant of {@code qubits.length} bits, is the outcome of {@code qubits[j]}).
     */
    record Probability(int[] qubits, int value) implements Observable {
        public Probability {
            qubits = qubits.clone();
        }

        public double[] diagonal(int n) {
            double[] d = new double[1 << n];
            for (int i = 0; i < d.length; i++) {
                boolean match = true;
                for (int j = 0; j < qubits.length && match; j++) {
                    check(n, qubits[j]);
                    int want = (value >> (qubits.length - 1 - j)) & 1;
                    int have = (i & Circuit.mask(n, qubits[j])) == 0 ? 0 : 1;
                    match = want == have;
                }
                d[i] = match ? 1 : 0;
            }
            return d;
        }

        public String label() {
            StringBuilder bits = new StringBuilder();
            for (int j = 0; j < qubits.length; j++) {
                bits.append((value >> (qubits.length - 1 - j)) & 1);
            }
            return "P" + java.util.Arrays.toString(qubits).replace(" ", "") + "=" + bits;
        }
    }

    /** {@code <Z_q>} for each listed qubit. */
    static List<Observable> zEach(int... qubits) {
        List<Observable> l = new ArrayList<>();
        for (int q : qubits) {
            l.add(new Z(q));
        }
        return l;
    }

    /** All {@code 2^k} basis-state probabilities of a subset of qubits. */
    static List<Observable> probabilities(int... qubits) {
        List<Observable> l = new ArrayList<>();
        for (int v = 0; v < 1 << qubits.length; v++) {
            l.add(new Probability(qubits, v));
        }
        return l;
    }

    private static void check(int n, int q) {
        if (q < 0 || q >= n) {
            throw new QuantumException("observable qubit " + q + " out of range 0.." + (n - 1));
        }
    }
}
