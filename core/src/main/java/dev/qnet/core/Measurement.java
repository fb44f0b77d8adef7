package dev.qnet.core;

/** What a quantum stage measures: Z on each active qubit, one product ZZ, or the basis-state probabilities. */
public enum Measurement implements Keyword {
    Z, ZZ, PROBS;
}
