package dev.qnet.core;

/**
 * Where a noise rule applies its channel: after every one-qubit gate (on its qubit), after every
 * gate of two or more qubits (on each of its qubits, independently), after every gate, after the
 * gates named in the rule, or once per layer of gates (a moment: gates on disjoint qubits) on
 * every qubit, idle or not, as T1/T2 decay over the layer's duration.
 */
public enum NoiseScope implements Keyword {
    ONE_QUBIT_GATES,
    TWO_QUBIT_GATES,
    ALL_GATES,
    NAMED_GATES,
    LAYER;
}
