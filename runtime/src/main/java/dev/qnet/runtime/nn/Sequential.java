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

    @Override
    public INDArray forward(INDArray input, boolean training) {
        var x = input;
        for (Layer l : layers) {
            x = l.forward(x, training);
        }
        return x;
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        var g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
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
