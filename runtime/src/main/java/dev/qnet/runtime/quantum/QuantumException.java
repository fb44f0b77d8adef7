package dev.qnet.runtime.quantum;

/** A user-facing error of the quantum runtime (bad circuit, bad input, too many qubits); the message is one line. */
public class QuantumException extends RuntimeException {
    public QuantumException(String message) {
        super(message);
    }
}
