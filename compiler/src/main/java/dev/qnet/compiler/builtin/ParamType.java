package dev.qnet.compiler.builtin;

/** The kind of value a builtin parameter takes; {@link Arguments} converts to it once. */
public enum ParamType {
    /** A whole number; an integral expression such as {@code 4 * 2} is accepted, {@code 2.5} is not. */
    INT,
    /** Any number. */
    FLOAT,
    BOOL,
    /** A bare name such as {@code ry}, {@code horizontal} or a circuit's name. */
    SYMBOL,
    STRING,
    /** A number, possibly in degrees ({@code 10deg}). */
    ANGLE,
    /** Any constant value, kept as written (e.g. a folder's {@code split}). */
    ANY
}
