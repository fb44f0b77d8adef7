package dev.qnet.compiler.ir;

import dev.qnet.compiler.source.Span;
import dev.qnet.core.Axis;
import dev.qnet.core.PoolKind;
import java.util.List;
import java.util.stream.Stream;

/**
 * A node of a network instance: a tree whose leaves are layers. Blocks and {@code repeat} are
 * already inlined. Every node knows its dotted {@code path} (unique in the network, used to name
 * parameters, e.g. {@code stage2.block0.conv1}), the per-sample input and output shapes, its
 * trainable parameter count (circuit parameters included for quantum stages and quanvolutions)
 * and its source span.
 *
 * <p>Kinds: Conv, BatchNorm, Activation, Pool, GlobalPool, Dropout, Flatten, Dense, Sequence,
 * Residual, QuantumStage, Quanvolution. Code that handles every kind implements {@link Visitor}:
 * Java 17 has no pattern matching in switch, and a visitor makes a new kind a compile error in
 * every pass that does not handle it yet.
 */
public sealed interface Node {
    String path();

    Shape input();

    Shape output();

    long params();

    Span span();

    <R> R accept(Visitor<R> visitor);

    /** The nodes this one is made of, in order: a sequence's nodes, a residual's branch and shortcut; none for a leaf. */
    default List<Node> children() {
        return List.of();
    }

    /** {@code root} and every node inside it, depth first, each before its children. */
    static Stream<Node> walk(Node root) {
        return Stream.concat(Stream.of(root), root.children().stream().flatMap(Node::walk));
    }

    /** One method per kind of node: lowering, reports and analyses over the IR implement it. */
    interface Visitor<R> {
        R conv(Conv n);

        R batchNorm(BatchNorm n);

        R activation(Activation n);

        R pool(Pool n);

        R globalPool(GlobalPool n);

        R dropout(Dropout n);

        R flatten(Flatten n);

        R dense(Dense n);

        R sequence(Sequence n);

        R residual(Residual n);

        R quantumStage(QuantumStage n);

        R quanvolution(Quanvolution n);
    }

    /**
     * 2-D convolution, cross-correlation as in PyTorch. Padding is zero padding of {@code padding}
     * pixels on every side (top, bottom, left, right). Output size = floor((H + 2p - k) / s) + 1.
     * Weights [outChannels, inChannels/groups, k, k]; bias [outChannels] when {@code bias}.
     */
    record Conv(String path, Shape input, Shape output, int inChannels, int outChannels, int kernel, int stride,
                int padding, int groups, boolean bias, long params, Span span) implements Node {
        public <R> R accept(Visitor<R> v) { return v.conv(this); }
    }

    /**
     * Batch normalisation over channels ([C,H,W]) or features ([F]), with trainable scale (gamma,
     * init 1) and shift (beta, init 0): 2*features parameters; running mean/variance are state,
     * not parameters (updated with {@code momentum} as in PyTorch), {@code eps} added to the variance.
     */
    record BatchNorm(String path, Shape input, Shape output, int features, double eps, double momentum, long params,
                     Span span) implements Node {
        public <R> R accept(Visitor<R> v) { return v.batchNorm(this); }
    }

    /** Element-wise activation: relu, gelu (exact, erf), tanh, sigmoid; softmax over the features of [F]. */
    record Activation(String path, Shape input, Shape output, dev.qnet.core.ActivationKind kind, Span span) implements Node {
        public <R> R accept(Visitor<R> v) { return v.activation(this); }

        public long params() { return 0; }
    }

    /**
     * Max or average pooling, floor mode (no ceil), zero padding of
     * {@code padding} on every side; average pooling counts padded zeros (PyTorch's
     * count_include_pad=true); max pooling ignores padding.
     */
    record Pool(String path, Shape input, Shape output, PoolKind kind, int kernel, int stride, int padding, Span span)
            implements Node {
        public <R> R accept(Visitor<R> v) { return v.pool(this); }

        public long params() { return 0; }
    }

    /** Global average or max over H and W: [C,H,W] -> [C]. */
    record GlobalPool(String path, Shape input, Shape output, PoolKind kind, Span span) implements Node {
        public <R> R accept(Visitor<R> v) { return v.globalPool(this); }

        public long params() { return 0; }
    }

    /** Inverted dropout with drop probability {@code p} in training; identity in evaluation. */
    record Dropout(String path, Shape input, Shape output, double p, Span span) implements Node {
        public <R> R accept(Visitor<R> v) { return v.dropout(this); }

        public long params() { return 0; }
    }

    /** [C,H,W] -> [C*H*W] in C-major order (same as PyTorch's flatten). */
    record Flatten(String path, Shape input, Shape output, Span span) implements Node {
        public <R> R accept(Visitor<R> v) { return v.flatten(this); }

        public long params() { return 0; }
    }

    /**
     * Fully connected: y = W x + b, W [units, inFeatures]. The input is always a vector here: an
     * image input with H = W = 1 gets an explicit {@link Flatten} inserted before it.
     */
    record Dense(String path, Shape input, Shape output, int inFeatures, int units, boolean bias, long params, Span span)
            implements Node {
        public <R> R accept(Visitor<R> v) { return v.dense(this); }
    }

    /** Children applied in order. */
    record Sequence(String path, Shape input, Shape output, List<Node> nodes, long params, Span span) implements Node {
        public <R> R accept(Visitor<R> v) { return v.sequence(this); }

        @Override
        public List<Node> children() { return nodes; }

        public Sequence {
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * out = branch(x) + shortcut(x), no activation after the sum (write it after the residual).
     * {@code shortcut == null} is the identity; {@code shortcutInferred} marks a projection the
     * compiler added (1x1 conv without bias, stride as needed, then batch norm, as torchvision).
     */
    record Residual(String path, Shape input, Shape output, Sequence branch, Sequence shortcut, boolean shortcutInferred,
                    long params, Span span) implements Node {
        public <R> R accept(Visitor<R> v) { return v.residual(this); }

        @Override
        public List<Node> children() { return shortcut == null ? List.of(branch) : List.of(branch, shortcut); }
    }

    /**
     * A statevector stage: input [F], output as given by its {@link QuantumOp.Measure}.
     * {@code params} == {@code circuitParams}: the stage's trainable angles, initialised
     * uniformly in [0, 2pi) by convention.
     */
    /** {@code execution}: the stage's noise model, simulation method and shots. */
    record QuantumStage(String path, Shape input, Shape output, int qubits, List<QuantumOp> ops, int circuitParams,
                        ExecutionIr execution, Span span) implements Node {
        public <R> R accept(Visitor<R> v) { return v.quantumStage(this); }

        public QuantumStage {
            ops = List.copyOf(ops);
        }

        public long params() { return circuitParams; }
    }

    /**
     * A quanvolution (Henderson et al. 2019): a small quantum circuit used as a convolution
     * filter. Input [C, H, W] (any C), output [C*k*k, H', W'] with
     * {@code H' = floor((H - k) / stride) + 1}, {@code W'} likewise (no padding).
     *
     * <p>For every input channel c and every patch position (i, j) (top-left corner
     * {@code (i*stride, j*stride)}), independently and with the same circuit for all channels:
     * <ol>
     *   <li>start from |0...0> on {@code q = k*k} qubits;</li>
     *   <li>encode: gate {@code axis} (rx/ry/rz) with angle {@code scale * x[c, i*stride + dy, j*stride + dx]}
     *       on qubit {@code dy*k + dx} (row-major over the patch); the pixel value is used as it
     *       arrives (after whatever preprocessing and layers precede the quanvolution);</li>
     *   <li>apply {@link #circuit()}: its qubit argument m is patch qubit m;</li>
     *   <li>measure &lt;Z_m&gt; for every qubit m; it becomes output channel {@code c*k*k + m} at (i, j).</li>
     * </ol>
     * The output channel order is therefore channel-major: all k*k measurements of input
     * channel 0, then those of channel 1, and so on.
     *
     * <p>Body: {@code body} is the user circuit (k*k qubit arguments), or null for the fixed
     * random circuit of {@code randomLayers} layers generated from {@code randomSeed} by
     * {@link QuanvolutionCircuits#random}; {@link #circuit()} returns whichever applies, so
     * lowering never reimplements the generator.
     *
     * <p>Parameters: the user circuit's parameter vector (its flattened arrays, {@code body.paramCount()}
     * values) is initialised uniformly in [0, 2pi) from the run seed, like the circuit parameters
     * of quantum stages. When {@code trainable} it is trained ({@code params == body.paramCount()},
     * counted as quantum circuit parameters); otherwise it stays at its initial values
     * ({@code params == 0}: fixed values are not trainable parameters). The random circuit has
     * constant angles only: {@code trainable == false}, {@code params == 0}.
     *
     * @param kernel       k, 2 or 3 (k*k <= 9 qubits)
     * @param stride       >= 1 (default k: non-overlapping patches)
     * @param axis         the encoding rotation: rx, ry (default) or rz
     * @param scale        angle = scale * pixel (default pi)
     * @param body         the user circuit, or null for the random circuit
     * @param randomLayers layers of the random circuit (>= 1), 0 when {@code body != null}
     * @param randomSeed   seed of the random circuit, 0 when {@code body != null}
     */
    record Quanvolution(String path, Shape input, Shape output, int kernel, int stride, Axis axis, double scale,
                        CircuitIr body, int randomLayers, long randomSeed, boolean trainable, long params,
                        ExecutionIr execution, Span span)
            implements Node {
        public <R> R accept(Visitor<R> v) { return v.quanvolution(this); }


        /** Qubits simulated per patch: k*k. */
        public int qubits() { return kernel * kernel; }

        /** The circuit applied to every patch after the encoding: the user's, or the generated random one. */
        public CircuitIr circuit() {
            return body != null ? body : QuanvolutionCircuits.random(qubits(), randomLayers, randomSeed, span);
        }
    }
}
