package dev.qnet.compiler.ir;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of one sample flowing between layers, without the batch dimension:
 * {@code [C, H, W]} for images (channels first, like PyTorch) or {@code [F]} for vectors.
 */
public record Shape(List<Integer> dims) {
    public Shape {
        dims = List.copyOf(dims);
    }

    public static Shape image(int c, int h, int w) { return new Shape(List.of(c, h, w)); }

    public static Shape vector(int f) { return new Shape(List.of(f)); }

    public boolean isImage() { return dims.size() == 3; }

    public boolean isVector() { return dims.size() == 1; }

    public int channels() { return dims.get(0); }

    public int height() { return dims.get(1); }

    public int width() { return dims.get(2); }

    /** Number of scalars per sample. */
    public long size() {
        long n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    @Override
    public String toString() {
        return dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
}
