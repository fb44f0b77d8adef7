package dev.qnet.compiler.ir;

import dev.qnet.compiler.source.Span;
import java.util.List;

/**
 * A node of a network instance: a tree whose leaves are layers. Blocks and {@code repeat} are
 * already inlined. Every node knows its dotted {@code path} (unique in the network, used to name
 * parameters, e.g. {@code stage2.block0.conv1}), the per-sample input and output shapes, its
 * trainable parameter count (circuit parameters included for quantum stages) and its source span.
 */
public sealed interface Node {
    String path();

    Shape input();

    Shape output();

    long params();

    Span span();

    /**
     * 2-D convolution, cross-correlation as in PyTorch. Padding is zero padding of {@code padding}
     * pixels on every side (top, bottom, left, right). Output size = floor((H + 2p - k) / s) + 1.
     * Weights [outChannels, inChannels/groups, k, k]; bias [outChannels] when {@code bias}.
     */
    record Conv(String path, Shape input, Shape output, int inChannels, int outChannels, int kernel, int stride,
                int padding, int groups, boolean bias, long params, Span span) implements Node {}

    /**
     * Batch normalisation over channels ([C,H,W]) or features ([F]), with trainable scale (gamma,
     * init 1) and shift (beta, init 0): 2*features parameters; running mean/variance are state,
     * not parameters (updated with {@code momentum} as in PyTorch), {@code eps} added to the variance.
     */
    record BatchNorm(String path, Shape input, Shape output, int features, double eps, double momentum, long params,
                     Span span) implements Node {}

    /** Element-wise activation: relu, gelu (exact, erf), tanh, sigmoid; softmax over the features of [F]. */
    record Activation(String path, Shape input, Shape output, String kind, Span span) implements Node {
        public long params() { return 0; }
    }

    /**
     * Max or average pooling ({@code kind} "max"/"avg"), floor mode (no ceil), zero padding of
     * {@code padding} on every side; average pooling counts padded zeros (PyTorch's
     * count_include_pad=true); max pooling ignores padding.
     */
    record Pool(String path, Shape input, Shape output, String kind, int kernel, int stride, int padding, Span span)
            implements Node {
        public long params() { return 0; }
    }

    /** Global average or max over H and W: [C,H,W] -> [C]. */
    record GlobalPool(String path, Shape input, Shape output, String kind, Span span) implements Node {
        public long params() { return 0; }
    }

    /** Inverted dropout with drop probability {@code p} in training; identity in evaluation. */
    record Dropout(String path, Shape input, Shape output, double p, Span span) implements Node {
        public long params() { return 0; }
    }

    /** [C,H,W] -> [C*H*W] in C-major order (same as PyTorch's flatten). */
    record Flatten(String path, Shape input, Shape output, Span span) implements Node {
        public long params() { return 0; }
    }

    /**
     * Fully connected: y = W x + b, W [units, inFeatures]. The input is always a vector here: an
     * image input with H = W = 1 gets an explicit {@link Flatten} inserted before it.
     */
    record Dense(String path, Shape input, Shape output, int inFeatures, int units, boolean bias, long params, Span span)
            implements Node {}

    /** Children applied in order. */
    record Sequence(String path, Shape input, Shape output, List<Node> nodes, long params, Span span) implements Node {
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
                    long params, Span span) implements Node {}

    /**
     * A statevector stage: input [F], output as given by its {@link QuantumOp.Measure}.
     * {@code params} == {@code circuitParams}: the stage's trainable angles, initialised
     * uniformly in [0, 2pi) by convention.
     */
    record QuantumStage(String path, Shape input, Shape output, int qubits, List<QuantumOp> ops, int circuitParams,
                        Span span) implements Node {
        public QuantumStage {
            ops = List.copyOf(ops);
        }

        public long params() { return circuitParams; }
    }
}
