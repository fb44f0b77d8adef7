package dev.qnet.runtime.data;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A random geometric augmentation. Each draws its part of one per-sample affine transform; a run
 * of them is fused by {@link RandomAffine} so an image is resampled once, not once per step.
 */
public sealed interface Geometric extends Augmentation permits Rotate, Flip, Zoom, Translate {

    /** Draws this step's parameters for one sample and folds them into {@code t}. */
    void draw(Random rng, AffineDraw t);

    @Override
    default INDArray apply(INDArray batch, Random rng, boolean training) {
        return new RandomAffine(List.of(this)).apply(batch, rng, training);
    }

    /**
     * The per-sample transform being assembled, as the inverse map used for sampling: a source
     * point is {@code centre + M (p - centre - t)}. Steps compose in declaration order.
     */
    final class AffineDraw {
        double m00 = 1, m01 = 0, m10 = 0, m11 = 1;
        double tx, ty;

        void reset() {
            m00 = 1;
            m01 = 0;
            m10 = 0;
            m11 = 1;
            tx = 0;
            ty = 0;
        }

        /** Appends forward linear map A (about the centre): inverse becomes M * A^-1. */
        void thenLinear(double a00, double a01, double a10, double a11) {
            double det = a00 * a11 - a01 * a10;
            double i00 = a11 / det, i01 = -a01 / det, i10 = -a10 / det, i11 = a00 / det;
            // forward so far: p' = F p + t ; new: p'' = A p' = A F p + A t
            double ntx = a00 * tx + a01 * ty;
            double nty = a10 * tx + a11 * ty;
            tx = ntx;
            ty = nty;
            double n00 = m00 * i00 + m01 * i10, n01 = m00 * i01 + m01 * i11;
            double n10 = m10 * i00 + m11 * i10, n11 = m10 * i01 + m11 * i11;
            m00 = n00;
            m01 = n01;
            m10 = n10;
            m11 = n11;
        }

        void thenShift(double dx, double dy) {
            tx += dx;
            ty += dy;
        }
    }
}
