package dev.qnet.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qnet.core.ActivationKind;
import dev.qnet.core.Keyword;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every layer's backward pass against central finite differences in DOUBLE. */
class LayerGradientTest {

    private static final double TOL = 1e-5;
    private final Random rng = new Random(7);
    private static final DataType D = DataType.DOUBLE;

    @Test
    void conv2dWithBiasStrideAndPadding() {
        Conv2d conv = new Conv2d(3, 4, 3, 3, 2, 1, 1, 1, true, D, rng);
        GradientCheck.check(conv, GradientCheck.random(rng, 2, 3, 7, 7), true, TOL);
    }

    @Test
    void conv2dRectangularKernelNoBias() {
        Conv2d conv = new Conv2d(2, 3, 1, 3, 1, 0, 1, 1, false, D, rng);
        GradientCheck.check(conv, GradientCheck.random(rng, 2, 2, 5, 6), true, TOL);
        assertArrayEquals(new long[] {2, 3, 5, 6}, conv.forward(GradientCheck.random(rng, 2, 2, 5, 6), false).shape());
    }

    @Test
    void strided1x1ConvOnAnOddSize() {
        // 7x7 -> 4x4: the shape whose float32 backward is subsampled (DnnlPathTest compares the two)
        GradientCheck.check(new Conv2d(3, 4, 1, 1, 2, 0, 0, 1, true, D, rng), GradientCheck.random(rng, 2, 3, 7, 7), true, TOL);
    }

    @Test
    void groupedConv2d() {
        Conv2d conv = new Conv2d(4, 6, 3, 3, 1, 1, 1, 2, true, D, rng);
        GradientCheck.check(conv, GradientCheck.random(rng, 2, 4, 5, 5), true, TOL);
    }

    @Test
    void batchNorm2dTrainingAndEval() {
        BatchNorm2d bn = new BatchNorm2d(3, D);
        bn.parameters().get(0).value().assign(GradientCheck.random(rng, 3).addi(1)); // non-trivial gamma
        bn.parameters().get(1).value().assign(GradientCheck.random(rng, 3));
        INDArray x = GradientCheck.random(rng, 4, 3, 3, 3).muli(2).addi(0.5);
        GradientCheck.check(bn, x, true, TOL);
        GradientCheck.check(bn, x, false, TOL);
    }

    @Test
    void batchNorm1dTraining() {
        BatchNorm1d bn = new BatchNorm1d(5, D);
        bn.parameters().get(0).value().assign(GradientCheck.random(rng, 5));
        GradientCheck.check(bn, GradientCheck.random(rng, 6, 5), true, TOL);
    }

    @Test
    void batchNormTrainingMatchesDefinitionAndUpdatesRunningStats() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.1, D);
        INDArray x = GradientCheck.random(rng, 3, 2, 2, 2);
        INDArray y = bn.forward(x, true);
        INDArray mean = x.mean(0, 2, 3);
        INDArray var = x.var(false, 0, 2, 3);
        for (int c = 0; c < 2; c++) {
            double m = mean.getDouble(c);
            double s = Math.sqrt(var.getDouble(c) + 1e-5);
            assertEquals((x.getDouble(1, c, 1, 0) - m) / s, y.getDouble(1, c, 1, 0), 1e-10);
            assertEquals(0.1 * m, bn.parameters().get(2).value().getDouble(c), 1e-12);
            assertEquals(0.9 + 0.1 * var.getDouble(c) * 12 / 11, bn.parameters().get(3).value().getDouble(c), 1e-12);
        }
    }

    @Test
    void activations() {
        for (ActivationKind k : ActivationKind.values()) {
            INDArray x = k == ActivationKind.SOFTMAX ? GradientCheck.random(rng, 3, 4) : GradientCheck.random(rng, 2, 3, 4);
            // keep ReLU probes away from the kink at 0
            if (k == ActivationKind.RELU) {
                x = x.addi(x.gt(0).castTo(D).muli(2).subi(1).muli(0.01));
            }
            GradientCheck.check(new Activation(k), x, true, TOL);
        }
    }

    @Test
    void siluIsXTimesSigmoid() {
        INDArray x = Nd4j.create(new double[] {-2, 0, 0.5, 3}, new long[] {4}, D);
        INDArray y = new Activation(ActivationKind.SILU).forward(x, false);
        double[] expected = {-2 / (1 + Math.exp(2)), 0, 0.5 / (1 + Math.exp(-0.5)), 3 / (1 + Math.exp(-3))};
        for (int i = 0; i < 4; i++) assertEquals(expected[i], y.getDouble(i), 1e-12);
    }

    @Test
    void geluIsTheExactErfForm() {
        INDArray x = Nd4j.create(new double[] {-1.5, 0, 0.5, 2}, new long[] {4}, D);
        INDArray y = new Activation(ActivationKind.GELU).forward(x, false);
        // 0.5 x (1 + erf(x / sqrt 2)) with Python's math.erf
        assertArrayEquals(new double[] {-0.10021080190, 0, 0.34573123064, 1.95449973610}, y.toDoubleVector(), 1e-9);
    }

    @Test
    void pools() {
        GradientCheck.check(new MaxPool2d(2, 2, 0), GradientCheck.random(rng, 2, 3, 6, 6), true, TOL);
        GradientCheck.check(new MaxPool2d(3, 2, 1), GradientCheck.random(rng, 2, 2, 7, 7), true, TOL);
        GradientCheck.check(new AvgPool2d(2, 2, 0), GradientCheck.random(rng, 2, 3, 6, 6), true, TOL);
        GradientCheck.check(new AvgPool2d(3, 1, 1), GradientCheck.random(rng, 1, 2, 5, 5), true, TOL);
        GradientCheck.check(new GlobalAvgPool(), GradientCheck.random(rng, 2, 3, 4, 5), true, TOL);
        GradientCheck.check(new GlobalMaxPool(), GradientCheck.random(rng, 2, 3, 4, 5), true, TOL);
    }

    /**
     * The global average pool's input gradient is the output gradient / (H W) at every position:
     * float32 with NHWC memory (the oneDNN path's layout) and float64 NCHW, element by element.
     */
    @Test
    void globalAvgPoolBackwardBroadcastsGradOverPositions() {
        for (boolean nhwc : new boolean[] {true, false}) {
            DataType t = nhwc ? DataType.FLOAT : D;
            INDArray x = nhwc ? Dnnl.createNhwc(2, 3, 4, 5).assign(GradientCheck.random(rng, 2, 3, 4, 5))
                    : GradientCheck.random(rng, 2, 3, 4, 5);
            GlobalAvgPool pool = new GlobalAvgPool();
            pool.forward(x, true);
            INDArray g = GradientCheck.random(rng, 2, 3).castTo(t);
            INDArray gx = pool.backward(g);
            assertArrayEquals(new long[] {2, 3, 4, 5}, gx.shape());
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 3; c++) {
                    for (int h = 0; h < 4; h++) {
                        for (int w = 0; w < 5; w++) {
                            assertEquals(g.getDouble(n, c) / 20, gx.getDouble(n, c, h, w), 1e-7 * Math.abs(g.getDouble(n, c)),
                                    "n " + n + " c " + c + " h " + h + " w " + w + (nhwc ? " (NHWC)" : ""));
                        }
                    }
                }
            }
        }
    }

    @Test
    void avgPoolCountsPaddingLikePyTorch() {
        INDArray x = Nd4j.ones(D, 1, 1, 3, 3);
        INDArray y = new AvgPool2d(3, 1, 1).forward(x, false);
        assertEquals(4.0 / 9, y.getDouble(0, 0, 0, 0), 1e-12); // corner: 4 real cells / 9
        assertEquals(1.0, y.getDouble(0, 0, 1, 1), 1e-12);
        INDArray m = new MaxPool2d(3, 1, 1).forward(x.neg(), false);
        assertEquals(-1.0, m.getDouble(0, 0, 0, 0), 1e-12); // padding never wins the max
    }

    @Test
    void denseAndFlatten() {
        GradientCheck.check(new Dense(5, 3, true, D, rng), GradientCheck.random(rng, 4, 5), true, TOL);
        GradientCheck.check(new Dense(5, 3, false, D, rng), GradientCheck.random(rng, 4, 5), true, TOL);
        Sequential s = new Sequential(List.of(new Flatten(), new Dense(12, 2, true, D, rng)));
        GradientCheck.check(s, GradientCheck.random(rng, 3, 3, 2, 2), true, TOL);
    }

    @Test
    void residualWithProjectionAndIdentity() {
        Layer branch = new Sequential(List.of(
                new Conv2d(2, 4, 3, 3, 2, 1, 1, 1, false, D, rng), new BatchNorm2d(4, D),
                new Activation(ActivationKind.TANH), new Conv2d(4, 4, 3, 3, 1, 1, 1, 1, false, D, rng)));
        Layer projection = new Sequential(List.of(new Conv2d(2, 4, 1, 1, 2, 0, 0, 1, false, D, rng), new BatchNorm2d(4, D)));
        GradientCheck.check(new Residual(branch, projection), GradientCheck.random(rng, 3, 2, 6, 6), true, TOL);
        Layer same = new Sequential(List.of(new Conv2d(3, 3, 3, 3, 1, 1, 1, 1, true, D, rng), new Activation(ActivationKind.SIGMOID)));
        GradientCheck.check(new Residual(same, null), GradientCheck.random(rng, 2, 3, 4, 4), true, TOL);
    }

    @Test
    void dropoutScalesKeptValuesAndIsIdentityInEval() {
        Dropout d = new Dropout(0.5, 3);
        INDArray x = Nd4j.ones(D, 1000);
        INDArray y = d.forward(x, true);
        INDArray g = d.backward(Nd4j.ones(D, 1000));
        assertArrayEquals(y.toDoubleVector(), g.toDoubleVector(), 0); // backward applies the same mask
        double kept = y.gt(0).castTo(D).sumNumber().doubleValue();
        assertEquals(500, kept, 60);
        assertEquals(2.0, y.maxNumber().doubleValue(), 0);
        assertEquals(x, d.forward(x, false));
        Dropout again = new Dropout(0.5, 3);
        assertEquals(y, again.forward(x, true)); // same seed, same first mask
    }

    @Test
    void parameterNamesAreQualifiedAndUnique() {
        Sequential net = new Sequential(List.of(
                new Conv2d(1, 2, 3, 1, 1, true, D, rng), new BatchNorm2d(2, D),
                new Residual(new Conv2d(2, 2, 3, 1, 1, false, D, rng), null), new GlobalAvgPool(), new Dense(2, 2, true, D, rng)));
        List<String> names = net.parameters().stream().map(Parameter::name).toList();
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "2.branch.weight", "4.weight", "4.bias"), names);
    }

    @Test
    void badShapesGiveClearErrors() {
        Conv2d conv = new Conv2d(3, 4, 3, 1, 1, false, D, rng);
        var e = assertThrows(IllegalArgumentException.class, () -> conv.forward(GradientCheck.random(rng, 1, 2, 5, 5), false));
        assertEquals("conv3x3(4): expected input [N, 3, H, W], got [1, 2, 5, 5]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 3, 1, 1, 1, 2, false, D, rng));
        assertThrows(IllegalArgumentException.class, () -> Keyword.parse(ActivationKind.values(), "swish", "activation"));
    }

    @Test
    void floatPathThroughOneDnnAgreesWithDouble() {
        // DOUBLE runs libnd4j's generic kernels, FLOAT the oneDNN ones: they must agree.
        Random a = new Random(5);
        Random b = new Random(5);
        Layer d = new Sequential(List.of(new Conv2d(3, 8, 3, 1, 1, false, D, a), new BatchNorm2d(8, D),
                new Activation(ActivationKind.RELU), new MaxPool2d(2, 2, 0), new AvgPool2d(3, 1, 1)));
        Layer f = new Sequential(List.of(new Conv2d(3, 8, 3, 1, 1, false, DataType.FLOAT, b), new BatchNorm2d(8, DataType.FLOAT),
                new Activation(ActivationKind.RELU), new MaxPool2d(2, 2, 0), new AvgPool2d(3, 1, 1)));
        INDArray x = GradientCheck.random(rng, 4, 3, 8, 8);
        INDArray yd = d.forward(x, true);
        INDArray yf = f.forward(x.castTo(DataType.FLOAT), true);
        assertArrayEquals(yd.reshape(yd.length()).toDoubleVector(), yf.castTo(D).reshape(yf.length()).toDoubleVector(), 1e-4);
        INDArray g = GradientCheck.random(rng, yd.shape());
        INDArray gd = d.backward(g);
        INDArray gf = f.backward(g.castTo(DataType.FLOAT));
        assertArrayEquals(gd.reshape(gd.length()).toDoubleVector(), gf.castTo(D).reshape(gf.length()).toDoubleVector(), 1e-3);
        INDArray wd = d.parameters().get(0).grad();
        INDArray wf = f.parameters().get(0).grad();
        assertArrayEquals(wd.reshape(wd.length()).toDoubleVector(), wf.castTo(D).reshape(wf.length()).toDoubleVector(), 1e-3);
    }
}
