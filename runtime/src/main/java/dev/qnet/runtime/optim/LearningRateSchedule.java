package dev.qnet.runtime.optim;

/**
 * Learning rate per epoch (0-based), as PyTorch's epoch-stepped schedulers compute it.
 */
public sealed interface LearningRateSchedule {

    double lr(double base, int epoch);

    /** The base rate throughout. */
    record Constant() implements LearningRateSchedule {
        @Override
        public double lr(double base, int epoch) {
            return base;
        }
    }

    /** {@code base * factor^(epoch / every)}, as StepLR(step_size = every, gamma = factor). */
    record Step(int every, double factor) implements LearningRateSchedule {
        public Step {
            if (every <= 0 || !(factor > 0)) {
                throw new IllegalArgumentException("step schedule: need every > 0 and factor > 0");
            }
        }

        @Override
        public double lr(double base, int epoch) {
            return base * Math.pow(factor, epoch / every);
        }
    }

    /** Cosine from base to {@code minLr} over {@code epochs}, as CosineAnnealingLR(T_max = epochs, eta_min). */
    record Cosine(int epochs, double minLr) implements LearningRateSchedule {
        public Cosine {
            if (epochs <= 0 || !(minLr >= 0)) {
                throw new IllegalArgumentException("cosine schedule: need epochs > 0 and min lr >= 0");
            }
        }

        @Override
        public double lr(double base, int epoch) {
            int e = Math.min(epoch, epochs);
            return minLr + (base - minLr) * (1 + Math.cos(Math.PI * e / epochs)) / 2;
        }
    }
}
