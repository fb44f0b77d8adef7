package dev.qnet.runtime.data;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One split of an image classification set, fully in memory (MedMNIST-sized sets fit easily).
 *
 * @param images     FLOAT [N, C, H, W]; raw loaders give pixel values scaled to [0, 1]
 * @param labels     class index per image, each in [0, classNames.size())
 * @param classNames one name per class, index = label
 */
public record LabeledImages(INDArray images, int[] labels, List<String> classNames) {

    public LabeledImages {
        if (images.rank() != 4) {
            throw new IllegalArgumentException("images must be [N, C, H, W], got rank " + images.rank());
        }
        if (images.size(0) != labels.length) {
            throw new IllegalArgumentException(
                    "images and labels differ in count: " + images.size(0) + " vs " + labels.length);
        }
        classNames = List.copyOf(classNames);
    }

    public int size() {
        return labels.length;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** [C, H, W] of one image. */
    public long[] imageShape() {
        return new long[] {images.size(1), images.size(2), images.size(3)};
    }
}
