package dev.qnet.core;

/** How a quantum stage loads its input: one angle per qubit, amplitudes (2^n features), or IQP (Havlicek et al. 2019). */
public enum Encoding implements Keyword {
    ANGLE, AMPLITUDE, IQP;
}
