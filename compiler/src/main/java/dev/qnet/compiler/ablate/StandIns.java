package dev.qnet.compiler.ablate;

import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.QuantumOp;
import dev.qnet.compiler.ir.Shape;
import dev.qnet.core.ActivationKind;
import dev.qnet.core.Measurement;
import java.util.List;

/**
 * The classical stand-ins of the quantum nodes: the one place that states the rules.
 *
 * <p><b>Quantum stage</b> [F] -> [M] with P trainable circuit angles: a classical block with the same
 * input and output shape whose output lies in the range of the measurement (tanh for ⟨Z⟩ and ZZ,
 * which lie in [-1, 1]; softmax for probabilities, which sum to 1). Its size is matched to P by
 * taking, of these shapes, the one whose count is nearest to P (the first listed on a tie):
 * <ul>
 *   <li>no hidden layer: {@code dense(M) out}, {@code F*M + M} parameters;</li>
 *   <li>one hidden layer, {@code dense(h) tanh dense(M) out}: {@code h(F + M + 1) + M} parameters,
 *       with {@code h = round((P - M) / (F + M + 1))}, at least 1;</li>
 *   <li>the same with a hidden layer without bias: {@code h(F + M) + M}, with
 *       {@code h = round((P - M) / (F + M))}, at least 1 (a step of F + M instead of F + M + 1,
 *       so one of the two often lands within 10% where the other does not).</li>
 * </ul>
 * The count is within 10% of P whenever one of these shapes allows it;
 * {@link StageStandIn#withinTolerance} says whether it is, and {@code check} prints the mismatch
 * when not (a stage with very few angles and a wide input cannot be matched by any dense layer).
 *
 * <p><b>Quanvolution</b> k x k, stride s, [C, H, W] -> [C*k*k, H', W']: a classical convolution of the
 * same kernel, stride and output channels, no padding, grouped per input channel (groups = C, as
 * the quanvolution filters each channel on its own) with bias, then tanh (⟨Z⟩ lies in [-1, 1]).
 * It has {@code C*k*k * (k*k + 1)} trainable parameters where a random quanvolution has none: the
 * stand-in is a learned filter in its place, not a parameter-matched one.
 */
public final class StandIns {

    /** The tolerance of the parameter match of a stage's stand-in, relative to the stage's count. */
    public static final double TOLERANCE = 0.10;

    private StandIns() {
    }

    /**
     * A stage's stand-in: {@code hidden == 0} for the single dense layer.
     *
     * @param hiddenBias whether the hidden layer has a bias
     * @param target     the stage's trainable circuit parameters
     */
    public record StageStandIn(int in, int hidden, boolean hiddenBias, int out, ActivationKind outActivation, long target) {
        public long params() {
            return hidden == 0 ? (long) in * out + out : hiddenParams() + (long) hidden * out + out;
        }

        /** Parameters of the hidden layer alone. */
        long hiddenParams() {
            return (long) hidden * in + (hiddenBias ? hidden : 0);
        }

        public boolean withinTolerance() {
            return Math.abs(params() - target) <= TOLERANCE * target;
        }

        /** "dense(5) tanh dense(2) tanh, 57 parameters (stage: 57)". */
        public String describe() {
            String act = outActivation.keyword();
            return (hidden == 0 ? "" : "dense(" + hidden + (hiddenBias ? "" : ", bias: false") + ") tanh ") + "dense(" + out
                    + ") " + act + ", " + params()
                    + " parameters (stage: " + target + (withinTolerance() ? "" : ", not within 10%") + ")";
        }
    }

    /** The size rule above for a stage [in] -> [out] with {@code target} trainable angles. */
    public static StageStandIn stage(int in, int out, ActivationKind outActivation, long target) {
        long h = Math.max(1, Math.round((double) (target - out) / (in + out + 1)));
        long hNoBias = Math.max(1, Math.round((double) (target - out) / (in + out)));
        List<StageStandIn> shapes = List.of(
                new StageStandIn(in, 0, true, out, outActivation, target),
                new StageStandIn(in, (int) Math.min(h, Integer.MAX_VALUE), true, out, outActivation, target),
                new StageStandIn(in, (int) Math.min(hNoBias, Integer.MAX_VALUE), false, out, outActivation, target));
        StageStandIn best = shapes.get(0);
        for (StageStandIn s : shapes) {
            if (Math.abs(s.params() - target) < Math.abs(best.params() - target)) {
                best = s;
            }
        }
        return best;
    }

    /** The size rule applied to a stage. */
    static StageStandIn sizeOf(Node.QuantumStage q) {
        return stage(q.input().dims().get(0), q.output().dims().get(0), outActivation(q), q.circuitParams());
    }

    /** The stand-in of a quantum stage as IR: a sequence at the stage's path, so names stay stable. */
    static Node.Sequence stage(Node.QuantumStage q) {
        StageStandIn s = sizeOf(q);
        String p = q.path();
        Shape in = q.input();
        Shape out = q.output();
        List<Node> nodes;
        if (s.hidden() == 0) {
            nodes = List.of(new Node.Dense(p + ".dense0", in, out, s.in(), s.out(), true, s.params(), q.span()),
                    new Node.Activation(p + "." + s.outActivation().keyword() + "1", out, out, s.outActivation(), q.span()));
        } else {
            Shape mid = Shape.vector(s.hidden());
            long first = s.hiddenParams();
            nodes = List.of(new Node.Dense(p + ".dense0", in, mid, s.in(), s.hidden(), s.hiddenBias(), first, q.span()),
                    new Node.Activation(p + ".tanh1", mid, mid, ActivationKind.TANH, q.span()),
                    new Node.Dense(p + ".dense2", mid, out, s.hidden(), s.out(), true, s.params() - first, q.span()),
                    new Node.Activation(p + "." + s.outActivation().keyword() + "3", out, out, s.outActivation(), q.span()));
        }
        return new Node.Sequence(p, in, out, nodes, s.params(), q.span());
    }

    /** The range of a stage's output: probabilities sum to one, expectation values lie in [-1, 1]. */
    static ActivationKind outActivation(Node.QuantumStage q) {
        for (QuantumOp op : q.ops()) {
            if (op instanceof QuantumOp.Measure m && m.kind() == Measurement.PROBS) {
                return ActivationKind.SOFTMAX;
            }
        }
        return ActivationKind.TANH;
    }

    /** Trainable parameters of a quanvolution's conv stand-in. */
    public static long quanvolutionParams(int inChannels, int kernel) {
        long outChannels = (long) inChannels * kernel * kernel;
        return outChannels * kernel * kernel + outChannels;
    }

    /** The stand-in of a quanvolution as IR: conv then tanh, a sequence at the quanvolution's path. */
    static Node.Sequence quanvolution(Node.Quanvolution q) {
        int c = q.input().channels();
        int k = q.kernel();
        String p = q.path();
        long params = quanvolutionParams(c, k);
        List<Node> nodes = List.of(
                new Node.Conv(p + ".conv0", q.input(), q.output(), c, c * k * k, k, q.stride(), 0, c, true, params, q.span()),
                new Node.Activation(p + ".tanh1", q.output(), q.output(), ActivationKind.TANH, q.span()));
        return new Node.Sequence(p, q.input(), q.output(), nodes, params, q.span());
    }
}
