package dev.qnet.core;

/**
 * What a train section's structured settings (optimizer, schedule, metrics, early stopping)
 * mean when it does not say; the compiler's signature table and the runtime's
 * {@code TrainingConfig.defaults()} both read these. The defaults of the settings written
 * {@code name value} are in {@link Setting}.
 */
public final class TrainDefaults {
    private TrainDefaults() {}

    public static final OptimizerKind OPTIMIZER = OptimizerKind.ADAM;
    /** Adam and AdamW; SGD's default rate is {@link #SGD_LR}. */
    public static final double LR = 1e-3;
    public static final double SGD_LR = 0.01;
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;
    /** AdamW's decoupled weight decay; Adam and SGD default to none. */
    public static final double ADAMW_WEIGHT_DECAY = 0.01;
    public static final ScheduleKind SCHEDULE = ScheduleKind.CONSTANT;
    public static final int STEP_EVERY = 30;
    public static final double STEP_FACTOR = 0.1;
    public static final Metric METRIC = Metric.ACCURACY;
    /** Early stopping's patience when {@code early_stop} is written without one. */
    public static final int PATIENCE = 10;
}
