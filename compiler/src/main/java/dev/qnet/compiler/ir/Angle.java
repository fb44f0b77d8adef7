package dev.qnet.compiler.ir;

/**
 * A gate angle, affine in at most one trainable parameter:
 * {@code angle = offset + scale * theta[paramIndex]}, or just {@code offset} when
 * {@code paramIndex == -1}. Angles are in radians. {@code paramIndex} indexes the flattened
 * parameter space of the enclosing {@link CircuitIr} (or of the quantum stage for stage-level
 * gates).
 */
public record Angle(double offset, int paramIndex, double scale) {
    public static Angle constant(double radians) { return new Angle(radians, -1, 0); }

    public boolean isConstant() { return paramIndex < 0; }

    /** The angle for the given parameter values (the parameter space of the owner). */
    public double value(double[] params) {
        return isConstant() ? offset : offset + scale * params[paramIndex];
    }
}
