package dev.qnet.core;

/** Evaluation metrics; binary ones (precision, recall, f1, auc) use the train section's positive class. */
public enum Metric implements Keyword {
    ACCURACY, PRECISION, RECALL, F1, AUC, LOSS;
}
