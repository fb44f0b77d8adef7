package dev.qnet.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.core.ActivationKind;
import dev.qnet.core.Precision;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training step with {@code precision bf16} (convolutions on oneDNN's BF16 kernels, bfloat16
 * feature maps through batch norm, ReLU and residual sums, float32 weights, statistics, pooling
 * head and loss) against the same step in fp32, with the same weights and batch, on a small
 * ResNet-like network and on one whose bfloat16 maps meet float32-only layers (max pooling,
 * flatten, dense). Documented tolerance: bfloat16 keeps 8 significant bits (relative rounding
 * error 2^-9 = 0.2% per operand), the kernels accumulate in float32, so the loss agrees within
 * 1% relative, the whole gradient (all parameters as one vector) within 10% in relative L2 norm
 * (|g_bf16 - g_fp32| / |g_fp32|; measured 7% on the residual network) and each parameter's
 * gradient within 20%: the error grows with depth into the backward pass (measured at 3-4% for
 * the last block and 0.5% for the head, up to 10-14% for the first layers, whose gradients are
 * small differences that batch norm's backward leaves after cancelling the means). Without BF16
 * instructions the step must be fp32's exactly.
 */
class Bf16StepTest {

    private static final double LOSS_TOLERANCE = 0.01;
    private static final double GRADIENT_TOLERANCE = 0.2;
    private static final double WHOLE_GRADIENT_TOLERANCE = 0.1;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"residual", "max-pooled, dense head"})
    void aBf16StepAgreesWithFp32WithinTheDocumentedTolerance(String kind) {
        Layer fp32 = kind.equals("residual") ? network(Precision.FP32) : pooledNetwork(Precision.FP32);
        Layer bf16 = kind.equals("residual") ? network(Precision.BF16) : pooledNetwork(Precision.BF16);
        List<Parameter> p32 = fp32.parameters();
        List<Parameter> p16 = bf16.parameters();
        INDArray x = Nd4j.randn(new Random(21).nextLong(), new long[] {8, 3, 12, 12}).castTo(DataType.FLOAT);
        int[] labels = new Random(22).ints(8, 0, 3).toArray();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(null);

        p32.forEach(Parameter::zeroGrad);
        p16.forEach(Parameter::zeroGrad);
        var r32 = loss.compute(fp32.forward(x.dup(), true), labels);
        fp32.backward(r32.gradLogits());
        var r16 = loss.compute(bf16.forward(x.dup(), true), labels);
        bf16.backward(r16.gradLogits());

        double lossError = Math.abs(r16.loss() - r32.loss()) / Math.abs(r32.loss());
        if (!CpuIsa.nativeBf16()) {
            assertEquals(r32.loss(), r16.loss(), 0.0, "fallback to fp32 computes fp32's step");
            return;
        }
        assertTrue(lossError < LOSS_TOLERANCE, "loss " + r16.loss() + " vs fp32 " + r32.loss());
        assertNotEquals(r32.loss(), r16.loss(), "the bf16 kernels ran (a bf16 loss equal to fp32's to the bit)");
        double diff2 = 0;
        double norm2 = 0;
        for (int i = 0; i < p32.size(); i++) {
            if (!p32.get(i).isTrainable()) {
                continue;
            }
            INDArray g32 = p32.get(i).grad().castTo(DataType.DOUBLE);
            INDArray g16 = p16.get(i).grad().castTo(DataType.DOUBLE);
            double norm = g32.norm2Number().doubleValue();
            double err = g16.sub(g32).norm2Number().doubleValue() / Math.max(norm, 1e-12);
            assertTrue(err < GRADIENT_TOLERANCE, p32.get(i).name() + ": relative error " + err);
            diff2 += Math.pow(g16.sub(g32).norm2Number().doubleValue(), 2);
            norm2 += norm * norm;
        }
        double whole = Math.sqrt(diff2 / norm2);
        assertTrue(whole < WHOLE_GRADIENT_TOLERANCE, "whole gradient: relative error " + whole);
    }

    @Test
    void featureMapsStayBfloat16WhereTheLayersAcceptThem() {
        Random r = new Random(5);
        Layer body = new Sequential(List.of(conv(3, 8, 3, 1, r, Precision.BF16), new BatchNorm2d(8, DataType.FLOAT),
                new Activation(ActivationKind.RELU)));
        INDArray x = Nd4j.randn(new Random(23).nextLong(), new long[] {2, 3, 6, 6}).castTo(DataType.FLOAT);
        INDArray y = body.forward(x, true);
        if (!CpuIsa.nativeBf16()) {
            assertEquals(DataType.FLOAT, y.dataType(), "without BF16 instructions bf16 trains in fp32");
            return;
        }
        assertEquals(DataType.BFLOAT16, y.dataType(), "convolution, batch norm and ReLU pass bfloat16 on");
        assertTrue(Dnnl.isNhwc(y), "in the NHWC memory oneDNN reads");
        INDArray gx = body.backward(Nd4j.ones(DataType.FLOAT, y.shape())); // float32, as a float32 layer above gives
        assertEquals(DataType.FLOAT, gx.dataType(), "the input gradient has the input's type");
        Layer head = new Sequential(List.of(body, new Flatten(), new Dense(8 * 36, 2, true, DataType.FLOAT, r)));
        assertEquals(DataType.FLOAT, head.forward(x, true).dataType(), "a float32 layer gets a float32 copy");
    }

    /** bfloat16 maps into max pooling, flatten and dense, which compute in float32. */
    private static Layer pooledNetwork(Precision precision) {
        DataType t = DataType.FLOAT;
        Random r = new Random(6);
        return new Sequential(List.of(
                conv(3, 8, 3, 1, r, precision), new Activation(ActivationKind.RELU), new MaxPool2d(2, 2, 0),
                conv(8, 16, 3, 1, r, precision), new BatchNorm2d(16, t), new Activation(ActivationKind.RELU),
                new Flatten(), new Dense(16 * 36, 3, true, t, r)));
    }

    private static Layer network(Precision precision) {
        DataType t = DataType.FLOAT;
        Random r = new Random(5);
        Layer branch = new Sequential(List.of(
                conv(16, 8, 1, 1, r, precision), new BatchNorm2d(8, t), new Activation(ActivationKind.RELU),
                conv(8, 8, 3, 2, r, precision), new BatchNorm2d(8, t), new Activation(ActivationKind.RELU),
                conv(8, 32, 1, 1, r, precision), new BatchNorm2d(32, t)));
        Layer shortcut = new Sequential(List.of(conv(16, 32, 1, 2, r, precision), new BatchNorm2d(32, t)));
        return new Sequential(List.of(
                conv(3, 16, 3, 1, r, precision), new BatchNorm2d(16, t), new Activation(ActivationKind.RELU),
                new Residual(branch, shortcut), new Activation(ActivationKind.RELU),
                new GlobalAvgPool(), new Dense(32, 3, true, t, r)));
    }

    private static Conv2d conv(int in, int out, int k, int stride, Random r, Precision precision) {
        return new Conv2d(in, out, k, k, stride, k / 2, k / 2, 1, false, DataType.FLOAT, r, precision);
    }
}
