package dev.qnet.core;

/**
 * Loss weights per class, from the training split's class frequencies (the formulas are in the
 * driver's TrainingLowering.classWeights).
 */
public enum ClassWeighting implements Keyword {
    /** Every sample weighs 1. */
    NONE,
    /** Inverse class frequency: every class carries the same total weight. */
    BALANCED,
    /** Inverse square root of the class frequency: between none and balanced. */
    SQRT;
}
