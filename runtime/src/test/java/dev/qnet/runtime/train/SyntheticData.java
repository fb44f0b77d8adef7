package dev.qnet.runtime.train;

import dev.qnet.core.ActivationKind;
import dev.qnet.runtime.data.DatasetSplits;
import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.nn.Activation;
import dev.qnet.runtime.nn.BatchNorm2d;
import dev.qnet.runtime.nn.Conv2d;
import dev.qnet.runtime.nn.Dense;
import dev.qnet.runtime.nn.GlobalAvgPool;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.MaxPool2d;
import dev.qnet.runtime.nn.Sequential;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A generated, separable two-class image problem for unit-testing the optimiser and trainer
 * (not a stand-in for real data): class 1 images have a brighter left half, plus Gaussian noise.
 */
final class SyntheticData {

    private SyntheticData() {
    }

    static LabeledImages split(int n, long seed) {
        Random rng = new Random(seed);
        float[] px = new float[n * 8 * 8];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(2);
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    double signal = labels[i] == 1 && c < 4 ? 0.8 : 0.0;
                    px[i * 64 + r * 8 + c] = (float) (signal + 0.5 * rng.nextGaussian());
                }
            }
        }
        return new LabeledImages(Nd4j.create(px, new long[] {n, 1, 8, 8}, 'c'), labels, List.of("dark", "bright-left"));
    }

    static DatasetSplits splits() {
        return new DatasetSplits("synthetic", "generated", "-", split(96, 1), split(48, 2), split(48, 3));
    }

    static Layer tinyCnn(long seed) {
        Random rng = new Random(seed);
        DataType f = DataType.FLOAT;
        return new Sequential(List.of(
                new Conv2d(1, 4, 3, 1, 1, false, f, rng), new BatchNorm2d(4, f), new Activation(ActivationKind.RELU),
                new MaxPool2d(2, 2, 0), new Conv2d(4, 4, 3, 1, 1, true, f, rng), new Activation(ActivationKind.RELU),
                new GlobalAvgPool(), new Dense(4, 2, true, f, rng)));
    }
}
