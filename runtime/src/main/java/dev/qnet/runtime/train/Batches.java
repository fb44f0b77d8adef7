package dev.qnet.runtime.train;

import dev.qnet.runtime.data.LabeledImages;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Gathers mini-batches of images by index. */
final class Batches {

    private Batches() {
    }

    /** Images {@code order[from..to)} as a new [b, C, H, W] array in the model's dtype. */
    static INDArray images(LabeledImages data, int[] order, int from, int to,
                           org.nd4j.linalg.api.buffer.DataType dtype) {
        INDArray all = data.images();
        long n = all.size(0);
        INDArray rows = all.reshape('c', n, all.length() / n);
        int[] idx = java.util.Arrays.copyOfRange(order, from, to);
        INDArray picked = Nd4j.pullRows(rows, 1, idx);
        INDArray batch = picked.reshape('c', idx.length, all.size(1), all.size(2), all.size(3));
        return batch.dataType() == dtype ? batch : batch.castTo(dtype);
    }

    static int[] labels(LabeledImages data, int[] order, int from, int to) {
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
            y[i - from] = data.labels()[order[i]];
        }
        return y;
    }

    static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }
}
