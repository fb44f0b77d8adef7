package dev.qnet.compiler.ir;

import dev.qnet.compiler.source.Span;
import dev.qnet.core.AugmentationKind;
import dev.qnet.core.ClassWeighting;
import dev.qnet.core.FlipMode;
import dev.qnet.core.Loss;
import dev.qnet.core.Metric;
import dev.qnet.core.OptimizerKind;
import dev.qnet.core.ScheduleKind;
import dev.qnet.core.Setting;
import dev.qnet.core.TrainSettings;
import java.util.List;

/**
 * A train (or experiment) section with every setting resolved (defaults filled in).
 *
 * @param title     the optional quoted name, else "network on dataset"
 * @param augment   random augmentations applied to training images, in order
 * @param metrics   evaluated on validation and test splits: accuracy precision recall f1 auc
 * @param earlyStop null when off
 * @param settings  the {@code name value} settings ({@link Setting}): epochs, batch, seed,
 *                  positive, select, class_weights, loss
 */
public record TrainIr(String title, NetworkIr network, DatasetIr dataset, Optimizer optimizer, Schedule schedule,
                      List<Augment> augment, List<Metric> metrics, EarlyStop earlyStop, TrainSettings settings, Span span) {
    public TrainIr {
        augment = List.copyOf(augment);
        metrics = List.copyOf(metrics);
    }

    /** Passes over the training split. */
    public int epochs() { return settings.integer(Setting.EPOCHS); }

    public int batch() { return settings.integer(Setting.BATCH); }

    /** Seed of every random choice (init, shuffling, augmentation). */
    public long seed() { return settings.whole(Setting.SEED); }

    /** The positive class for binary precision/recall/f1/auc. */
    public int positive() { return settings.integer(Setting.POSITIVE); }

    /** The validation metric that picks the best checkpoint (written val_auc, val_loss, ...). */
    public Metric select() { return settings.choice(Setting.SELECT, Metric.class); }

    /** none, balanced or sqrt ({@link ClassWeighting}). */
    public ClassWeighting classWeights() { return settings.choice(Setting.CLASS_WEIGHTS, ClassWeighting.class); }

    /** cross_entropy (softmax cross-entropy on the network output as logits). */
    public Loss loss() { return settings.choice(Setting.LOSS, Loss.class); }

    /** adam/adamw (beta1, beta2, eps), sgd (momentum, nesterov). Weight decay: L2 for adam/sgd, decoupled for adamw. */
    public record Optimizer(OptimizerKind kind, double lr, double beta1, double beta2, double eps, double momentum,
                            boolean nesterov, double weightDecay) {}

    /**
     * Learning-rate schedule per epoch. step: lr * factor^(floor(epoch / every)); cosine: from lr to
     * minLr over all epochs; constant.
     */
    public record Schedule(ScheduleKind kind, int every, double factor, double minLr) {}

    /**
     * rotate: uniform in [-value, value] degrees; flip: mode horizontal|vertical|both (null for the
     * other kinds), p = 0.5 each;
     * zoom: scale uniform in [1 - value, 1 + value]; translate: up to value pixels each axis.
     */
    public record Augment(AugmentationKind kind, double value, FlipMode mode) {

        /** The step as a .qnet file writes it: rotate(10deg), flip(horizontal), zoom(0.1). */
        public String toSource() {
            return switch (kind) {
                case FLIP -> "flip(" + mode.keyword() + ")";
                case ROTATE -> "rotate(" + plain(value) + "deg)";
                case ZOOM, TRANSLATE -> kind.keyword() + "(" + plain(value) + ")";
            };
        }

        private static String plain(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
        }
    }

    /** Stop when {@code monitor} (the select metric) did not improve by minDelta for patience epochs. */
    public record EarlyStop(int patience, double minDelta) {}
}
