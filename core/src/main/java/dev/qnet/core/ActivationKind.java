package dev.qnet.core;

/**
 * Element-wise activations (softmax: over the features of a vector [F]); gelu is the exact (erf)
 * form; silu (swish, Elfwing et al. 2018) is x * sigmoid(x).
 */
public enum ActivationKind implements Keyword {
    RELU, GELU, TANH, SIGMOID, SILU, SOFTMAX;
}
