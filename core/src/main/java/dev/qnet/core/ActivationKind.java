package dev.qnet.core;

/** Element-wise activations (softmax: over the features of a vector [F]); gelu is the exact (erf) form. */
public enum ActivationKind implements Keyword {
    RELU, GELU, TANH, SIGMOID, SOFTMAX;
}
