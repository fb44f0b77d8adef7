package dev.qnet.runtime.train;

import dev.qnet.core.Metric;
import dev.qnet.core.OptimizerKind;
import dev.qnet.core.Setting;
import dev.qnet.core.TrainDefaults;
import dev.qnet.core.TrainSettings;
import dev.qnet.runtime.optim.LearningRateSchedule;

/**
 * Immutable, validated training settings: the optimizer and schedule, and the {@code name value}
 * settings of core's {@link Setting} (epochs, batch, seed, select, positive, ...), which the
 * runtime reads from {@link #settings()} so a new one needs no new field here.
 *
 * @param classWeights per-class loss weights, or null for equal weights
 * @param patience     epochs without improvement of {@code select} before stopping; 0 = never stop early
 * @param limit        use only the first {@code limit} training samples; 0 = all
 */
public record TrainingConfig(OptimizerKind optimizer, double lr, double weightDecay, double momentum, boolean nesterov,
                             LearningRateSchedule schedule, double[] classWeights, int patience, int limit,
                             TrainSettings settings) {

    public TrainingConfig {
        if (optimizer == null || schedule == null || settings == null) {
            throw new IllegalArgumentException("training: optimizer, schedule and settings are required");
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("training: lr must be positive, got " + lr);
        }
        if (settings.integer(Setting.POSITIVE) < 0) {
            throw new IllegalArgumentException("training: positive class must be >= 0, got " + settings.integer(Setting.POSITIVE));
        }
        if (patience < 0 || limit < 0) {
            throw new IllegalArgumentException("training: patience and limit must be >= 0");
        }
        classWeights = classWeights == null ? null : classWeights.clone();
    }

    /** What a train section without settings means ({@link TrainDefaults}, {@link Setting}): no early stopping, all samples. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(TrainDefaults.OPTIMIZER, TrainDefaults.LR, 0, 0, false, new LearningRateSchedule.Constant(),
                null, 0, 0, TrainSettings.defaults());
    }

    @Override
    public double[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    public int epochs() {
        return settings.integer(Setting.EPOCHS);
    }

    public int batchSize() {
        return settings.integer(Setting.BATCH);
    }

    public long seed() {
        return settings.whole(Setting.SEED);
    }

    /** The positive class of the binary validation precision, recall and F1. */
    public int positiveClass() {
        return settings.integer(Setting.POSITIVE);
    }

    public SelectMetric select() {
        return SelectMetric.of(settings.choice(Setting.SELECT, Metric.class));
    }

    /** A copy with one {@code name value} setting replaced (validated as the setting's type). */
    public TrainingConfig with(Setting setting, Object value) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, schedule, classWeights, patience, limit,
                settings.with(setting, value));
    }

    public TrainingConfig withOptimizer(OptimizerKind o, double newLr) {
        return new TrainingConfig(o, newLr, weightDecay, momentum, nesterov, schedule, classWeights, patience, limit, settings);
    }

    public TrainingConfig withEpochs(int e) {
        return with(Setting.EPOCHS, (long) e);
    }

    public TrainingConfig withBatchSize(int b) {
        return with(Setting.BATCH, (long) b);
    }

    public TrainingConfig withSeed(long s) {
        return with(Setting.SEED, s);
    }

    public TrainingConfig withPositiveClass(int c) {
        return with(Setting.POSITIVE, (long) c);
    }

    public TrainingConfig withLimit(int l) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, schedule, classWeights, patience, l, settings);
    }

    public TrainingConfig withSchedule(LearningRateSchedule s) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, s, classWeights, patience, limit, settings);
    }

    public TrainingConfig withClassWeights(double[] w) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, schedule, w, patience, limit, settings);
    }

    public TrainingConfig withEarlyStopping(SelectMetric s, int p) {
        return new TrainingConfig(optimizer, lr, weightDecay, momentum, nesterov, schedule, classWeights, p, limit,
                settings.with(Setting.SELECT, s.metric()));
    }

    public TrainingConfig withRegularisation(double wd, double mom, boolean nest) {
        return new TrainingConfig(optimizer, lr, wd, mom, nest, schedule, classWeights, patience, limit, settings);
    }
}
