package dev.qnet.core;

/** The optimizers a train section can name. */
public enum OptimizerKind implements Keyword {
    ADAM, ADAMW, SGD;
}
