package dev.qnet.runtime.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.data.MedMnistNpz;
import dev.qnet.runtime.data.SharedData;
import dev.qnet.runtime.nn.Dense;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import dev.qnet.runtime.nn.Sequential;
import dev.qnet.runtime.nn.SoftmaxCrossEntropy;
import dev.qnet.runtime.optim.Adam;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The hybrid model, dense -> angle encoding -> QCNN 8 -> 4 -> 2 -> 1 -> dense, on a real
 * BreastMNIST subset: the loss falls under Adam, and the gradients of the whole model (through the
 * quantum layer into the dense front end) equal finite differences.
 */
class HybridQcnnTest {

    private static LabeledImages subset(int n) {
        Path file = SharedData.file("breastmnist.npz");
        LabeledImages train = MedMnistNpz.load(file).train();
        INDArray images = train.images().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)).dup();
        return new LabeledImages(images, Arrays.copyOf(train.labels(), n), train.classNames());
    }

    private static Sequential model(DataType dtype, long seed) {
        Circuit.Builder b = Circuit.builder(8);
        Encodings.angle(b, GateKind.RY, 0, 1.0);
        int[] active = {0, 1, 2, 3, 4, 5, 6, 7};
        while (active.length > 1) {
            Qcnn.conv(b, active, Qcnn.peerConv(), true);
            active = Qcnn.pool(b, active, Qcnn.peerPool(), true);
        }
        Random rnd = new Random(seed);
        return new Sequential(List.<Layer>of(
            new Dense(28 * 28, 8, true, dtype, rnd),
            new QuantumLayer("qcnn", b.build(), List.of(new Observable.Z(active[0])), dtype, seed),
            new Dense(1, 2, true, dtype, rnd)));
    }

    private static double loss(Sequential m, INDArray x, int[] y) {
        return new SoftmaxCrossEntropy(null).compute(m.forward(x, true), y).loss();
    }

    @Test
    void lossFallsOnRealImages() {
        LabeledImages data = subset(64);
        INDArray x = data.images().reshape(64, 28 * 28).castTo(DataType.FLOAT);
        Sequential m = model(DataType.FLOAT, 3);
        Adam adam = Adam.adam(0);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(null);
        double first = 0, last = 0;
        for (int step = 0; step < 40; step++) {
            m.parameters().forEach(Parameter::zeroGrad);
            SoftmaxCrossEntropy.Result r = ce.compute(m.forward(x, true), data.labels());
            m.backward(r.gradLogits());
            adam.step(m.parameters(), 0.05);
            if (step == 0) {
                first = r.loss();
            }
            last = r.loss();
        }
        assertTrue(last < first - 0.05, "loss " + first + " -> " + last);
    }

    @Test
    void wholeModelGradientsMatchFiniteDifferences() {
        LabeledImages data = subset(6);
        INDArray x = data.images().reshape(6, 28 * 28).castTo(DataType.DOUBLE);
        int[] y = data.labels();
        Sequential m = model(DataType.DOUBLE, 5);
        m.parameters().forEach(Parameter::zeroGrad);
        SoftmaxCrossEntropy.Result r = new SoftmaxCrossEntropy(null).compute(m.forward(x, true), y);
        m.backward(r.gradLogits());
        double h = 1e-6;
        Random pick = new Random(1);
        int checked = 0;
        for (Parameter p : m.parameters()) {
            INDArray v = p.value();
            for (int t = 0; t < 6; t++) {
                long i = pick.nextInt((int) v.length());
                double keep = v.getDouble(i);
                v.putScalar(i, keep + h);
                double up = loss(m, x, y);
                v.putScalar(i, keep - h);
                double down = loss(m, x, y);
                v.putScalar(i, keep);
                assertEquals((up - down) / (2 * h), p.grad().getDouble(i), 1e-6, p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertEquals(5 * 6, checked, "dense W, b, theta, dense W, b");
    }
}
