package dev.qnet.core;

/** Training losses: softmax cross-entropy on the network output as logits. */
public enum Loss implements Keyword {
    CROSS_ENTROPY;
}
