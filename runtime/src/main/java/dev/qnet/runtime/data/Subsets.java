package dev.qnet.runtime.data;

import org.nd4j.linalg.factory.Nd4j;

/** Row selection on {@link LabeledImages}, for seeded splits and {@code --limit}. */
public final class Subsets {

    private Subsets() {
    }

    /** The images at {@code indices}, in that order (a copy). */
    public static LabeledImages select(LabeledImages from, int[] indices) {
        long[] shape = from.images().shape();
        int per = (int) (shape[1] * shape[2] * shape[3]);
        float[] src = Augmentation.floats(from.images());
        float[] dst = new float[indices.length * per];
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(src, indices[i] * per, dst, i * per, per);
            labels[i] = from.labels()[indices[i]];
        }
        return new LabeledImages(Nd4j.create(dst, new long[] {indices.length, shape[1], shape[2], shape[3]}, 'c'),
                labels, from.classNames());
    }

    /** The first {@code n} images (all if fewer). */
    public static LabeledImages first(LabeledImages from, int n) {
        int m = Math.min(n, from.size());
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = i;
        }
        return select(from, idx);
    }
}
