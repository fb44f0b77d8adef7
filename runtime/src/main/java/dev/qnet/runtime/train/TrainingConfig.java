package dev.qnet.runtime.train;

import dev.qnet.core.OptimizerKind;
import dev.qnet.core.TrainDefaults;
import dev.qnet.runtime.optim.LearningRateSchedule;

/**
 * Immutable, validated training settings.
 *
 * @param classWeights per-class loss weights, or null for equal weights
 * @param patience     epochs without improvement of {@code select} before stopping; 0 = never stop early
 * @param limit        use only the first {@code limit} training samples; 0 = all
 * @param positiveClass the positive class of the binary validation precision, recall and F1
 */
public record TrainingConfig(OptimizerKind optimizer, double lr, double weightDecay, double momentum, boolean nesterov,
                             LearningRateSchedule schedule, int epochs, int batchSize, long seed,
                             double[] classWeights, SelectMetric select, int patience, int limit, int positiveClass) {

    public TrainingConfig {
        if (optimizer == null || schedule == null || select == null) {
            throw new IllegalArgumentException("training: optimizer, schedule and select metric are required");
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("training: lr must be positive, got " + lr);
        }
        if (epochs <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("training: epochs and batch size must be positive, got "
                    + epochs + " and " + batchSize);
        }
        if (positiveClass < 0) {
            throw new IllegalArgumentException("training: positive class must be >= 0, got " + positiveClass);
        }
        if (patience < 0 || limit < 0) {
            throw new IllegalArgumentException("training: patience and limit must be >= 0");
        }
        classWeights = classWeights == null ? null : classWeights.clone();
    }

    /** What a train section without settings means ({@link TrainDefaults}): no early stopping, all samples. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(TrainDefaults.OPTIMIZER, TrainDefaults.LR, 0, 0, false, new LearningRateSchedule.Constant(),
                TrainDefaults.EPOCHS, TrainDefaults.BATCH, TrainDefaults.SEED, null, SelectMetric.of(TrainDefaults.SELECT), 0, 0,
                TrainDefaults.POSITIVE);
    }

    @Override
    public double[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    public TrainingConfig withOptimizer(OptimizerKind o, double newLr) {
        return new TrainingConfig(o, newLr, weightDecay, momentum, nesterov, schedule, epochs, batchSize, seed,
                classWeights, select, patience, limit, positiveClass);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, schedule, e, batchSize, seed,
                classWeights, select, patience, limit, positiveClass);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, schedule, epochs, b, seed,
                classWeights, select, patience, limit, positiveClass);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, schedule, epochs, batchSize, s,
                classWeights, select, patience, limit, positiveClass);
    }

    public TrainingConfig withLimit(int l) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, schedule, epochs, batchSize, seed,
                classWeights, select, patience, l, positiveClass);
    }

    public TrainingConfig withSchedule(LearningRateSchedule s) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, s, epochs, batchSize, seed,
                classWeights, select, patience, limit, positiveClass);
    }

    public TrainingConfig withClassWeights(double[] w) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, schedule, epochs, batchSize, seed,
                w, select, patience, limit, positiveClass);
    }

    public TrainingConfig withEarlyStopping(SelectMetric s, int p) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, schedule, epochs, batchSize, seed,
                classWeights, s, p, limit, positiveClass);
    }

    public TrainingConfig withRegularisation(double wd, double mom, boolean nest) {
        return new TrainingConfig(optimizer, lr, wd, mom, nest, schedule, epochs, batchSize, seed,
                classWeights, select, patience, limit, positiveClass);
    }

    public TrainingConfig withPositiveClass(int c) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, schedule, epochs, batchSize, seed,
                classWeights, select, patience, limit, c);
    }
}
