package dev.qnet.runtime.optim;

import dev.qnet.runtime.nn.Parameter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Adam and AdamW with PyTorch's semantics ({@code torch.optim.Adam} / {@code AdamW}):
 * <pre>
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   w -= lr / (1 - b1^t) * m / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 * Adam adds {@code weightDecay * w} to the gradient (L2); AdamW multiplies w by
 * {@code 1 - lr * weightDecay} before the step (decoupled).
 *
 * <p>The moments and the update are computed by libnd4j's fused {@code adam_updater} op (one pass
 * over the buffers instead of about ten element-wise ops for a 23M-parameter network). That op
 * puts eps outside the bias correction of v; passing {@code eps * sqrt(1 - b2^t)} makes it equal
 * to PyTorch's formula exactly.
 */
public final class Adam implements Optimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final Map<String, INDArray> m = new HashMap<>();
    private final Map<String, INDArray> v = new HashMap<>();
    /**
     * The update of one parameter at a time: one buffer of the largest parameter's size, reused
     * (its prefix, shaped like the parameter), rather than a third copy of the whole network.
     */
    private INDArray scratch;
    private long steps;

    public Adam(double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("adam: need 0 <= beta1, beta2 < 1, eps > 0, weight decay >= 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public static Adam adam(double weightDecay) {
        return new Adam(0.9, 0.999, 1e-8, weightDecay, false);
    }

    /** AdamW with PyTorch's defaults (pass 0.01 for PyTorch's default weight decay). */
    public static Adam adamW(double weightDecay) {
        return new Adam(0.9, 0.999, 1e-8, weightDecay, true);
    }

    private String kind() {
        return decoupled ? "adamw" : "adam";
    }

    @Override
    public void update(List<Parameter> parameters, double lr) {
        steps++;
        double bias2 = 1 - Math.pow(beta2, steps);
        double epsHat = eps * Math.sqrt(bias2);
        for (Parameter p : parameters) {
            if (!p.isTrainable()) {
                continue;
            }
            INDArray w = p.value();
            INDArray g = p.grad();
            if (weightDecay != 0) {
                if (decoupled) {
                    w.muli(1 - lr * weightDecay);
                } else {
                    Nd4j.getBlasWrapper().level1().axpy(g.length(), weightDecay, w, g);
                }
            }
            INDArray mp = m.computeIfAbsent(p.name(), k -> w.ulike());
            INDArray vp = v.computeIfAbsent(p.name(), k -> w.ulike());
            INDArray u = scratchFor(w);
            Nd4j.exec(DynamicCustomOp.builder("adam_updater")
                    .addInputs(g, vp, mp)
                    .addOutputs(u, vp, mp)
                    .addFloatingPointArguments(lr, beta1, beta2, epsHat)
                    .addIntegerArguments((int) (steps - 1)) // the op's iteration counts from 0
                    .build());
            w.subi(u);
        }
    }

    private INDArray scratchFor(INDArray w) {
        if (scratch == null || scratch.length() < w.length() || scratch.dataType() != w.dataType()) {
            scratch = Nd4j.create(w.dataType(), w.length());
        }
        return scratch.get(NDArrayIndex.interval(0, w.length())).reshape('c', w.shape());
    }

    @Override
    public OptimizerState state() {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        m.forEach((k, a) -> arrays.put(k + "#m", a.dup()));
        v.forEach((k, a) -> arrays.put(k + "#v", a.dup()));
        return new OptimizerState(kind(), steps, arrays);
    }

    @Override
    public void restore(OptimizerState state) {
        if (!state.kind().equals(kind())) {
            throw new IllegalArgumentException("optimizer state is for " + state.kind() + ", not " + kind());
        }
        m.clear();
        v.clear();
        state.arrays().forEach((k, a) -> {
            String name = k.substring(0, k.lastIndexOf('#'));
            (k.endsWith("#m") ? m : v).put(name, a.dup());
        });
        steps = state.steps();
    }
}
