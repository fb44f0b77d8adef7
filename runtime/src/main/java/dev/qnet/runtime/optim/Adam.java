package dev.qnet.runtime.optim;

import dev.qnet.runtime.nn.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam and AdamW with PyTorch's semantics ({@code torch.optim.Adam} / {@code AdamW}):
 * <pre>
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   w -= lr / (1 - b1^t) * m / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 * Adam adds {@code weightDecay * w} to the gradient (L2); AdamW multiplies w by
 * {@code 1 - lr * weightDecay} before the step (decoupled).
 *
 * <p>The update is one fused pass over each parameter's weights, gradient and moments
 * ({@link ParameterPass}), with the formula multiplied through by {@code sqrt(1 - b2^t)}:
 * <pre>
 *   w -= (lr sqrt(1 - b2^t) / (1 - b1^t)) m / (sqrt(v) + eps sqrt(1 - b2^t))
 * </pre>
 * which is PyTorch's update exactly (the form libnd4j's {@code adam_updater} used before).
 */
public final class Adam implements Optimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final Map<String, INDArray> m = new HashMap<>();
    private final Map<String, INDArray> v = new HashMap<>();
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
        double bias1 = 1 - Math.pow(beta1, steps);
        double bias2 = 1 - Math.pow(beta2, steps);
        double stepSize = lr * Math.sqrt(bias2) / bias1;
        double epsHat = eps * Math.sqrt(bias2);
        double l2 = decoupled ? 0 : weightDecay;           // Adam: g + wd w
        double keep = decoupled ? 1 - lr * weightDecay : 1; // AdamW: w (1 - lr wd) before the step
        List<INDArray[]> operands = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.isTrainable()) {
                INDArray w = p.value();
                // like(), not ulike(): the moments must start at zero
                operands.add(new INDArray[] {w, m.computeIfAbsent(p.name(), k -> w.like()),
                        v.computeIfAbsent(p.name(), k -> w.like()), p.grad()});
            }
        }
        float b1 = (float) beta1;
        float c1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float c2 = (float) (1 - beta2);
        float s = (float) stepSize;
        float e = (float) epsHat;
        float wd = (float) l2;
        float k = (float) keep;
        ParameterPass.run(operands, 3, (chunk, n) -> {
            float[] w = chunk[0];
            float[] mm = chunk[1];
            float[] vv = chunk[2];
            float[] g = chunk[3];
            for (int i = 0; i < n; i++) {
                float gi = g[i] + wd * w[i];
                float mi = b1 * mm[i] + gi * c1;
                float vi = b2 * vv[i] + gi * gi * c2;
                mm[i] = mi;
                vv[i] = vi;
                w[i] = k * w[i] - mi * s / ((float) Math.sqrt(vi) + e);
            }
        }, (chunk, n) -> {
            double[] w = chunk[0];
            double[] mm = chunk[1];
            double[] vv = chunk[2];
            double[] g = chunk[3];
            for (int i = 0; i < n; i++) {
                double gi = g[i] + l2 * w[i];
                double mi = beta1 * mm[i] + gi * (1 - beta1);
                double vi = beta2 * vv[i] + gi * gi * (1 - beta2);
                mm[i] = mi;
                vv[i] = vi;
                w[i] = keep * w[i] - mi * stepSize / (Math.sqrt(vi) + epsHat);
            }
        });
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
