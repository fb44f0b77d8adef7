package dev.qnet.runtime.nn;

import dev.qnet.runtime.random.Seeds;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout: in training each value is zeroed with probability p and the rest scaled by
 * 1/(1-p); identity in evaluation. The mask of the k-th training call depends only on (seed, k),
 * and k is kept as a state parameter, so a checkpointed and resumed run draws the same masks.
 */
public final class Dropout implements Layer {

    private final double p;
    private final long seed;
    private final Parameter calls;
    private INDArray lastMask;

    public Dropout(double p, long seed) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.seed = seed;
        this.calls = Parameter.state("calls", Nd4j.scalar(DataType.LONG, 0L));
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        if (!training || p == 0) {
            lastMask = null;
            return input;
        }
        long k = calls.value().getLong(0);
        calls.value().putScalar(0, k + 1);
        SplittableRandom rng = new SplittableRandom(Seeds.stream(seed, k, 0));
        double keep = 1 / (1 - p);
        double[] m = new double[Math.toIntExact(input.length())];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextDouble() < p ? 0 : keep;
        }
        lastMask = Nd4j.create(m, input.shape(), DataType.DOUBLE).castTo(input.dataType());
        return input.mul(lastMask);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        return lastMask == null ? gradOutput : gradOutput.mul(lastMask);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(calls);
    }

    @Override
    public String name() {
        return "dropout(" + p + ")";
    }
}
