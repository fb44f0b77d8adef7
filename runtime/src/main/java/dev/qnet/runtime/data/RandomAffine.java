package dev.qnet.runtime.data;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Several {@link Geometric} steps fused into one affine transform per sample, resampled once
 * bilinearly; pixels that come from outside the image are 0 (as torchvision fills). Samples are
 * processed in batch order and each step draws a fixed count of random numbers, so a seed fixes
 * every image's transform.
 */
public record RandomAffine(List<Geometric> steps) implements Augmentation {

    public RandomAffine {
        steps = List.copyOf(steps);
    }

    @Override
    public INDArray apply(INDArray batch, Random rng, boolean training) {
        if (!training || steps.isEmpty()) {
            return batch;
        }
        long[] s = batch.shape();
        int n = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        float[] x = Augmentation.floats(batch);
        float[] out = new float[x.length];
        Geometric.AffineDraw t = new Geometric.AffineDraw();
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        for (int i = 0; i < n; i++) {
            t.reset();
            for (Geometric g : steps) {
                g.draw(rng, t);
            }
            warp(x, out, i * c * h * w, c, h, w, t, cx, cy);
        }
        return Nd4j.create(out, s, 'c');
    }

    private static void warp(float[] x, float[] out, int base, int c, int h, int w, Geometric.AffineDraw t,
                             double cx, double cy) {
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            double py = y - cy - t.ty;
            for (int xo = 0; xo < w; xo++) {
                double px = xo - cx - t.tx;
                double sx = cx + t.m00 * px + t.m01 * py;
                double sy = cy + t.m10 * px + t.m11 * py;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                float wx = (float) (sx - x0);
                float wy = (float) (sy - y0);
                boolean inX0 = x0 >= 0 && x0 < w;
                boolean inX1 = x0 + 1 >= 0 && x0 + 1 < w;
                boolean inY0 = y0 >= 0 && y0 < h;
                boolean inY1 = y0 + 1 >= 0 && y0 + 1 < h;
                float w00 = inY0 && inX0 ? (1 - wx) * (1 - wy) : 0;
                float w01 = inY0 && inX1 ? wx * (1 - wy) : 0;
                float w10 = inY1 && inX0 ? (1 - wx) * wy : 0;
                float w11 = inY1 && inX1 ? wx * wy : 0;
                int i00 = y0 * w + x0;
                int o = y * w + xo;
                for (int ch = 0; ch < c; ch++) {
                    int p = base + ch * plane;
                    float v = 0;
                    if (w00 != 0) {
                        v += w00 * x[p + i00];
                    }
                    if (w01 != 0) {
                        v += w01 * x[p + i00 + 1];
                    }
                    if (w10 != 0) {
                        v += w10 * x[p + i00 + w];
                    }
                    if (w11 != 0) {
                        v += w11 * x[p + i00 + w + 1];
                    }
                    out[p + o] = v;
                }
            }
        }
    }
}
