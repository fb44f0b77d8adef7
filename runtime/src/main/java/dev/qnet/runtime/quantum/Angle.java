package dev.qnet.runtime.quantum;

/**
 * A gate angle as an affine function of one value: {@code offset + scale * value}.
 *
 * <p>The value is a constant (then only {@code offset} matters), a trainable circuit parameter
 * {@code theta[index]} shared by the whole batch, an input feature {@code x[b, index]} (one value
 * per sample), or the product of two input features {@code x[b, index] * x[b, index2]} (the
 * entangling angles of IQP-style encodings; the product is the only non-affine form allowed, so
 * the adjoint still needs one derivative per angle).
 */
public record Angle(double offset, Source source, int index, int index2, double scale) {

    /** Where the variable part of an angle comes from. */
    public enum Source { CONSTANT, PARAM, INPUT, INPUT_PRODUCT }

    public Angle {
        if (source != Source.CONSTANT && index < 0) {
            throw new QuantumException("angle index must be >= 0, got " + index);
        }
        if (source == Source.INPUT_PRODUCT && index2 < 0) {
            throw new QuantumException("second angle index must be >= 0, got " + index2);
        }
    }

    public static Angle constant(double value) {
        return new Angle(value, Source.CONSTANT, -1, -1, 0.0);
    }

    public static Angle param(int index) {
        return param(index, 1.0, 0.0);
    }

    /** {@code offset + scale * theta[index]}. */
    public static Angle param(int index, double scale, double offset) {
        return new Angle(offset, Source.PARAM, index, -1, scale);
    }

    public static Angle input(int index) {
        return input(index, 1.0, 0.0);
    }

    /** {@code offset + scale * x[b, index]}. */
    public static Angle input(int index, double scale, double offset) {
        return new Angle(offset, Source.INPUT, index, -1, scale);
    }

    /** {@code offset + scale * x[b, i] * x[b, j]}. */
    public static Angle inputProduct(int i, int j, double scale, double offset) {
        return new Angle(offset, Source.INPUT_PRODUCT, i, j, scale);
    }

    /** True when the angle differs between samples of a batch. */
    public boolean perSample() {
        return source == Source.INPUT || source == Source.INPUT_PRODUCT;
    }

    /** The angle's value for a parameter vector and one sample's features ({@code x} from {@code xOffset}). */
    public double value(double[] theta, double[] x, int xOffset) {
        return switch (source) {
            case CONSTANT -> offset;
            case PARAM -> offset + scale * theta[index];
            case INPUT -> offset + scale * x[xOffset + index];
            case INPUT_PRODUCT -> offset + scale * x[xOffset + index] * x[xOffset + index2];
        };
    }

    /** Same angle with its parameter bound to a number (inputs stay symbolic). */
    public Angle bind(double[] theta) {
        return source == Source.PARAM ? constant(value(theta, null, 0)) : this;
    }
}
