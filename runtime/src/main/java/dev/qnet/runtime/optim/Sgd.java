package dev.qnet.runtime.optim;

import dev.qnet.runtime.nn.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SGD with optional momentum, Nesterov and L2 weight decay, as {@code torch.optim.SGD}
 * (dampening 0): {@code g += wd w; b = mu b + g; d = nesterov ? g + mu b : b; w -= lr d}.
 * The update is one fused pass over each parameter's weights, gradient and momentum buffer
 * ({@link ParameterPass}); the gradient array is read, not modified.
 */
public final class Sgd implements Optimizer {

    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final Map<String, INDArray> buffers = new HashMap<>();
    private long steps;

    public Sgd(double momentum, boolean nesterov, double weightDecay) {
        if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("sgd: need 0 <= momentum < 1 and weight decay >= 0");
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("sgd: nesterov needs a positive momentum");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public void update(List<Parameter> parameters, double lr) {
        steps++;
        List<INDArray[]> plain = new ArrayList<>();    // no momentum: {w, g}
        List<INDArray[]> withMomentum = new ArrayList<>(); // {w, b, g}
        for (Parameter p : parameters) {
            if (!p.isTrainable()) {
                continue;
            }
            if (momentum == 0) {
                plain.add(new INDArray[] {p.value(), p.grad()});
                continue;
            }
            // PyTorch starts the buffer at the first gradient: mu 0 + g is exactly g
            INDArray b = buffers.computeIfAbsent(p.name(), k -> p.value().like());
            withMomentum.add(new INDArray[] {p.value(), b, p.grad()});
        }
        float wd = (float) weightDecay;
        float mu = (float) momentum;
        float rate = (float) lr;
        double mu64 = momentum;
        double wd64 = weightDecay;
        ParameterPass.run(plain, 1, (c, n) -> {
            float[] w = c[0];
            float[] g = c[1];
            for (int i = 0; i < n; i++) {
                w[i] -= rate * (g[i] + wd * w[i]);
            }
        }, (c, n) -> {
            double[] w = c[0];
            double[] g = c[1];
            for (int i = 0; i < n; i++) {
                w[i] -= lr * (g[i] + wd64 * w[i]);
            }
        });
        ParameterPass.run(withMomentum, 2, (c, n) -> {
            float[] w = c[0];
            float[] b = c[1];
            float[] g = c[2];
            for (int i = 0; i < n; i++) {
                float gi = g[i] + wd * w[i];
                float bi = mu * b[i] + gi;
                b[i] = bi;
                w[i] -= rate * (nesterov ? gi + mu * bi : bi);
            }
        }, (c, n) -> {
            double[] w = c[0];
            double[] b = c[1];
            double[] g = c[2];
            for (int i = 0; i < n; i++) {
                double gi = g[i] + wd64 * w[i];
                double bi = mu64 * b[i] + gi;
                b[i] = bi;
                w[i] -= lr * (nesterov ? gi + mu64 * bi : bi);
            }
        });
    }

    @Override
    public OptimizerState state() {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        buffers.forEach((k, a) -> arrays.put(k + "#momentum", a.dup()));
        return new OptimizerState("sgd", steps, arrays);
    }

    @Override
    public void restore(OptimizerState state) {
        if (!state.kind().equals("sgd")) {
            throw new IllegalArgumentException("optimizer state is for " + state.kind() + ", not sgd");
        }
        buffers.clear();
        state.arrays().forEach((k, a) -> buffers.put(k.substring(0, k.lastIndexOf('#')), a.dup()));
        steps = state.steps();
    }
}
