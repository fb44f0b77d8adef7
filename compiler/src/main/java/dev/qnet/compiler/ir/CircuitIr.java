package dev.qnet.compiler.ir;

import dev.qnet.compiler.source.Span;
import java.util.List;

/**
 * A user circuit: {@code qubitCount} qubit arguments (local indices 0..qubitCount-1 in the
 * order written) and its parameter arrays flattened into one index space
 * {@code 0..paramCount-1} (arrays in declaration order, elements in index order).
 */
public record CircuitIr(String name, int qubitCount, List<ParamArray> arrays, int paramCount, List<GateIr> gates, Span span) {
    public CircuitIr {
        arrays = List.copyOf(arrays);
        gates = List.copyOf(gates);
    }

    /** A declared parameter array: flattened indices {@code offset .. offset+size-1}. */
    public record ParamArray(String name, int size, int offset) {}
}
