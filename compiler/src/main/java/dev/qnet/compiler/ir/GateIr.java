package dev.qnet.compiler.ir;

import java.util.List;

/**
 * One gate application. {@code name} is canonical: h x y z s sdg t tdg sx rx ry rz phase u3
 * cnot cz cy swap crx cry crz cphase ccx mcx ({@code cx} is stored as {@code cnot}).
 * For controlled gates the controls come first and the target last.
 * Conventions: RX/RY/RZ(t) = exp(-i t/2 P); phase(t) = diag(1, e^{it});
 * u3(theta, phi, lambda) as in OpenQASM; crx/cry/crz/cphase apply the rotation when the control is 1.
 *
 * @param qubits indices: local qubit arguments inside a {@link CircuitIr}, absolute stage
 *               qubits inside a {@link QuantumOp.GateOp}
 */
public record GateIr(String name, int[] qubits, List<Angle> angles) {
    public GateIr {
        qubits = qubits.clone();
        angles = List.copyOf(angles);
    }
}
