package dev.qnet.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.core.ActivationKind;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float32 layers that call oneDNN directly (NHWC memory) against the same layers in
 * float64, which run libnd4j's generic NCHW ops (themselves checked against finite
 * differences in {@link LayerGradientTest}): outputs, input gradients and parameter gradients
 * must agree to float precision, whatever the memory layout of the input.
 */
class DnnlPathTest {

    @ParameterizedTest(name = "conv in={0} out={1} k={2} stride={3} pad={4} bias={5} hw={6} nhwcInput={7}")
    @CsvSource({
            "1, 8, 3, 1, 1, false, 9, false",    // a stem on a one-channel image
            "6, 16, 1, 1, 0, false, 7, true",    // bottleneck 1x1
            "6, 16, 3, 1, 1, true, 7, false",
            "8, 12, 3, 2, 1, false, 9, true",    // strided 3x3
            "8, 12, 1, 2, 0, true, 8, false",    // projection shortcut
            "8, 12, 1, 2, 0, true, 7, true",     // projection shortcut 7x7 -> 4x4 (subsampled backward)
            "16, 24, 1, 2, 0, false, 7, false",
            "4, 6, 1, 3, 0, false, 8, true",     // stride 3 not dividing 8
            "5, 7, 5, 1, 2, true, 6, true",
    })
    void convolutionMatchesTheFloat64Reference(int in, int out, int k, int stride, int pad, boolean bias, int hw,
                                               boolean nhwcInput) {
        Conv2d f32 = new Conv2d(in, out, k, k, stride, pad, pad, 1, bias, DataType.FLOAT, new Random(1));
        Conv2d f64 = new Conv2d(in, out, k, k, stride, pad, pad, 1, bias, DataType.DOUBLE, new Random(1));
        copyParameters(f32.parameters(), f64.parameters());
        checkAgainstReference(f32, f64, 3, in, hw, nhwcInput);
    }

    /**
     * ResNet-50's last-stage shortcut (stride 2, 7x7 -> 4x4), scaled down in channels: where oneDNN
     * has no 1x1 kernel for it, the backward runs as subsample + unit-stride convolution, and its
     * gradients must equal those of the strided convolution's own backward kernels.
     */
    @org.junit.jupiter.api.Test
    void subsampledBackwardOfAStrided1x1MatchesTheDirectKernel() {
        subsampledBackwardMatchesTheDirectKernel(false);
        if (CpuIsa.nativeBf16()) { // (the BF16 kernels cannot be built without the instructions)
            subsampledBackwardMatchesTheDirectKernel(true);
        }
    }

    private void subsampledBackwardMatchesTheDirectKernel(boolean bf16) {
        long[] in = {3, 16, 7, 7};
        // bf16: both convolutions round the same bfloat16 operands, but accumulate in different orders
        // and round their outputs to bfloat16 (2^-9 relative)
        double tolerance = bf16 ? 1e-2 : 1e-6;
        DnnlConvolution conv = new DnnlConvolution(in, DataType.FLOAT, 24, 1, 1, 2, 0, 0, true, bf16);
        org.junit.jupiter.api.Assumptions.assumeTrue(conv.subsamplesBackward(),
                "this CPU's oneDNN has a 1x1 kernel for the strided backward");
        // the reference: a 3x3 convolution, stride 2, padding 1, whose only non-zero tap is the centre,
        // is the same function, and oneDNN runs it on its direct kernels without any subsampling
        Random r = new Random(9);
        INDArray x = input(3, 16, 7, true, r);
        INDArray w = Nd4j.randn(DataType.FLOAT, 24, 16, 1, 1).muli(0.2);
        INDArray b = Nd4j.randn(DataType.FLOAT, 24);
        INDArray w3 = Nd4j.zeros(DataType.FLOAT, 24, 16, 3, 3);
        w3.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(1)).assign(
                w.reshape(24, 16));
        DnnlConvolution direct = new DnnlConvolution(in, DataType.FLOAT, 24, 3, 3, 2, 1, 1, true, bf16);
        assertTrue(!direct.subsamplesBackward());
        assertClose(direct.forward(x, w3, b), conv.forward(x, w, b), tolerance);
        INDArray gy = Dnnl.asNhwc(Nd4j.randn(DataType.FLOAT, 3, 24, 4, 4));
        INDArray gw = Nd4j.create(DataType.FLOAT, 24, 16, 1, 1);
        INDArray gb = Nd4j.create(DataType.FLOAT, 24);
        INDArray gw3 = Nd4j.create(DataType.FLOAT, 24, 16, 3, 3);
        INDArray gb3 = Nd4j.create(DataType.FLOAT, 24);
        INDArray gx = conv.backward(x, w, gy, gw, gb);
        INDArray gx3 = direct.backward(x, w3, gy, gw3, gb3);
        assertClose(gx3, gx, tolerance);
        assertClose(gw3.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(1)),
                gw.reshape(24, 16), tolerance);
        assertClose(gb3, gb, tolerance);
    }

    @ParameterizedTest(name = "batchnorm2d training={0} nhwcInput={1}")
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void batchNormMatchesTheFloat64Reference(boolean training, boolean nhwcInput) {
        BatchNorm2d f32 = new BatchNorm2d(6, 1e-5, 0.1, DataType.FLOAT);
        BatchNorm2d f64 = new BatchNorm2d(6, 1e-5, 0.1, DataType.DOUBLE);
        Random r = new Random(3);
        for (int i = 0; i < 4; i++) { // non-trivial gamma, beta and running statistics
            f32.parameters().get(i).value().assign(Nd4j.rand(DataType.FLOAT, 6).muli(0.5).addi(i == 1 ? -0.2 : 0.5));
        }
        copyParameters(f32.parameters(), f64.parameters());
        if (training) {
            checkAgainstReference(f32, f64, 4, 6, 5, nhwcInput);
            // the running statistics were updated identically
            for (int i = 2; i < 4; i++) {
                assertClose(f64.parameters().get(i).value(), f32.parameters().get(i).value(), 1e-5);
            }
        } else {
            INDArray x = input(4, 6, 5, nhwcInput, r);
            assertClose(f64.forward(x.castTo(DataType.DOUBLE), false), f32.forward(x, false), 1e-5);
        }
    }

    /** Conv, batch norm, ReLU, a projected residual, pooling and a dense head, as ResNet chains them. */
    @ParameterizedTest(name = "bottleneck block, nhwcInput={0}")
    @CsvSource({"true", "false"})
    void bottleneckBlockMatchesTheFloat64Reference(boolean nhwcInput) {
        Layer f32 = block(DataType.FLOAT);
        Layer f64 = block(DataType.DOUBLE);
        copyParameters(f32.parameters(), f64.parameters());
        checkAgainstReference(f32, f64, 4, 3, 8, nhwcInput);
    }

    private static Layer block(DataType t) {
        Random r = new Random(5);
        Layer branch = new Sequential(List.of(
                new Conv2d(8, 4, 1, 1, 1, 0, 0, 1, false, t, r), new BatchNorm2d(4, t), new Activation(ActivationKind.RELU),
                new Conv2d(4, 4, 3, 3, 2, 1, 1, 1, false, t, r), new BatchNorm2d(4, t), new Activation(ActivationKind.RELU),
                new Conv2d(4, 16, 1, 1, 1, 0, 0, 1, false, t, r), new BatchNorm2d(16, t)));
        Layer shortcut = new Sequential(List.of(new Conv2d(8, 16, 1, 1, 2, 0, 0, 1, false, t, r), new BatchNorm2d(16, t)));
        return new Sequential(List.of(
                new Conv2d(3, 8, 3, 3, 1, 1, 1, 1, false, t, r), new BatchNorm2d(8, t), new Activation(ActivationKind.RELU),
                new Residual(branch, shortcut), new Activation(ActivationKind.RELU),
                new GlobalAvgPool(), new Dense(16, 2, true, t, r)));
    }

    private static void checkAgainstReference(Layer f32, Layer f64, int batch, int channels, int hw, boolean nhwcInput) {
        Random r = new Random(7);
        INDArray x = input(batch, channels, hw, nhwcInput, r);
        INDArray y32 = f32.forward(x, true);
        INDArray y64 = f64.forward(x.castTo(DataType.DOUBLE), true);
        assertArrayEquals(y64.shape(), y32.shape());
        assertClose(y64, y32, 1e-5);
        INDArray g = Nd4j.randn(DataType.FLOAT, y32.shape());
        f32.parameters().forEach(Parameter::zeroGrad);
        f64.parameters().forEach(Parameter::zeroGrad);
        INDArray gx32 = f32.backward(Dnnl.isNhwc(y32) ? Dnnl.asNhwc(g) : g);
        INDArray gx64 = f64.backward(g.castTo(DataType.DOUBLE));
        assertClose(gx64, gx32, 1e-4);
        List<Parameter> p32 = f32.parameters();
        List<Parameter> p64 = f64.parameters();
        for (int i = 0; i < p32.size(); i++) {
            if (p32.get(i).isTrainable()) {
                assertClose(p64.get(i).grad(), p32.get(i).grad(), 1e-4);
            }
        }
    }

    private static INDArray input(int batch, int channels, int hw, boolean nhwc, Random r) {
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, channels, hw, hw);
        if (!nhwc) {
            return x;
        }
        INDArray n = Dnnl.createNhwc(batch, channels, hw, hw).assign(x);
        assertTrue(Dnnl.isNhwc(n));
        return n;
    }

    private static void copyParameters(List<Parameter> from, List<Parameter> to) {
        assertEquals(from.size(), to.size());
        for (int i = 0; i < from.size(); i++) {
            to.get(i).value().assign(from.get(i).value().castTo(to.get(i).value().dataType()));
        }
    }

    /** Max absolute difference relative to the reference's largest magnitude. */
    private static void assertClose(INDArray reference, INDArray actual, double tolerance) {
        INDArray ref = reference.castTo(DataType.DOUBLE);
        double scale = Math.max(1.0, ref.amaxNumber().doubleValue());
        double err = ref.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
        assertTrue(err < tolerance, "max relative error " + err + " >= " + tolerance);
    }
}
