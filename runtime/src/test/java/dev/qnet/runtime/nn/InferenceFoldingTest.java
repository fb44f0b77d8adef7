package dev.qnet.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.core.Precision;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * In evaluation inside a step, {@link Sequential} computes "convolution, batch norm[, ReLU]" as
 * one oneDNN convolution whose post-ops apply the batch norm's per-channel affine map and the
 * ReLU. It must compute what the layers compute one by one (oneDNN's own batch norm and ReLU
 * primitives, which run outside a step), with statistics, scale and shift far from the identity.
 */
class InferenceFoldingTest {

    @ParameterizedTest(name = "precision {0}")
    @EnumSource(Precision.class)
    void aFoldedEvaluationEqualsTheLayersOneByOne(Precision precision) {
        Layer plain = BufferPoolTest.network(precision);
        Layer folded = BufferPoolTest.network(precision);
        randomizeNormalisation(plain, 21);
        randomizeNormalisation(folded, 21);
        INDArray x = Nd4j.randn(new Random(22).nextLong(), new long[] {4, 3, 9, 9}).castTo(DataType.FLOAT);

        INDArray expected = plain.forward(x, false).dup();
        INDArray actual = new BufferPool().run(() -> folded.forward(x, false).dup());
        assertClose(expected, actual, precision);

        // The folded network's batch norms never ran: each one's backward finds no forward.
        List<BatchNorm> norms = norms(folded);
        assertTrue(norms.size() >= 7, "the network has its batch norms: " + norms.size());
        for (BatchNorm n : norms) {
            assertThrows(IllegalStateException.class, () -> n.backward(Nd4j.zeros(DataType.FLOAT, 1, n.channels(), 1, 1)),
                    n.name() + " ran its own forward");
        }
    }

    /** Gamma, beta and the running statistics of every batch norm set far from 1 and 0 (the same for one seed). */
    static void randomizeNormalisation(Layer net, long seed) {
        Random r = new Random(seed);
        for (BatchNorm n : norms(net)) {
            for (Parameter p : n.parameters()) {
                INDArray v = p.value();
                for (long i = 0; i < v.length(); i++) {
                    double value = switch (p.name()) {
                        case "running_var" -> 0.3 + 2 * r.nextDouble();
                        case "weight" -> (r.nextBoolean() ? 1 : -1) * (0.5 + r.nextDouble());
                        default -> r.nextGaussian(); // bias, running_mean
                    };
                    v.putScalar(i, value);
                }
            }
        }
    }

    private static List<BatchNorm> norms(Layer net) {
        return Layer.walk(net).filter(BatchNorm.class::isInstance).map(BatchNorm.class::cast).toList();
    }

    /**
     * Equal up to rounding: float32 within 1e-4 of the largest magnitude; bf16 within 3e-2 of it
     * (the layers one by one round each map to bfloat16 three times, the folded convolution once).
     */
    static void assertClose(INDArray expected, INDArray actual, Precision precision) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] a = actual.castTo(DataType.FLOAT).dup('c').data().asFloat();
        double max = 0;
        for (float v : e) {
            max = Math.max(max, Math.abs(v));
        }
        assertFalse(max == 0, "the expected output is all zeros");
        double tol = (precision == Precision.BF16 ? 3e-2 : 1e-4) * max;
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= tol)) {
                throw new AssertionError("element " + i + ": expected " + e[i] + ", got " + a[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
