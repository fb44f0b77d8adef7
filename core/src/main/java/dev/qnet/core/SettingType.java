package dev.qnet.core;

/** The kinds of value a train setting ({@link Setting}) takes. */
public enum SettingType {
    /** Any whole number. */
    INT,
    /** A whole number of at least 1. */
    POSITIVE_INT,
    /** A whole number of at least 0. */
    NON_NEGATIVE_INT,
    /** A {@link Metric}, written with or without {@code val_}: {@code val_auc} or {@code auc}. */
    METRIC,
    CLASS_WEIGHTING,
    LOSS,
    PRECISION,
    /** The name of a {@code noise} declaration, or {@code none}; whether it exists is checked where the program is known. */
    NOISE_MODEL,
    /** A positive number of shots, or {@code exact} (stored as 0). */
    SHOTS;

    /** The noise model name that means noiseless. */
    public static final String NO_NOISE = "none";

    /** How exact shots are written. */
    public static final String EXACT = "exact";

    /**
     * Reads a setting's value from text (a command-line override, or a name from a source file).
     *
     * @throws IllegalArgumentException with a message naming what was expected
     */
    public Object parse(String text) {
        return switch (this) {
            case INT -> Long.parseLong(text.strip());
            case POSITIVE_INT -> atLeast(1, text, "positive");
            case NON_NEGATIVE_INT -> atLeast(0, text, "non-negative");
            case METRIC -> Keyword.parse(Metric.values(), text.startsWith("val_") ? text.substring(4) : text, "metric");
            case CLASS_WEIGHTING -> Keyword.parse(ClassWeighting.values(), text, "class weighting");
            case LOSS -> Keyword.parse(Loss.values(), text, "loss");
            case PRECISION -> Keyword.parse(Precision.values(), text, "precision");
            case NOISE_MODEL -> {
                String name = text.strip();
                if (!name.matches("[a-zA-Z_][a-zA-Z_0-9]*")) {
                    throw new IllegalArgumentException("expected the name of a noise model (or none), found '" + text + "'");
                }
                yield name;
            }
            case SHOTS -> text.strip().equals(EXACT) ? Long.valueOf(0L) : Long.valueOf(atLeast(1, text, "positive (or exact)"));
        };
    }

    /** How a value of this type is written back: {@code 100}, {@code val_auc}, {@code balanced}. */
    public String format(Object value) {
        return switch (this) {
            case INT, POSITIVE_INT, NON_NEGATIVE_INT -> String.valueOf(value);
            case METRIC -> "val_" + ((Metric) value).keyword();
            case CLASS_WEIGHTING, LOSS, PRECISION -> ((Keyword) value).keyword();
            case NOISE_MODEL -> (String) value;
            case SHOTS -> ((Long) value) == 0 ? EXACT : String.valueOf(value);
        };
    }

    private static long atLeast(long min, String text, String what) {
        long v = Long.parseLong(text.strip());
        if (v < min || v > Integer.MAX_VALUE) throw new IllegalArgumentException("must be " + what + ", found " + v);
        return v;
    }
}
