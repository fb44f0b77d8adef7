package dev.qnet.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import dev.qnet.runtime.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Optimizer steps against values computed by hand from PyTorch's update rules (Python floats;
 * the third coordinate has gradients far below eps, which pins down where eps enters).
 */
class OptimizerTest {

    private static final double[][] GRADS = {{0.5, 0.1, -3e-9}, {-0.2, 0.4, 1e-9}};

    private static double[] run(Optimizer opt, double lr) {
        Parameter p = Parameter.trainable("w", Nd4j.create(new double[] {1, -2, 0.5}, new long[] {3}, DataType.DOUBLE));
        Parameter state = Parameter.state("s", Nd4j.ones(DataType.DOUBLE, 2));
        for (double[] g : GRADS) {
            p.grad().assign(Nd4j.create(g, new long[] {3}, DataType.DOUBLE));
            opt.step(List.of(p, state), lr);
        }
        assertArrayEquals(new double[] {1, 1}, state.value().toDoubleVector(), 0); // state is never updated
        return p.value().toDoubleVector();
    }

    @Test
    void adamMatchesPyTorchRule() {
        assertArrayEquals(new double[] {0.8654394181165108, -2.188437636024883, 0.5303894810501036},
                run(Adam.adam(0), 0.1), 1e-12);
    }

    @Test
    void adamWithL2WeightDecay() {
        assertArrayEquals(new double[] {0.8475190629593703, -1.9383950852503757, 0.3011874603443398},
                run(Adam.adam(0.1), 0.1), 1e-12);
    }

    @Test
    void adamWDecouplesWeightDecay() {
        assertArrayEquals(new double[] {0.8465394180965108, -2.147637636124883, 0.5202087118193344},
                run(Adam.adamW(0.1), 0.1), 1e-12);
    }

    @Test
    void sgdMomentumAndNesterov() {
        assertArrayEquals(new double[] {0.925, -2.059, 0.50000000047}, run(new Sgd(0.9, false, 0), 0.1), 1e-12);
        assertArrayEquals(new double[] {0.89807411, -2.09385112, 0.497696805621917}, run(new Sgd(0.9, true, 0.01), 0.1), 1e-12);
    }

    @Test
    void floatAdamAgreesWithDouble() {
        Parameter p = Parameter.trainable("w", Nd4j.create(new float[] {1, -2, 0.5f}, new long[] {3}, DataType.FLOAT));
        Adam adam = Adam.adam(0);
        for (double[] g : GRADS) {
            p.grad().assign(Nd4j.create(g, new long[] {3}, DataType.DOUBLE).castTo(DataType.FLOAT));
            adam.step(List.of(p), 0.1);
        }
        assertArrayEquals(new double[] {0.8654394181165108, -2.188437636024883, 0.5303894810501036},
                p.value().castTo(DataType.DOUBLE).toDoubleVector(), 1e-6);
    }

    /**
     * The fused pass against PyTorch's Adam written out in double, textbook form (bias-corrected
     * moments, eps added to sqrt(v hat)): three float parameters, one above the size at which the
     * pass splits across threads and none a multiple of its chunk, over six steps with gradients
     * that span seven orders of magnitude; the moments are compared too.
     */
    @Test
    void fusedAdamMatchesTheFormulaInDouble() {
        for (int variant = 0; variant < 3; variant++) {
            double wd = variant == 0 ? 0 : 0.05;
            boolean decoupled = variant == 2;
            double b1 = 0.9;
            double b2 = 0.999;
            double eps = 1e-8;
            double lr = 3e-3;
            Random rng = new Random(11 + variant);
            int[] sizes = {70_001, 2_049, 5};
            List<Parameter> params = new ArrayList<>();
            double[][] w = new double[sizes.length][];
            double[][] m = new double[sizes.length][];
            double[][] v = new double[sizes.length][];
            double[][] mScale = new double[sizes.length][]; // m's recurrence on |g|: the size of its rounding
            for (int p = 0; p < sizes.length; p++) {
                w[p] = new double[sizes[p]];
                for (int i = 0; i < sizes[p]; i++) {
                    w[p][i] = (float) rng.nextGaussian(); // representable in float
                }
                m[p] = new double[sizes[p]];
                v[p] = new double[sizes[p]];
                mScale[p] = new double[sizes[p]];
                params.add(Parameter.trainable("p" + p,
                        Nd4j.create(w[p], new long[] {sizes[p]}, DataType.DOUBLE).castTo(DataType.FLOAT)));
            }
            Adam adam = new Adam(b1, b2, eps, wd, decoupled);
            for (int t = 1; t <= 6; t++) {
                for (int p = 0; p < sizes.length; p++) {
                    double[] g = new double[sizes[p]];
                    for (int i = 0; i < g.length; i++) {
                        g[i] = (float) (rng.nextGaussian() * Math.pow(10, -rng.nextInt(8)));
                    }
                    params.get(p).grad().assign(Nd4j.create(g, new long[] {g.length}, DataType.DOUBLE).castTo(DataType.FLOAT));
                    for (int i = 0; i < g.length; i++) {
                        double gi = decoupled ? g[i] : g[i] + wd * w[p][i];
                        if (decoupled) {
                            w[p][i] *= 1 - lr * wd;
                        }
                        m[p][i] = b1 * m[p][i] + (1 - b1) * gi;
                        v[p][i] = b2 * v[p][i] + (1 - b2) * gi * gi;
                        mScale[p][i] = b1 * mScale[p][i] + (1 - b1) * Math.abs(gi);
                        double mHat = m[p][i] / (1 - Math.pow(b1, t));
                        double vHat = v[p][i] / (1 - Math.pow(b2, t));
                        w[p][i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                    }
                }
                adam.step(params, lr);
            }
            OptimizerState state = adam.state();
            for (int p = 0; p < sizes.length; p++) {
                double[] got = params.get(p).value().castTo(DataType.DOUBLE).toDoubleVector();
                double[] gotM = state.arrays().get("p" + p + "#m").castTo(DataType.DOUBLE).toDoubleVector();
                double[] gotV = state.arrays().get("p" + p + "#v").castTo(DataType.DOUBLE).toDoubleVector();
                for (int i = 0; i < got.length; i++) {
                    String at = "variant " + variant + ", parameter " + p + ", element " + i;
                    assertEquals(w[p][i], got[i], 2e-6 * Math.max(1, Math.abs(w[p][i])), at);
                    assertEquals(m[p][i], gotM[i], 1e-6 * mScale[p][i], at);
                    assertEquals(v[p][i], gotV[i], 1e-5 * v[p][i], at);
                }
            }
        }
    }

    /** The fused SGD pass (plain, momentum, Nesterov; L2) on float parameters against torch.optim.SGD's rule in double. */
    @Test
    void fusedSgdMatchesTheFormulaInDouble() {
        double[][] cases = {{0, 0, 0.01}, {0.9, 0, 0}, {0.9, 1, 0.01}}; // momentum, nesterov, weight decay
        for (double[] cs : cases) {
            double mu = cs[0];
            boolean nesterov = cs[1] == 1;
            double wd = cs[2];
            double lr = 0.05;
            Random rng = new Random(5);
            int[] sizes = {70_001, 5};
            List<Parameter> params = new ArrayList<>();
            double[][] w = new double[sizes.length][];
            double[][] b = new double[sizes.length][];
            for (int p = 0; p < sizes.length; p++) {
                w[p] = new double[sizes[p]];
                for (int i = 0; i < sizes[p]; i++) {
                    w[p][i] = (float) rng.nextGaussian();
                }
                b[p] = new double[sizes[p]];
                params.add(Parameter.trainable("p" + p,
                        Nd4j.create(w[p], new long[] {sizes[p]}, DataType.DOUBLE).castTo(DataType.FLOAT)));
            }
            Sgd sgd = new Sgd(mu, nesterov, wd);
            for (int t = 1; t <= 4; t++) {
                for (int p = 0; p < sizes.length; p++) {
                    double[] g = new double[sizes[p]];
                    for (int i = 0; i < g.length; i++) {
                        g[i] = (float) rng.nextGaussian();
                    }
                    params.get(p).grad().assign(Nd4j.create(g, new long[] {g.length}, DataType.DOUBLE).castTo(DataType.FLOAT));
                    for (int i = 0; i < g.length; i++) {
                        double gi = g[i] + wd * w[p][i];
                        b[p][i] = t == 1 ? gi : mu * b[p][i] + gi;
                        double d = mu == 0 ? gi : nesterov ? gi + mu * b[p][i] : b[p][i];
                        w[p][i] -= lr * d;
                    }
                }
                sgd.step(params, lr);
            }
            for (int p = 0; p < sizes.length; p++) {
                double[] got = params.get(p).value().castTo(DataType.DOUBLE).toDoubleVector();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(w[p][i], got[i], 1e-6 * Math.max(1, Math.abs(w[p][i])),
                            "momentum " + mu + " nesterov " + nesterov + ", parameter " + p + ", element " + i);
                }
            }
        }
    }

    @Test
    void stateRoundTripContinuesIdentically() {
        Parameter a = Parameter.trainable("w", Nd4j.create(new double[] {1, -2, 0.5}, new long[] {3}, DataType.DOUBLE));
        Adam first = Adam.adam(0);
        a.grad().assign(Nd4j.create(GRADS[0], new long[] {3}, DataType.DOUBLE));
        first.step(List.of(a), 0.1);
        OptimizerState saved = first.state();
        Adam second = Adam.adam(0);
        second.restore(saved);
        assertEquals(1, saved.steps());
        a.grad().assign(Nd4j.create(GRADS[1], new long[] {3}, DataType.DOUBLE));
        second.step(List.of(a), 0.1);
        assertArrayEquals(new double[] {0.8654394181165108, -2.188437636024883, 0.5303894810501036},
                a.value().toDoubleVector(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.9, false, 0).restore(saved));
    }

    @Test
    void schedules() {
        assertEquals(0.1, new LearningRateSchedule.Constant().lr(0.1, 7), 0);
        var step = new LearningRateSchedule.Step(2, 0.5);
        assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.025},
                java.util.stream.IntStream.range(0, 5).mapToDouble(e -> step.lr(0.1, e)).toArray(), 1e-15);
        var cos = new LearningRateSchedule.Cosine(4, 0.0);
        assertArrayEquals(new double[] {0.1, 0.08535533905932738, 0.05, 0.014644660940672627, 0.0},
                java.util.stream.IntStream.range(0, 5).mapToDouble(e -> cos.lr(0.1, e)).toArray(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.Step(0, 0.5));
    }
}
