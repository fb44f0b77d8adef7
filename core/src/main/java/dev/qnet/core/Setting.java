package dev.qnet.core;

/**
 * The train settings written as {@code name value} ({@code epochs 100}, {@code select val_auc}),
 * with their type and default. The compiler reads them from source, {@code --set name=value}
 * overrides them, reports list them, and the runtime reads them from {@link TrainSettings}: a
 * new setting is one constant here, its word in the lexer's {@code SettingName} rule (a test
 * checks the two agree), and the code that uses it.
 */
public enum Setting implements Keyword {
    /** Passes over the training split. */
    EPOCHS(SettingType.POSITIVE_INT, 10L),
    /** Mini-batch size. */
    BATCH(SettingType.POSITIVE_INT, 128L),
    /** Seed of every random choice: initial weights, shuffling, augmentation, dropout. */
    SEED(SettingType.INT, 7L),
    /** The positive class of binary precision, recall, F1 and AUC. */
    POSITIVE(SettingType.INT, 1L),
    /** The validation metric that picks the best epoch and drives early stopping. */
    SELECT(SettingType.METRIC, Metric.LOSS),
    /** Loss weights per class ({@link ClassWeighting}): none, balanced or sqrt. */
    CLASS_WEIGHTS(SettingType.CLASS_WEIGHTING, ClassWeighting.NONE),
    LOSS(SettingType.LOSS, Loss.CROSS_ENTROPY),
    /**
     * Epochs of linear learning-rate warm-up (Goyal et al. 2017): epoch e < warmup trains at
     * (e + 1) / warmup of the schedule's rate; 0 = none.
     */
    WARMUP(SettingType.NON_NEGATIVE_INT, 0L),
    /** The arithmetic of convolutions and matrix products ({@link Precision}): fp32, or bf16. */
    PRECISION(SettingType.PRECISION, Precision.FP32),
    /**
     * The noise model (a {@code noise} declaration's name) every quantum stage and quanvolution of
     * the network runs under unless it names its own; {@code none} = noiseless.
     */
    NOISE(SettingType.NOISE_MODEL, SettingType.NO_NOISE),
    /** Shots per expectation value for stages that do not say; 0 (written {@code exact}) = exact expectation values. */
    SHOTS(SettingType.SHOTS, 0L);

    private final SettingType type;
    private final Object defaultValue;

    Setting(SettingType type, Object defaultValue) {
        this.type = type;
        this.defaultValue = defaultValue;
    }

    public SettingType type() {
        return type;
    }

    public Object defaultValue() {
        return defaultValue;
    }
}
