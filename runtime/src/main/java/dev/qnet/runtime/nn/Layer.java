package dev.qnet.runtime.nn;

import java.util.List;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One node of an executable network: a differentiable function of a batch.
 *
 * <p>Execution is eager and layer by layer rather than a SameDiff graph: every layer calls the
 * ND4J (oneDNN) op for its forward pass and the matching "_bp" op for its backward pass, so there
 * is no graph-building overhead per step and a non-ND4J node (the quantum layer) is an ordinary
 * layer. The contract mirrors a tape with one entry per layer:
 *
 * <ol>
 *   <li>{@link #forward} computes the output and keeps what {@link #backward} will need;</li>
 *   <li>{@link #backward} receives dLoss/dOutput for the last forward call, <em>adds</em> the
 *       parameter gradients into {@link Parameter#grad()} and returns dLoss/dInput.</li>
 * </ol>
 *
 * Layers work in the data type of their parameters (FLOAT for training, DOUBLE for gradient
 * checks); inputs are expected in the same type.
 */
public interface Layer {

    /** Computes the output for a batch; {@code training} selects batch statistics, dropout, etc. */
    INDArray forward(INDArray input, boolean training);

    /** Back-propagates through the last {@link #forward} call; accumulates parameter gradients. */
    INDArray backward(INDArray gradOutput);

    /**
     * Whether {@link #backward} reads the array the last {@link #forward} returned (or that array
     * shares memory with one it reads). A layer answers false only when its output is a fresh
     * buffer it never reads again; its caller may then overwrite or free the output once the
     * output's other readers are done ({@link Sequential}, {@link Residual}). Default: true.
     */
    default boolean backwardReadsOutput() {
        return true;
    }

    /**
     * {@link #forward}, allowed to overwrite {@code input} with the output: the caller guarantees
     * that nothing reads {@code input} afterwards (a layer that uses this must not read its input
     * in {@link #backward}). Saves one feature map per in-place ReLU. Default: {@link #forward}.
     */
    default INDArray forwardOverwriting(INDArray input, boolean training) {
        return forward(input, training);
    }

    /**
     * {@link #backward}, allowed to overwrite {@code gradOutput} with the input gradient: the
     * caller guarantees that nothing reads {@code gradOutput} afterwards. Default: {@link #backward}.
     */
    default INDArray backwardOverwriting(INDArray gradOutput) {
        return backward(gradOutput);
    }

    /**
     * Whether {@link #forward} takes bfloat16 feature maps, the activations that convolutions
     * with {@code precision bf16} write. A layer that answers false is given a float32 copy by
     * {@link Sequential}, and a layer that answers true receives its output gradient in its
     * output's type; every layer returns its input gradient in its input's type. Default: false.
     */
    default boolean acceptsBfloat16() {
        return false;
    }

    /** Trainable parameters and non-trainable state (e.g. batch-norm running statistics), in a stable order. */
    List<Parameter> parameters();

    /** A short human-readable name for reports and errors, e.g. {@code conv3x3(64)}. */
    String name();

    /**
     * The layers this one is made of, in the order it runs them: a sequence's layers, a residual's
     * branch and shortcut. Default: none (a leaf).
     */
    default List<Layer> children() {
        return List.of();
    }

    /** {@code root} and every layer inside it, depth first, each before its children. */
    static Stream<Layer> walk(Layer root) {
        return Stream.concat(Stream.of(root), root.children().stream().flatMap(Layer::walk));
    }
}
