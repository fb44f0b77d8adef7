package dev.qnet.runtime.quantum;

import java.util.List;

/**
 * Writes a {@link Circuit} as OpenQASM 3 text. Parameters become {@code input array[float[64], P] theta}
 * (or numbers, when bound to trained values), input features {@code input array[float[64], F] x}.
 * Qubit q of the circuit is {@code q[q]}. Arbitrary 2x2 unitaries are written as
 * {@code U(theta, phi, lambda)} plus {@code gphase}; 4x4 unitaries have no stdgates form and are refused.
 */
public final class OpenQasmWriter {

    private OpenQasmWriter() {
    }

    /** Symbolic parameters. */
    public static String write(Circuit c) {
        return write(c, null, List.of());
    }

    /**
     * @param theta       parameter values to bind, or null to keep {@code theta[k]} symbolic
     * @param observables written as a comment so a reader knows what the circuit is measured for
     */
    public static String write(Circuit c, double[] theta, List<Observable> observables) {
        StringBuilder s = new StringBuilder();
        s.append("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
        if (theta == null && c.parameterCount() > 0) {
            s.append("input array[float[64], ").append(c.parameterCount()).append("] theta;\n");
        }
        if (theta != null && theta.length < c.parameterCount()) {
            throw new QuantumException("binding needs " + c.parameterCount() + " parameter values, got " + theta.length);
        }
        if (c.featureCount() > 0) {
            s.append("input array[float[64], ").append(c.featureCount()).append("] x;\n");
        }
        s.append("qubit[").append(c.qubits()).append("] q;\n");
        if (c.amplitudeOffset() >= 0) {
            s.append("// initial state: amplitude encoding, |psi> = x[").append(c.amplitudeOffset()).append(" .. ")
                .append(c.amplitudeOffset() + (1 << c.qubits()) - 1)
                .append("] / |x| (basis index with q[0] most significant); prepare it before these gates\n");
        }
        for (Gate g : c.gates()) {
            gate(s, g, theta);
        }
        if (!observables.isEmpty()) {
            s.append("// measured:");
            for (Observable o : observables) {
                s.append(' ').append(o.label());
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static void gate(StringBuilder s, Gate g, double[] theta) {
        switch (g.kind()) {
            case UNITARY4 -> throw new QuantumException("a 4x4 unitary on q[" + g.targets()[0] + "], q[" + g.targets()[1]
                + "] has no OpenQASM 3 stdgates form (decompose it into 1- and 2-qubit gates first)");
            case UNITARY2 -> {
                double[] u = u3Angles(g.fixedMatrix());
                s.append("U(").append(num(u[0])).append(", ").append(num(u[1])).append(", ").append(num(u[2]))
                    .append(") q[").append(g.targets()[0]).append("];\n");
                if (u[3] != 0) {
                    s.append("gphase(").append(num(u[3])).append(");\n");
                }
                return;
            }
            case MCX -> {
                int k = g.controls().length;
                s.append(k == 1 ? "cx" : k == 2 ? "ccx" : "ctrl(" + k + ") @ x");
            }
            default -> s.append(g.kind().qasmName());
        }
        Angle[] a = g.angles();
        if (a.length > 0) {
            s.append('(');
            for (int j = 0; j < a.length; j++) {
                s.append(j > 0 ? ", " : "").append(expression(theta == null ? a[j] : a[j].bind(theta)));
            }
            s.append(')');
        }
        int[] qs = g.qubits();
        for (int i = 0; i < qs.length; i++) {
            s.append(i == 0 ? " " : ", ").append("q[").append(qs[i]).append(']');
        }
        s.append(";\n");
    }

    static String expression(Angle a) {
        String v = switch (a.source()) {
            case CONSTANT -> null;
            case PARAM -> "theta[" + a.index() + "]";
            case INPUT -> "x[" + a.index() + "]";
            case INPUT_PRODUCT -> "x[" + a.index() + "] * x[" + a.index2() + "]";
        };
        if (v == null) {
            return num(a.offset());
        }
        String term = a.scale() == 1 ? v : num(a.scale()) + " * " + v;
        return a.offset() == 0 ? term : num(a.offset()) + " + " + term;
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) + ".0" : Double.toString(v);
    }

    /**
     * ZYZ form of a 2x2 unitary: {@code m = e^{i alpha} U3(theta, phi, lambda)}; returns
     * {theta, phi, lambda, alpha}.
     */
    static double[] u3Angles(double[] m) {
        double a00 = Math.hypot(m[0], m[1]), a10 = Math.hypot(m[4], m[5]);
        double theta = 2 * Math.atan2(a10, a00);
        double alpha, phi, lambda;
        if (a00 > 1e-12 && a10 > 1e-12) {
            alpha = Math.atan2(m[1], m[0]);
            phi = Math.atan2(m[5], m[4]) - alpha;
            lambda = Math.atan2(-m[3], -m[2]) - alpha;
        } else if (a10 <= 1e-12) {
            alpha = Math.atan2(m[1], m[0]);
            phi = 0;
            lambda = Math.atan2(m[7], m[6]) - alpha;
        } else {
            phi = 0;
            alpha = Math.atan2(m[5], m[4]);
            lambda = Math.atan2(-m[3], -m[2]) - alpha;
        }
        return new double[] {theta, phi, lambda, alpha};
    }
}
