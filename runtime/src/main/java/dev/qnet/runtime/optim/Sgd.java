package dev.qnet.runtime.optim;

import dev.qnet.runtime.nn.Parameter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SGD with optional momentum, Nesterov and L2 weight decay, as {@code torch.optim.SGD}
 * (dampening 0): {@code g += wd w; b = mu b + g; d = nesterov ? g + mu b : b; w -= lr d}.
 * All updates are in place (BLAS axpy), without temporaries.
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
        Level1 blas = Nd4j.getBlasWrapper().level1();
        for (Parameter p : parameters) {
            if (!p.isTrainable()) {
                continue;
            }
            INDArray w = p.value();
            INDArray g = p.grad();
            long n = g.length();
            if (weightDecay != 0) {
                blas.axpy(n, weightDecay, w, g);
            }
            if (momentum == 0) {
                blas.axpy(n, -lr, g, w);
                continue;
            }
            INDArray b = buffers.get(p.name());
            if (b == null) {
                // PyTorch initialises the buffer with the first gradient.
                buffers.put(p.name(), g.dup());
                b = buffers.get(p.name());
            } else {
                b.muli(momentum).addi(g);
            }
            if (nesterov) {
                blas.axpy(n, -lr, g, w);
                blas.axpy(n, -lr * momentum, b, w);
            } else {
                blas.axpy(n, -lr, b, w);
            }
        }
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
