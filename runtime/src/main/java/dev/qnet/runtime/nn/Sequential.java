package dev.qnet.runtime.nn;

import java.util.ArrayList;
import java.util.List;
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

    public Sequential(List<Layer> layers) {
        this(layers, "sequential");
    }

    public Sequential(List<Layer> layers, String name) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("sequential: needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        this.name = name;
    }

    public List<Layer> layers() {
        return layers;
    }

    /**
     * Inside a step ({@link BufferPool} active) the output of layer i is read only by layer i + 1
     * (and by layer i's backward when {@link Layer#backwardReadsOutput}), so: layer i + 1 may
     * overwrite it in place when no backward reads it, and in evaluation it is released as soon
     * as layer i + 1 has run. The first layer never overwrites this sequence's input (the
     * caller's, e.g. shared with a residual shortcut).
     */
    @Override
    public INDArray forward(INDArray input, boolean training) {
        boolean pool = BufferPool.active();
        INDArray[] outs = new INDArray[layers.size()];
        var x = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            // (never over this sequence's input, which a layer such as dropout in evaluation passes on)
            boolean inputDead = pool && i > 0 && (!training || !layers.get(i - 1).backwardReadsOutput())
                    && !BufferPool.sameBuffer(x, input);
            x = inputDead ? l.forwardOverwriting(x, training) : l.forward(x, training);
            outs[i] = x;
            if (pool && !training && i > 0 && !BufferPool.sameBuffer(outs[i - 1], x)
                    && !BufferPool.sameBuffer(outs[i - 1], input)) {
                BufferPool.release(outs[i - 1]);
            }
        }
        lastInput = training && pool ? input : null;
        lastOutputs = training && pool ? outs : null;
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
     * overwrite this sequence's {@code gradOutput} only when the caller allows it.
     */
    private INDArray backward(INDArray gradOutput, boolean mayOverwrite) {
        INDArray[] outs = lastOutputs;
        int n = layers.size();
        var g = gradOutput;
        for (int i = n - 1; i >= 0; i--) {
            boolean dead = outs != null && (i < n - 1 || mayOverwrite);
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
        lastInput = null;
        return g;
    }

    @Override
    public boolean backwardReadsOutput() {
        return layers.get(layers.size() - 1).backwardReadsOutput();
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
