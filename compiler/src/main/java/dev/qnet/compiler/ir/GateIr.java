package dev.qnet.compiler.ir;

import dev.qnet.core.Gate;
import java.util.List;

/**
 * One gate application ({@link Gate} documents the conventions; {@code cx} is stored as
 * {@link Gate#CNOT}). For controlled gates the controls come first and the target last.
 *
 * @param qubits indices: local qubit arguments inside a {@link CircuitIr}, absolute stage
 *               qubits inside a {@link QuantumOp.GateOp}
 */
public record GateIr(Gate gate, int[] qubits, List<Angle> angles) {
    public GateIr {
        qubits = qubits.clone();
        angles = List.copyOf(angles);
    }

    /** The canonical spelling: {@code cnot}, {@code ry}. */
    public String name() {
        return gate.keyword();
    }
}
