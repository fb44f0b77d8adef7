package dev.qnet.compiler.ir;



/**
 * Operations of a {@link Node.QuantumStage}, in execution order. The active-qubit bookkeeping
 * is already done: every op carries the absolute qubit indices it touches.
 */
public sealed interface QuantumOp {

    /**
     * Loads the stage input (a vector of F features) into |0...0>.
     * ANGLE: gate {@code axis} (rx/ry/rz) with angle x[i] on qubit i (F == qubits), repeated
     * {@code reupload} times. AMPLITUDE: the state is x / |x| (F == 2^qubits, qubit 0 is the
     * most significant bit of the basis index). IQP: H on every qubit, RZ(x[i]) on qubit i, then
     * for every pair i<j RZZ(x[i]*x[j]) (F == qubits), repeated {@code reupload} times.
     */
    record Encode(String kind, String axis, int reupload) implements QuantumOp {}

    /**
     * Applies circuit C (2 qubit arguments) to each pair in {@code pairs} in order (pair[0] is C's
     * first qubit argument). When {@code shared}, every application uses the stage parameters
     * {@code paramOffset .. paramOffset + C.paramCount - 1}; otherwise application k uses
     * {@code paramOffset + k*C.paramCount ...}.
     */
    record QConv(CircuitIr circuit, boolean shared, int[][] pairs, int paramOffset, int paramCount) implements QuantumOp {}

    /**
     * Like {@link QConv}, pair = (source, kept); afterwards the active qubits are {@code activeAfter}.
     * Nothing is measured: the dropped qubits are simply no longer used (a "pooling" by entanglement).
     */
    record QPool(CircuitIr circuit, boolean shared, int[][] pairs, int[] activeAfter, int paramOffset, int paramCount)
            implements QuantumOp {}

    /** A gate written directly in the stage on absolute qubits; angles index the stage parameters. */
    record GateOp(GateIr gate) implements QuantumOp {}

    /**
     * Produces the stage output from the final state. Z: &lt;Z_q&gt; for each q in {@code qubits}
     * (in order). ZZ: one value, &lt;prod_q Z_q&gt;. PROBS: the 2^k probabilities of the basis states
     * of {@code qubits} (qubits[0] most significant).
     */
    record Measure(String kind, int[] qubits) implements QuantumOp {}

}
