package dev.qnet.compiler.builtin;

/**
 * The call-like forms of the language: each has its own namespace of builtin signatures
 * ({@code adam} is an optimizer, {@code conv} a layer). How a call is named in messages and how
 * a parameter is named ("'k' of 'conv'" or "'lr'") follows the form.
 */
public enum Form {
    LAYER(true, ""),
    DATASET(false, ""),
    PREPROCESS(true, ""),
    OPTIMIZER(false, ""),
    SCHEDULE(false, ""),
    AUGMENTATION(false, ""),
    ENCODING(false, "encoding "),
    QUANTUM(false, ""),
    /** {@code qconv c(shared: false)}: the arguments of a circuit used by qconv or qpool. */
    CIRCUIT_USE(false, ""),
    EARLY_STOP(false, ""),
    /** The rules of a {@code noise} declaration: its channels and {@code readout}. */
    NOISE(true, "");

    private final boolean qualifiedSlots;
    private final String callPrefix;

    Form(boolean qualifiedSlots, String callPrefix) {
        this.qualifiedSlots = qualifiedSlots;
        this.callPrefix = callPrefix;
    }

    /** The call as messages name it: {@code 'conv'}, {@code encoding 'angle'}. */
    public String call(String name) {
        return callPrefix + "'" + name + "'";
    }

    /** A parameter as messages name it: {@code 'k' of 'conv'} for layers, {@code 'lr'} for settings. */
    public String slot(String param, String name) {
        return qualifiedSlots ? "'" + param + "' of '" + name + "'" : "'" + param + "'";
    }
}
