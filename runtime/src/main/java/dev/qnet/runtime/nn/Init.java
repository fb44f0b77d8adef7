package dev.qnet.runtime.nn;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Deterministic parameter initialisation from a caller's {@link Random}, so the same seed builds
 * the same network on every machine (ND4J's own RNG is global and native, which would couple
 * layers' values to construction order across threads and library versions).
 */
public final class Init {

    private Init() {
    }

    /** Normal(0, std) values of the given shape. */
    public static INDArray normal(Random rng, DataType dtype, double std, long... shape) {
        double[] v = new double[Math.toIntExact(length(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian() * std;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
    }

    /** Uniform(-bound, bound) values of the given shape. */
    public static INDArray uniform(Random rng, DataType dtype, double bound, long... shape) {
        double[] v = new double[Math.toIntExact(length(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = (2 * rng.nextDouble() - 1) * bound;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
    }

    /**
     * Kaiming-normal with fan-out and the ReLU gain, as torchvision's ResNet initialises its
     * convolutions: keeps activation variance stable through deep ReLU stacks.
     */
    public static INDArray kaimingNormalFanOut(Random rng, DataType dtype, long fanOut, long... shape) {
        return normal(rng, dtype, Math.sqrt(2.0 / fanOut), shape);
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}
