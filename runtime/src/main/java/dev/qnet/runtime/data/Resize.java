package dev.qnet.runtime.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bilinear resize to {@code height x width} with half-pixel centres (PyTorch's
 * {@code align_corners=False}), applied in training and evaluation alike.
 */
public record Resize(int height, int width) implements Augmentation {

    public Resize {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + height + "x" + width);
        }
    }

    @Override
    public INDArray apply(INDArray batch, Random rng, boolean training) {
        long[] s = batch.shape();
        int ih = (int) s[2];
        int iw = (int) s[3];
        if (ih == height && iw == width) {
            return batch;
        }
        int planes = (int) (s[0] * s[1]);
        float[] x = Augmentation.floats(batch);
        float[] out = new float[planes * height * width];
        for (int p = 0; p < planes; p++) {
            bilinear(x, p * ih * iw, ih, iw, out, p * height * width, height, width);
        }
        return Nd4j.create(out, new long[] {s[0], s[1], height, width}, 'c');
    }

    /** Resizes one plane {@code src[off..]} (ih x iw) into {@code dst[doff..]} (oh x ow). */
    public static void bilinear(float[] src, int off, int ih, int iw, float[] dst, int doff, int oh, int ow) {
        float sy = (float) ih / oh;
        float sx = (float) iw / ow;
        for (int y = 0; y < oh; y++) {
            float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, ih - 1);
            int y1 = Math.min(y0 + 1, ih - 1);
            float wy = fy - y0;
            for (int x = 0; x < ow; x++) {
                float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, iw - 1);
                int x1 = Math.min(x0 + 1, iw - 1);
                float wx = fx - x0;
                float top = src[off + y0 * iw + x0] * (1 - wx) + src[off + y0 * iw + x1] * wx;
                float bottom = src[off + y1 * iw + x0] * (1 - wx) + src[off + y1 * iw + x1] * wx;
                dst[doff + y * ow + x] = top * (1 - wy) + bottom * wy;
            }
        }
    }
}
