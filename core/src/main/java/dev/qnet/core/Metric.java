package dev.qnet.core;

import java.util.List;

/** Evaluation metrics; binary ones (precision, recall, f1, auc) use the train section's positive class. */
public enum Metric implements Keyword {
    ACCURACY("acc"), PRECISION, RECALL, F1, AUC, LOSS;

    private final List<String> aliases;

    Metric(String... aliases) {
        this.aliases = List.of(aliases);
    }

    @Override
    public List<String> aliases() {
        return aliases;
    }
}
