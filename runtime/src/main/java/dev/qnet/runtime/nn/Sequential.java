package dev.qnet.runtime.nn;

import dev.qnet.core.ActivationKind;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layers applied in order. Parameter names are qualified with the child's index ("3.weight",
 * "5.0.running_mean"), which is unique and stable as long as the architecture is the same; the
 * qualified {@link Parameter}s share their arrays with the children.
 */
public final class Sequential implements Layer {

    private final List<Layer> layers;
    private final String name;
    /** The last training forward's input and layer outputs, for the lifetimes in backward. */
    private INDArray lastInput;
    private INDArray[] lastOutputs;
    /** The type of each layer's output in the last forward: the type its gradient must have. */
    private DataType[] lastOutputTypes;
    /**
     * For each layer i, the last layer of a run "convolution, batch norm[, ReLU]" that starts at
     * i, else -1: an evaluation forward inside a step computes such a run as one convolution
     * ({@link Conv2d#forwardWithNorm}), and nothing reads the maps in between.
     */
    private final int[] normRunEnd;
    /**
     * For each layer i, whether it is a batch norm followed by a ReLU: a training forward computes
     * the pair as one oneDNN batch norm ({@link BatchNorm#forwardWithRelu}), and the backward
     * skips the ReLU, whose gradient the batch norm's backward applies.
     */
    private final boolean[] reluFollowsNorm;
    /** Which layers of the last training forward ran inside the layer before them (a fused ReLU). */
    private boolean[] lastFused;

    public Sequential(List<Layer> layers) {
        this(layers, "sequential");
    }

    public Sequential(List<Layer> layers, String name) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("sequential: needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        this.name = name;
        this.normRunEnd = new int[this.layers.size()];
        for (int i = 0; i < normRunEnd.length; i++) {
            boolean run = this.layers.get(i) instanceof Conv2d && i + 1 < normRunEnd.length
                    && this.layers.get(i + 1) instanceof BatchNorm2d;
            boolean relu = run && i + 2 < normRunEnd.length && isRelu(this.layers.get(i + 2));
            normRunEnd[i] = !run ? -1 : relu ? i + 2 : i + 1;
        }
        this.reluFollowsNorm = new boolean[this.layers.size()];
        for (int i = 0; i + 1 < reluFollowsNorm.length; i++) {
            reluFollowsNorm[i] = this.layers.get(i) instanceof BatchNorm2d && isRelu(this.layers.get(i + 1));
        }
    }

    /**
     * Whether a training forward runs layer {@code i}, a batch norm, and the ReLU after it as one
     * fused batch norm (when the input takes the oneDNN path).
     */
    public boolean fusesReluAfter(int i) {
        return reluFollowsNorm[i];
    }

    private static boolean isRelu(Layer l) {
        return l instanceof Activation a && a.kind() == ActivationKind.RELU;
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public List<Layer> children() {
        return layers;
    }

    /**
     * Inside a step ({@link BufferPool} active) the output of layer i is read only by layer i + 1
     * (and by layer i's backward when {@link Layer#backwardReadsOutput}), so: layer i + 1 may
     * overwrite it in place when no backward reads it, and in evaluation it is released as soon
     * as layer i + 1 has run. The first layer never overwrites this sequence's input (the
     * caller's, e.g. shared with a residual shortcut).
     *
     * <p>A bfloat16 feature map reaches a layer that does not {@link Layer#acceptsBfloat16 accept}
     * it as a float32 copy, which that layer owns.
     *
     * <p>In evaluation inside a step, a convolution followed by a batch norm (and a ReLU) runs as
     * one convolution that applies both as it writes ({@link #normRunEnd}); the layers of the run
     * all report its output.
     */
    @Override
    public INDArray forward(INDArray input, boolean training) {
        boolean pool = BufferPool.active();
        INDArray[] outs = new INDArray[layers.size()];
        DataType[] types = new DataType[layers.size()];
        boolean[] fused = new boolean[layers.size()];
        var x = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            INDArray in = x.dataType() == DataType.BFLOAT16 && !l.acceptsBfloat16() ? Dnnl.converted(x, DataType.FLOAT) : x;
            boolean copy = in != x;
            INDArray withRelu = training && reluFollowsNorm[i] && !copy ? ((BatchNorm) l).forwardWithRelu(in) : null;
            if (withRelu != null) {
                outs[i] = outs[i + 1] = withRelu;
                types[i] = types[i + 1] = withRelu.dataType();
                fused[i + 1] = true;
                x = withRelu;
                i++;
                continue;
            }
            int end = pool && !training ? normRunEnd[i] : -1;
            INDArray folded = end > i ? ((Conv2d) l).forwardWithNorm(in, (BatchNorm) layers.get(i + 1), end == i + 2)
                    : null;
            if (folded != null) {
                for (int k = i; k <= end; k++) {
                    outs[k] = folded;
                    types[k] = folded.dataType();
                }
                if (copy) {
                    BufferPool.release(in);
                }
                if (i > 0 && !BufferPool.sameBuffer(outs[i - 1], input)) {
                    BufferPool.release(outs[i - 1]);
                }
                x = folded;
                i = end;
                continue;
            }
            // (never over this sequence's input, which a layer such as dropout in evaluation passes on)
            boolean inputDead = pool && (copy || i > 0 && (!training || !layers.get(i - 1).backwardReadsOutput())
                    && !BufferPool.sameBuffer(x, input));
            x = inputDead ? l.forwardOverwriting(in, training) : l.forward(in, training);
            outs[i] = x;
            types[i] = x.dataType();
            if (pool && !training && copy && !BufferPool.sameBuffer(in, x)) {
                BufferPool.release(in); // the float32 copy, read
            }
            if (pool && !training && i > 0 && !BufferPool.sameBuffer(outs[i - 1], x)
                    && !BufferPool.sameBuffer(outs[i - 1], input)) {
                BufferPool.release(outs[i - 1]);
            }
        }
        lastInput = training && pool ? input : null;
        lastOutputs = training && pool ? outs : null;
        lastOutputTypes = training ? types : null;
        lastFused = training ? fused : null;
        return x;
    }

    /**
     * Inside a step, releases each gradient once the layer below has consumed it, and the output of
     * layer i after layer i's backward: its readers, layer i + 1 and layer i, are then done. An
     * output that shares memory with the one before it (in place, or a view such as flatten's) is
     * released with the earliest of them; this sequence's input and output belong to its caller.
     */
    @Override
    public INDArray backward(INDArray gradOutput) {
        return backward(gradOutput, false);
    }

    @Override
    public INDArray backwardOverwriting(INDArray gradOutput) {
        return backward(gradOutput, true);
    }

    /**
     * Inside a step the gradient handed to layer i < n - 1 is this sequence's own and dead after,
     * so the layer may overwrite it (batch norm and ReLU then compute in place); the last layer may
     * overwrite this sequence's {@code gradOutput} only when the caller allows it. A gradient whose
     * type differs from its layer's output (a float32 gradient from a layer that computed in
     * float32 above a bfloat16 one) is converted first.
     */
    private INDArray backward(INDArray gradOutput, boolean mayOverwrite) {
        INDArray[] outs = lastOutputs;
        DataType[] types = lastOutputTypes;
        boolean[] fused = lastFused;
        int n = layers.size();
        var g = gradOutput;
        for (int i = n - 1; i >= 0; i--) {
            if (fused != null && fused[i]) {
                continue; // a ReLU that ran inside the batch norm below: its backward applies the mask
            }
            // Whether g is still this sequence's gradOutput (only a fused ReLU above passed it on).
            boolean callers = i == n - 1 || i == n - 2 && fused != null && fused[n - 1];
            boolean converted = false;
            if (types != null && g.dataType() != types[i] && layers.get(i).acceptsBfloat16()) {
                INDArray c = Dnnl.converted(g, types[i]);
                if (outs != null && !BufferPool.sameBuffer(g, gradOutput)) {
                    BufferPool.release(g);
                }
                g = c;
                converted = true;
            }
            boolean dead = outs != null && (!callers || mayOverwrite || converted);
            INDArray gi = dead ? layers.get(i).backwardOverwriting(g) : layers.get(i).backward(g);
            if (outs != null) {
                if (!BufferPool.sameBuffer(g, gradOutput) && !BufferPool.sameBuffer(g, gi)) {
                    BufferPool.release(g);
                }
                INDArray o = outs[i];
                if (i < n - 1 && !BufferPool.sameBuffer(o, outs[n - 1]) && !BufferPool.sameBuffer(o, lastInput)
                        && (i == 0 || !BufferPool.sameBuffer(outs[i - 1], o))) {
                    BufferPool.release(o);
                }
            }
            g = gi;
        }
        lastOutputs = null;
        lastOutputTypes = null;
        lastFused = null;
        lastInput = null;
        return g;
    }

    @Override
    public boolean backwardReadsOutput() {
        return layers.get(layers.size() - 1).backwardReadsOutput();
    }

    /** Each layer gets the type it accepts (see {@link #forward}). */
    @Override
    public boolean acceptsBfloat16() {
        return true;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            ps.addAll(qualify(i + ".", layers.get(i).parameters()));
        }
        return ps;
    }

    static List<Parameter> qualify(String prefix, List<Parameter> children) {
        List<Parameter> ps = new ArrayList<>(children.size());
        for (Parameter p : children) {
            ps.add(new Parameter(prefix + p.name(), p.value(), p.grad()));
        }
        return ps;
    }

    @Override
    public String name() {
        return name;
    }
}
