package dev.qnet.compiler.resolve;

/** The value of a constant expression, evaluated at compile time. */
public sealed interface Value {

    /** A number; {@code integral} when it came from integers only (and stayed whole). */
    record Num(double value, boolean integral) implements Value {
        public static Num of(long v) { return new Num(v, true); }

        @Override
        public String toString() {
            return integral ? String.valueOf((long) value) : String.valueOf(value);
        }
    }

    /** A number given in degrees ({@code 10deg}); kept apart so settings can insist on a unit. */
    record Degrees(double degrees) implements Value {
        @Override
        public String toString() { return degrees + "deg"; }
    }

    record Str(String value) implements Value {
        @Override
        public String toString() { return "\"" + value + "\""; }
    }

    record Bool(boolean value) implements Value {
        @Override
        public String toString() { return String.valueOf(value); }
    }

    /** A bare name that is not a constant or parameter: a symbol such as {@code ry} or {@code horizontal}. */
    record Sym(String name) implements Value {
        @Override
        public String toString() { return name; }
    }

    /** {@code offset + scale * theta[index]}: a gate angle depending on one circuit parameter. */
    record Affine(double offset, int index, double scale) implements Value {
        @Override
        public String toString() { return offset + " + " + scale + " * theta[" + index + "]"; }
    }
}
