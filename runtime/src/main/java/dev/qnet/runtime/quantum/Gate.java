package dev.qnet.runtime.quantum;

import java.util.Arrays;

/**
 * One gate of a circuit: a kind, its control and target qubits, its angles and, for the arbitrary
 * unitaries, the fixed matrix ({@code double[8]} for 2x2, {@code double[32]} for 4x4, interleaved re/im,
 * row-major).
 */
public record Gate(GateKind kind, int[] controls, int[] targets, Angle[] angles, double[] fixedMatrix) {

    public Gate {
        controls = controls.clone();
        targets = targets.clone();
        angles = angles.clone();
        fixedMatrix = fixedMatrix == null ? null : fixedMatrix.clone();
    }

    /** All qubits, controls first. */
    public int[] qubits() {
        int[] q = Arrays.copyOf(controls, controls.length + targets.length);
        System.arraycopy(targets, 0, q, controls.length, targets.length);
        return q;
    }

    public boolean hasPerSampleAngle() {
        for (Angle a : angles) {
            if (a.perSample()) {
                return true;
            }
        }
        return false;
    }

    /** True when some angle depends on a parameter or an input, so the adjoint needs its derivative. */
    public boolean isDifferentiable() {
        for (Angle a : angles) {
            if (a.source() != Angle.Source.CONSTANT) {
                return true;
            }
        }
        return false;
    }

    /** The 2x2 or 4x4 matrix for concrete angle values. */
    double[] matrix(double[] angleValues) {
        return switch (kind) {
            case UNITARY2, UNITARY4 -> fixedMatrix;
            case SWAP -> null;
            default -> kind.matrix(angleValues);
        };
    }

    @Override
    public String toString() {
        return kind.qasmName() + Arrays.toString(qubits());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Gate g && kind == g.kind && Arrays.equals(controls, g.controls)
            && Arrays.equals(targets, g.targets) && Arrays.equals(angles, g.angles)
            && Arrays.equals(fixedMatrix, g.fixedMatrix);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(qubits());
    }
}
