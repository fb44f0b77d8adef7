package dev.qnet.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.core.ActivationKind;
import dev.qnet.core.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A step inside a {@link BufferPool} (buffers released and reused as soon as they are dead,
 * ReLU and residual sums in place) computes bit for bit what the same step computes without
 * one (every tensor its own array, nothing overwritten): outputs, input gradients, parameter
 * gradients and batch-norm statistics; and it reaches a steady state, reusing its buffers.
 */
class BufferPoolTest {

    @ParameterizedTest(name = "precision {0}")
    @EnumSource(Precision.class)
    void aPooledResidualStepIsBitIdenticalToAnUnpooledOne(Precision precision) {
        // bf16: bfloat16 feature maps, converted where they meet the float32 pooling and head
        Layer plain = network(precision);
        Layer pooled = network(precision);
        BufferPool pool = new BufferPool();
        INDArray x = Nd4j.randn(new Random(11).nextLong(), new long[] {4, 3, 9, 9}).castTo(DataType.FLOAT);
        INDArray g = Nd4j.randn(new Random(12).nextLong(), new long[] {4, 3}).castTo(DataType.FLOAT);
        long[] held = new long[3];
        for (int step = 0; step < 3; step++) {
            Step expected = step(plain, x, g);
            Step actual = pool.run(() -> step(pooled, x, g));
            assertBitIdentical(expected.values, actual.values);
            assertBitIdentical(params(plain), params(pooled));
            assertEquals(0, pool.lentCount(), "every buffer is back in the pool after the step");
            held[step] = pool.bytes();
        }
        assertEquals(held[1], held[2], "later steps allocate nothing new");
        // Evaluation inside the pool (activations released as soon as the next layer has read them;
        // each batch norm folded into its convolution, hence equal up to rounding, see
        // InferenceFoldingTest); a second pass reuses the buffers of the first.
        INDArray evalPlain = plain.forward(x, false).dup();
        for (int pass = 0; pass < 2; pass++) {
            INDArray evalPooled = pool.run(() -> pooled.forward(x, false).dup());
            InferenceFoldingTest.assertClose(evalPlain, evalPooled, precision);
        }
    }

    @Test
    void pooledBuffersStartOnACacheLine() {
        new BufferPool().run(() -> {
            for (int n = 1; n < 40; n += 3) {
                for (DataType t : List.of(DataType.FLOAT, DataType.BFLOAT16, DataType.BYTE)) {
                    INDArray a = BufferPool.create(t, n, 7);
                    assertEquals(0, Dnnl.address(a).address() % 64, t + " [" + n + ", 7]");
                }
            }
            return null;
        });
    }

    @Test
    void reusesABufferOnceReleased() {
        BufferPool pool = new BufferPool();
        pool.run(() -> {
            INDArray a = BufferPool.create(DataType.FLOAT, 2, 3, 4, 5).permute(0, 3, 1, 2);
            BufferPool.release(a);
            INDArray b = BufferPool.create(DataType.FLOAT, 2, 3, 4, 5);
            assertTrue(BufferPool.sameBuffer(a, b), "the released buffer is handed out again");
            INDArray c = BufferPool.create(DataType.FLOAT, 2, 3, 4, 5);
            assertTrue(!BufferPool.sameBuffer(b, c), "a lent buffer is not handed out twice");
            BufferPool.release(c);
            INDArray smaller = BufferPool.create(DataType.FLOAT, 7, 10);
            assertTrue(BufferPool.sameBuffer(c, smaller), "a free buffer less than twice the size serves a smaller request");
            smaller.assign(3);
            assertEquals(3 * 70, smaller.sumNumber().doubleValue());
            INDArray half = BufferPool.create(DataType.FLOAT, 60);
            assertTrue(!BufferPool.sameBuffer(b, half) && !BufferPool.sameBuffer(c, half), "nor one twice as large");
            return null;
        });
        assertEquals((2 * 120 + 60) * 4, pool.bytes());
    }

    /** A layer passing its input on (dropout in evaluation does) must not let the next one overwrite the caller's array. */
    @Test
    void anInPlaceLayerNeverOverwritesTheSequencesInput() {
        Layer passOn = new Layer() {
            @Override
            public INDArray forward(INDArray input, boolean training) {
                return input;
            }

            @Override
            public INDArray backward(INDArray gradOutput) {
                return gradOutput;
            }

            @Override
            public List<Parameter> parameters() {
                return List.of();
            }

            @Override
            public String name() {
                return "pass-on";
            }
        };
        Layer net = new Sequential(List.of(passOn, new Activation(ActivationKind.RELU)));
        INDArray x = Nd4j.createFromArray(new float[][] {{-1f, 2f, -3f, 4f}});
        assertTrue(Dnnl.isDense(x), "the ReLU takes its oneDNN path, which can run in place");
        INDArray before = x.dup();
        INDArray y = new BufferPool().run(() -> net.forward(x, false).dup());
        assertBitIdentical(List.of(before), List.of(x));
        assertBitIdentical(List.of(Nd4j.createFromArray(new float[][] {{0f, 2f, 0f, 4f}})), List.of(y));
    }

    private record Step(List<INDArray> values) {
    }

    /** Forward in training mode, backward of a fixed logit gradient; copies of everything it returns. */
    private static Step step(Layer net, INDArray x, INDArray g) {
        net.parameters().forEach(Parameter::zeroGrad);
        INDArray y = net.forward(x.dup(), true).dup();
        INDArray gx = net.backward(g.dup()).dup();
        return new Step(List.of(y, gx));
    }

    private static List<INDArray> params(Layer net) {
        List<INDArray> r = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            r.add(p.value());
            if (p.isTrainable()) {
                r.add(p.grad());
            }
        }
        return r;
    }

    private static void assertBitIdentical(List<INDArray> expected, List<INDArray> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            float[] e = expected.get(i).castTo(DataType.FLOAT).dup('c').data().asFloat();
            float[] a = actual.get(i).castTo(DataType.FLOAT).dup('c').data().asFloat();
            assertEquals(e.length, a.length);
            for (int j = 0; j < e.length; j++) {
                assertEquals(Float.floatToRawIntBits(e[j]), Float.floatToRawIntBits(a[j]),
                        "array " + i + " element " + j + ": " + e[j] + " vs " + a[j]);
            }
        }
    }

    /** Stem, an identity and a projected bottleneck, global pooling and a dense head (ResNet's chain). */
    static Layer network(Precision p) {
        DataType t = DataType.FLOAT;
        Random r = new Random(5);
        return new Sequential(List.of(
                conv(3, 16, 3, 1, r, p), new BatchNorm2d(16, t), new Activation(ActivationKind.RELU),
                bottleneck(16, 4, 1, r, p), new Activation(ActivationKind.RELU),
                bottleneck(16, 8, 2, r, p), new Activation(ActivationKind.RELU),
                new GlobalAvgPool(), new Dense(32, 3, true, t, r)));
    }

    private static Layer bottleneck(int in, int width, int stride, Random r, Precision p) {
        DataType t = DataType.FLOAT;
        int out = width * 4;
        Layer branch = new Sequential(List.of(
                conv(in, width, 1, 1, r, p), new BatchNorm2d(width, t), new Activation(ActivationKind.RELU),
                conv(width, width, 3, stride, r, p), new BatchNorm2d(width, t), new Activation(ActivationKind.RELU),
                conv(width, out, 1, 1, r, p), new BatchNorm2d(out, t)));
        Layer shortcut = in == out && stride == 1 ? null
                : new Sequential(List.of(conv(in, out, 1, stride, r, p), new BatchNorm2d(out, t)));
        return new Residual(branch, shortcut);
    }

    private static Conv2d conv(int in, int out, int k, int stride, Random r, Precision p) {
        return new Conv2d(in, out, k, k, stride, k / 2, k / 2, 1, false, DataType.FLOAT, r, p);
    }
}
