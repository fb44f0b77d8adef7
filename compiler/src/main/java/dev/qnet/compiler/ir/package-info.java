/**
 * The checked program, independent of ND4J: what lowering consumes.
 *
 * <p>{@link dev.qnet.compiler.ir.Program} lists network instances ({@link dev.qnet.compiler.ir.NetworkIr}),
 * datasets, train sections and circuits. A network instance is a tree of
 * {@link dev.qnet.compiler.ir.Node}s with blocks and {@code repeat} already inlined; each node has
 * its input and output shape per sample (no batch dimension, channels first), its trainable
 * parameter count and a unique dotted path for naming parameters.
 *
 * <p>Lowering rules in one place:
 * <ul>
 *   <li>Conv: zero padding {@code padding} on all four sides, floor output size, weights
 *       [out, in/groups, k, k], bias only if {@code bias}.</li>
 *   <li>Pool: floor mode; avg counts padded zeros; stride defaults already applied.</li>
 *   <li>Dense: always on a vector; an implied flatten is an explicit Flatten node inside a
 *       Sequence named like the dense layer.</li>
 *   <li>Residual: {@code branch(x) + shortcut(x)} with {@code shortcut == null} the identity; no
 *       activation after the sum.</li>
 *   <li>QuantumStage: ops in order; QConv/QPool carry their absolute qubit pairs and the slice
 *       of the stage's parameter vector they use; gate angles are
 *       {@code offset + scale * theta[paramIndex]} in the circuit's local parameter space,
 *       which for application k of a non-shared op starts at {@code paramOffset + k * circuit.paramCount()} (shared: always {@code paramOffset}).</li>
 *   <li>Encode (angle, iqp, amplitude) and re-uploading: exact gate sequences in
 *       {@link dev.qnet.compiler.ir.QuantumOp.Encode}; {@code axis} is null except for angle.</li>
 *   <li>Quanvolution: per channel and k x k patch, ry/rx/rz(scale * pixel) on qubit dy*k+dx, then
 *       {@code circuit()} (the user circuit, or the random one materialised by
 *       {@link dev.qnet.compiler.ir.QuanvolutionCircuits}), then &lt;Z&gt; of each qubit into
 *       channel c*k*k + qubit; no padding; circuit parameters trained only when {@code trainable}.</li>
 * </ul>
 */
package dev.qnet.compiler.ir;
