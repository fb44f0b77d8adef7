package dev.qnet.runtime.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code out = branch(x) + shortcut(x)}, the shortcut being the identity when null (a projection,
 * e.g. 1x1 convolution + batch norm, when shapes differ). Parameters are named "branch.*" and
 * "shortcut.*". An activation after the sum is a separate layer.
 */
public final class Residual implements Layer {

    private final Layer branch;
    private final Layer shortcut;

    public Residual(Layer branch, Layer shortcut) {
        this.branch = branch;
        this.shortcut = shortcut;
    }

    public Layer branch() {
        return branch;
    }

    /** The projection, or null for the identity. */
    public Layer shortcut() {
        return shortcut;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        INDArray b = branch.forward(input, training);
        INDArray s = shortcut == null ? input : shortcut.forward(input, training);
        if (!java.util.Arrays.equals(b.shape(), s.shape())) {
            throw new IllegalArgumentException("residual: branch output " + java.util.Arrays.toString(b.shape())
                    + " and shortcut output " + java.util.Arrays.toString(s.shape()) + " differ; add a projection");
        }
        // A new array rather than b.addi(s): the branch's last layer may keep its output for backward.
        return sum(b, s);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        INDArray gb = branch.backward(gradOutput);
        INDArray gs = shortcut == null ? gradOutput : shortcut.backward(gradOutput);
        return sum(gb, gs);
    }

    /** a + b in a new array, in NHWC memory when both are (see Dnnl). */
    private static INDArray sum(INDArray a, INDArray b) {
        INDArray out = Dnnl.like(a);
        INDArray[] v = Dnnl.storage(a, b, out);
        Nd4j.exec(new AddOp(v[0], v[1], v[2]));
        return out;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(Sequential.qualify("branch.", branch.parameters()));
        if (shortcut != null) {
            ps.addAll(Sequential.qualify("shortcut.", shortcut.parameters()));
        }
        return ps;
    }

    @Override
    public String name() {
        return "residual";
    }
}
