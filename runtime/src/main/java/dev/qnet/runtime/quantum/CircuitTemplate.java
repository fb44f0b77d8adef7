package dev.qnet.runtime.quantum;

import java.util.List;
import java.util.function.Consumer;

/**
 * A reusable block over {@code qubits} local qubits and {@code params} local parameters (e.g. a
 * QCNN convolution or pooling unitary). Gates use local qubit indices and {@link Angle#param}
 * indices local to the block; {@link #applyTo} relocates both.
 */
public record CircuitTemplate(String name, int qubits, int params, List<Gate> gates) {

    public CircuitTemplate {
        gates = List.copyOf(gates);
    }

    /** Builds a template by running {@code body} on a builder of {@code qubits} qubits. */
    public static CircuitTemplate of(String name, int qubits, Consumer<Circuit.Builder> body) {
        Circuit.Builder b = Circuit.builder(qubits);
        body.accept(b);
        Circuit c = b.build();
        if (c.featureCount() > 0) {
            throw new QuantumException("template " + name + " must not read inputs");
        }
        return new CircuitTemplate(name, qubits, c.parameterCount(), c.gates());
    }

    /** Appends the block on {@code targets} (local qubit i -> targets[i]), parameters from {@code paramBase}. */
    public void applyTo(Circuit.Builder b, int[] targets, int paramBase) {
        if (targets.length != qubits) {
            throw new QuantumException("template " + name + " acts on " + qubits + " qubits, got " + targets.length);
        }
        for (Gate g : gates) {
            Angle[] angles = g.angles().clone();
            for (int j = 0; j < angles.length; j++) {
                Angle a = angles[j];
                if (a.source() == Angle.Source.PARAM) {
                    angles[j] = Angle.param(paramBase + a.index(), a.scale(), a.offset());
                }
            }
            b.gate(new Gate(g.kind(), map(g.controls(), targets), map(g.targets(), targets), angles, g.fixedMatrix()));
        }
        b.parameters(paramBase + params);
    }

    private static int[] map(int[] local, int[] targets) {
        int[] r = new int[local.length];
        for (int i = 0; i < local.length; i++) {
            r[i] = targets[local[i]];
        }
        return r;
    }
}
