package dev.qnet.runtime.data;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-channel standardisation {@code (x - mean[c]) / std[c]}. The statistics come from the
 * training split only ({@link #fromTrain}), so nothing about val/test leaks into training.
 */
public record Normalize(float[] mean, float[] std) implements Augmentation {

    public Normalize {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("need one mean and one std per channel, got " + mean.length
                    + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Mean and (population) std per channel over every training pixel, in double precision. */
    public static Normalize fromTrain(LabeledImages train) {
        long[] s = train.images().shape();
        int n = (int) s[0];
        int c = (int) s[1];
        int plane = (int) (s[2] * s[3]);
        float[] x = Augmentation.floats(train.images());
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    double v = x[base + p];
                    sum += v;
                    sq += v * v;
                }
            }
            double count = (double) n * plane;
            double m = sum / count;
            double var = Math.max(0, sq / count - m * m);
            mean[ch] = (float) m;
            // A constant channel would divide by zero; 1 leaves it merely centred.
            std[ch] = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
        }
        return new Normalize(mean, std);
    }

    @Override
    public INDArray apply(INDArray batch, Random rng, boolean training) {
        long[] s = batch.shape();
        int c = (int) s[1];
        if (c != mean.length) {
            throw new IllegalArgumentException("batch has " + c + " channels, normalisation has " + mean.length);
        }
        int plane = (int) (s[2] * s[3]);
        float[] x = Augmentation.floats(batch);
        for (int i = 0; i < s[0]; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * plane;
                float m = mean[ch];
                float inv = 1f / std[ch];
                for (int p = 0; p < plane; p++) {
                    x[base + p] = (x[base + p] - m) * inv;
                }
            }
        }
        return Nd4j.create(x, s, 'c');
    }

    @Override
    public String toString() {
        return "Normalize[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalize n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }
}
