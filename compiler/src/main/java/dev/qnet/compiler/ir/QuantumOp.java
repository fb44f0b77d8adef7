package dev.qnet.compiler.ir;

import dev.qnet.core.Axis;
import dev.qnet.core.Encoding;
import dev.qnet.core.Measurement;


/**
 * Operations of a {@link Node.QuantumStage}, in execution order. The active-qubit bookkeeping
 * is already done: every op carries the absolute qubit indices it touches.
 */
public sealed interface QuantumOp {

    /**
     * Loads the stage input x (a vector of F features, F fixed by the checker as below) into the
     * register, which starts in |0...0>. Always the first op of a stage, exactly once. With n = qubits:
     * <ul>
     *   <li>{@code "angle"} (F == n): block E = gate {@code axis} (rx/ry/rz) with angle exactly x[i]
     *       (radians, no scale) on qubit i, for i = 0..n-1.</li>
     *   <li>{@code "iqp"} (F == n; Havlicek et al. 2019): block E = H on every qubit; then RZ(x[i]) on
     *       qubit i for every i; then for every pair i &lt; j (i outer, j inner, ascending)
     *       RZZ(x[i]*x[j]) = exp(-i x[i] x[j] / 2 Z_i Z_j), which is CNOT(i,j) RZ_j(x[i]*x[j]) CNOT(i,j).</li>
     *   <li>{@code "amplitude"} (F == 2^n): no gates; the state is set to x / |x| (real amplitudes;
     *       qubit 0 is the most significant bit of the basis index, so amplitude b belongs to the
     *       basis state with bit (n-1-q) of b on qubit q). Gradients flow through the
     *       normalisation; an all-zero sample is a run-time error. {@code reupload} is always 1.</li>
     * </ul>
     * Re-uploading (Perez-Salinas et al. 2020), for angle and iqp: let B be the ops between this
     * Encode and the Measure, in order. The stage runs E, B, E, B, ... ({@code reupload} times
     * each) and then Measure; every repetition of B uses the same parameters (the parameter count
     * does not grow). The checker rejects {@code reupload > 1} when B contains a {@link QPool}
     * (the active register would shrink between uploads). {@code reupload == 1} is plain E, B.
     *
     * @param kind     angle, amplitude or iqp
     * @param axis     rx, ry or rz for angle; null for amplitude and iqp
     * @param reupload >= 1
     */
    record Encode(Encoding kind, Axis axis, int reupload) implements QuantumOp {}

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
    record Measure(Measurement kind, int[] qubits) implements QuantumOp {}

}
