package dev.qnet.driver.lower;

import dev.qnet.compiler.ir.DatasetIr;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.core.ClassWeighting;
import dev.qnet.core.Preprocessing;
import dev.qnet.runtime.data.Augmentation;
import dev.qnet.runtime.data.DataException;
import dev.qnet.runtime.data.Flip;
import dev.qnet.runtime.data.Rotate;
import dev.qnet.runtime.data.Translate;
import dev.qnet.runtime.data.Zoom;
import dev.qnet.runtime.optim.LearningRateSchedule;
import dev.qnet.runtime.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers a resolved {@code train} section to the runtime's immutable {@link TrainingConfig} and
 * augmentation steps. Every default was filled in by the checker, so this is a direct mapping.
 */
public final class TrainingLowering {

    private TrainingLowering() {
    }

    public static TrainingConfig config(TrainIr t) {
        TrainIr.Optimizer o = t.optimizer();
        LearningRateSchedule schedule = switch (t.schedule().kind()) {
            case STEP -> new LearningRateSchedule.Step(t.schedule().every(), t.schedule().factor());
            case COSINE -> new LearningRateSchedule.Cosine(t.epochs(), t.schedule().minLr());
            case CONSTANT -> new LearningRateSchedule.Constant();
        };
        int patience = t.earlyStop() == null ? 0 : t.earlyStop().patience();
        return new TrainingConfig(o.kind(), o.lr(), o.weightDecay(), o.momentum(), o.nesterov(), schedule, null, patience, 0,
                t.settings());
    }

    /** The random augmentations of training batches, in the order written. */
    public static List<Augmentation> augmentations(TrainIr t) {
        List<Augmentation> out = new ArrayList<>();
        for (TrainIr.Augment a : t.augment()) {
            out.add(switch (a.kind()) {
                case ROTATE -> new Rotate(a.value());
                case ZOOM -> new Zoom(a.value());
                case TRANSLATE -> new Translate(a.value());
                case FLIP -> switch (a.mode()) {
                    case HORIZONTAL -> Flip.horizontally();
                    case VERTICAL -> Flip.vertically();
                    case BOTH -> new Flip(true, true);
                };
            });
        }
        return out;
    }

    /** Whether the dataset declares {@code normalize}. */
    public static boolean normalizes(DatasetIr d) {
        return d.preprocessing().stream().anyMatch(p -> p.kind() == Preprocessing.NORMALIZE);
    }

    /**
     * The loss weight of each class for {@code class_weights}, from the training labels, or null for
     * {@code none}. Both weightings are scaled so that the mean weight over the training samples is 1
     * (the loss keeps its scale, so the learning rate means the same):
     * <ul>
     *   <li>{@code balanced}: w_c = N / (C n_c), inverse class frequency; every class carries the
     *       same total weight, as if the classes were equally frequent;</li>
     *   <li>{@code sqrt}: w_c = N / (sqrt(n_c) sum_k sqrt(n_k)), inverse square root of the frequency;
     *       halfway (on a log scale) between no weights and balanced ones, for small sets where
     *       balanced weights move the decision threshold too far towards the rare class.</li>
     * </ul>
     */
    public static double[] classWeights(ClassWeighting weighting, int[] labels, int classes) {
        if (weighting == ClassWeighting.NONE) {
            return null;
        }
        long[] counts = new long[classes];
        for (int y : labels) {
            counts[y]++;
        }
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) {
                throw new DataException("class_weights " + weighting.keyword() + ": class " + c + " has no training samples");
            }
        }
        double[] w = new double[classes];
        switch (weighting) {
            case NONE -> throw new AssertionError("handled above");
            case BALANCED -> {
                for (int c = 0; c < classes; c++) {
                    w[c] = (double) labels.length / (classes * counts[c]);
                }
            }
            case SQRT -> {
                double sumSqrt = 0;
                for (long n : counts) {
                    sumSqrt += Math.sqrt(n);
                }
                for (int c = 0; c < classes; c++) {
                    w[c] = labels.length / (Math.sqrt(counts[c]) * sumSqrt);
                }
            }
        }
        return w;
    }
}
