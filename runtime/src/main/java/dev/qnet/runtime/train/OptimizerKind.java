package dev.qnet.runtime.train;

import java.util.Locale;
import dev.qnet.runtime.optim.Adam;
import dev.qnet.runtime.optim.Optimizer;
import dev.qnet.runtime.optim.Sgd;

/** The optimizers a training configuration can name. */
public enum OptimizerKind {
    ADAM, ADAMW, SGD;

    Optimizer create(TrainingConfig c) {
        return switch (this) {
            case ADAM -> Adam.adam(c.weightDecay());
            case ADAMW -> Adam.adamW(c.weightDecay());
            case SGD -> new Sgd(c.momentum(), c.nesterov(), c.weightDecay());
        };
    }

    public static OptimizerKind parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown optimizer '" + s + "'; expected adam, adamw or sgd");
        }
    }
}
