package dev.qnet.compiler.ir;

import dev.qnet.compiler.source.Span;
import dev.qnet.core.DatasetSource;
import dev.qnet.core.Preprocessing;
import java.util.List;
import java.util.Map;

/**
 * A dataset declaration.
 *
 * @param source         medmnist, mnist, fashionmnist or folder
 * @param name           the MedMNIST subset ("pneumoniamnist"), or the folder path for folder
 * @param size           image side length as loaded (28 unless given; MedMNIST also has 64/128/224)
 * @param options        other source arguments by name (e.g. "split" for folder), values as text
 * @param preprocessing  in order: normalize (per-channel mean/std of the training split),
 *                       resize(n) (bilinear to n x n), grayscale (mean of channels)
 * @param channels       channels after preprocessing (-1 if unknown, e.g. folder)
 * @param classes        number of classes (-1 if unknown)
 * @param imageShape     [channels, side, side] after preprocessing, or null if unknown
 */
public record DatasetIr(String variable, DatasetSource source, String name, int size, Map<String, String> options,
                        List<Preprocess> preprocessing, int channels, int classes, Shape imageShape, Span span) {
    public DatasetIr {
        options = Map.copyOf(options);
        preprocessing = List.copyOf(preprocessing);
    }

    /** One preprocessing step; {@code value} is the size for resize, 0 otherwise. */
    public record Preprocess(Preprocessing kind, int value) {}
}
