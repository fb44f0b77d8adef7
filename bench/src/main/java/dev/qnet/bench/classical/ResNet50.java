package dev.qnet.bench.classical;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import dev.qnet.runtime.nn.Activation;
import dev.qnet.runtime.nn.BatchNorm2d;
import dev.qnet.runtime.nn.Conv2d;
import dev.qnet.runtime.nn.Dense;
import dev.qnet.runtime.nn.GlobalAvgPool;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Residual;
import dev.qnet.runtime.nn.Sequential;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The MedMNIST ResNet-50 of {@code ../shared/peers/torch_resnet50_28.py}, built from runtime
 * layers: 3x3 stride-1 stem, no max-pool, bottleneck stages [3, 4, 6, 3], global average pool,
 * dense head. 23,503,298 parameters for 1 input channel and 2 classes.
 */
public final class ResNet50 {

    private ResNet50() {
    }

    public static Sequential build(int inChannels, int classes, DataType dtype, long seed) {
        Random rng = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        layers.add(new Conv2d(inChannels, 64, 3, 1, 1, false, dtype, rng));
        layers.add(new BatchNorm2d(64, dtype));
        layers.add(new Activation(Activation.Kind.RELU));
        int c = 64;
        int[][] stages = {{64, 3, 1}, {128, 4, 2}, {256, 6, 2}, {512, 3, 2}};
        for (int[] stage : stages) {
            for (int i = 0; i < stage[1]; i++) {
                layers.add(bottleneck(c, stage[0], i == 0 ? stage[2] : 1, dtype, rng));
                layers.add(new Activation(Activation.Kind.RELU));
                c = stage[0] * 4;
            }
        }
        layers.add(new GlobalAvgPool());
        layers.add(new Dense(c, classes, true, dtype, rng));
        return new Sequential(layers, "resnet50");
    }

    private static Layer bottleneck(int in, int width, int stride, DataType dtype, Random rng) {
        Layer branch = new Sequential(List.of(
                new Conv2d(in, width, 1, 1, 0, false, dtype, rng), new BatchNorm2d(width, dtype),
                new Activation(Activation.Kind.RELU),
                new Conv2d(width, width, 3, stride, 1, false, dtype, rng), new BatchNorm2d(width, dtype),
                new Activation(Activation.Kind.RELU),
                new Conv2d(width, width * 4, 1, 1, 0, false, dtype, rng), new BatchNorm2d(width * 4, dtype)));
        Layer shortcut = stride != 1 || in != width * 4
                ? new Sequential(List.of(new Conv2d(in, width * 4, 1, stride, 0, false, dtype, rng),
                        new BatchNorm2d(width * 4, dtype)))
                : null;
        return new Residual(branch, shortcut);
    }
}
