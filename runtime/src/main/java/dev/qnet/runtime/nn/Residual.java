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
    /** bfloat16 sums through oneDNN (see DnnlAdd). */
    private final DnnlAdd.Cache add = new DnnlAdd.Cache();

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
    public List<Layer> children() {
        return shortcut == null ? List.of(branch) : List.of(branch, shortcut);
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        INDArray b = branch.forward(input, training);
        INDArray s = shortcut == null ? input : shortcut.forward(input, training);
        // A float32 input with a bfloat16 branch (the first convolution of a bf16 network): the
        // identity is summed in the branch's type.
        s = Dnnl.converted(s, b.dataType());
        if (!java.util.Arrays.equals(b.shape(), s.shape())) {
            throw new IllegalArgumentException("residual: branch output " + java.util.Arrays.toString(b.shape())
                    + " and shortcut output " + java.util.Arrays.toString(s.shape()) + " differ; add a projection");
        }
        // Inside a step the sum goes into b when the branch's backward does not read b (a batch
        // norm's output), and a projection's output is dead after it; otherwise a new array.
        if (BufferPool.active() && !branch.backwardReadsOutput() && !BufferPool.sameBuffer(b, input)
                && !BufferPool.sameBuffer(b, s)) {
            addInto(b, s);
            if (shortcut != null && !shortcut.backwardReadsOutput() && !BufferPool.sameBuffer(s, input)) {
                BufferPool.release(s);
            }
            return b;
        }
        return sum(b, s);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        return backward(gradOutput, false);
    }

    /** The shortcut, the last reader of {@code gradOutput}, may then overwrite it. */
    @Override
    public INDArray backwardOverwriting(INDArray gradOutput) {
        return backward(gradOutput, true);
    }

    private INDArray backward(INDArray gradOutput, boolean mayOverwrite) {
        INDArray gb = branch.backward(gradOutput);
        INDArray gs = shortcut == null ? gradOutput
                : mayOverwrite ? shortcut.backwardOverwriting(gradOutput) : shortcut.backward(gradOutput);
        gs = Dnnl.converted(gs, gb.dataType()); // (the forward's conversion of the identity, backwards)
        // Inside a step the branch's gradient is this layer's own fresh array: add into it.
        if (BufferPool.active() && !BufferPool.sameBuffer(gb, gradOutput) && !BufferPool.sameBuffer(gb, gs)) {
            addInto(gb, gs);
            if (shortcut != null && !BufferPool.sameBuffer(gs, gradOutput)) {
                BufferPool.release(gs);
            }
            return gb;
        }
        return sum(gb, gs);
    }

    @Override
    public boolean backwardReadsOutput() {
        return false;
    }

    /** The branch and shortcut are sequences, which give each layer the type it accepts. */
    @Override
    public boolean acceptsBfloat16() {
        return true;
    }

    /** a + b in a new array, in NHWC memory when both are (see Dnnl). */
    private INDArray sum(INDArray a, INDArray b) {
        INDArray out = Dnnl.like(a);
        if (DnnlAdd.Cache.handles(a, b)) {
            add.of(a).apply(a, b, out);
            return out;
        }
        INDArray[] v = Dnnl.storage(a, b, out);
        Nd4j.exec(new AddOp(v[0], v[1], v[2]));
        return out;
    }

    /** a += b, on the NHWC storage when both have it. */
    private void addInto(INDArray a, INDArray b) {
        if (DnnlAdd.Cache.handles(a, b)) {
            add.of(a).apply(a, b, a);
            return;
        }
        INDArray[] v = Dnnl.storage(a, b);
        Nd4j.exec(new AddOp(v[0], v[1], v[0]));
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
