package dev.qnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipped PneumoniaMNIST file's arrays and edits of them, for tests that write corrupt
 * copies. Unlike {@link SharedData} this never skips: the file is committed to the repository.
 */
final class NpzFixtures {

    /** The quick start's embedded copy, relative to the runtime module (where surefire runs). */
    static final Path SHIPPED = Path.of("../examples/data/pneumoniamnist.npz");

    static final List<String> SPLITS = List.of("train", "val", "test");

    private static Map<String, NpyArray> shipped;

    private NpzFixtures() {
    }

    /** The shipped file's six arrays in archive order (a fresh map; the arrays are read once). */
    static synchronized Map<String, NpyArray> shipped() {
        if (shipped == null) {
            assertTrue(Files.isRegularFile(SHIPPED), SHIPPED.toAbsolutePath() + " is missing; it is part of the repository");
            Map<String, NpyArray> m = new LinkedHashMap<>();
            try (NpzArchive npz = NpzArchive.open(SHIPPED)) {
                for (String key : npz.keys()) {
                    m.put(key, npz.read(key));
                }
            }
            shipped = Collections.unmodifiableMap(m);
        }
        return new LinkedHashMap<>(shipped);
    }

    /** The first {@code train}, {@code val} and {@code test} images and labels of the shipped file. */
    static Map<String, NpyArray> shippedCut(int train, int val, int test) {
        Map<String, NpyArray> all = shipped();
        int[] n = {train, val, test};
        Map<String, NpyArray> out = new LinkedHashMap<>();
        for (int s = 0; s < 3; s++) {
            out.put(SPLITS.get(s) + "_images", firstRows(all.get(SPLITS.get(s) + "_images"), n[s]));
            out.put(SPLITS.get(s) + "_labels", firstRows(all.get(SPLITS.get(s) + "_labels"), n[s]));
        }
        return out;
    }

    /** The first {@code n} rows (along dimension 0). */
    static NpyArray firstRows(NpyArray a, int n) {
        long[] shape = a.shape();
        long perRow = a.count() / shape[0];
        shape[0] = n;
        ByteBuffer d = a.data();
        d.limit(Math.toIntExact(n * perRow * a.dtype().bytes));
        return new NpyArray(a.dtype(), shape, d.slice());
    }

    /** The same bytes under another shape of equal size (e.g. images stored flat). */
    static NpyArray reshape(NpyArray a, long... shape) {
        return new NpyArray(a.dtype(), shape, a.data());
    }

    /** The values converted to {@code dtype} and multiplied by {@code scale} (u1 pixels / 255 as f4, say). */
    static NpyArray convert(NpyArray a, NpyArray.Dtype dtype, double scale) {
        int n = Math.toIntExact(a.count());
        ByteBuffer b = ByteBuffer.allocate(n * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            put(b, dtype, i, a.getDouble(i) * scale);
        }
        return new NpyArray(dtype, a.shape(), b);
    }

    /** A copy with element {@code index} (C order) set to {@code value}. */
    static NpyArray with(NpyArray a, long index, double value) {
        ByteBuffer src = a.data();
        ByteBuffer b = ByteBuffer.allocate(src.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(src).clear();
        put(b, a.dtype(), Math.toIntExact(index), value);
        return new NpyArray(a.dtype(), a.shape(), b);
    }

    private static void put(ByteBuffer b, NpyArray.Dtype dtype, int i, double v) {
        switch (dtype) {
            case U1 -> b.put(i, (byte) v);
            case I8 -> b.putLong(i * 8, (long) v);
            case F4 -> b.putFloat(i * 4, (float) v);
            case F8 -> b.putDouble(i * 8, v);
        }
    }

    /** Writes the arrays as an npz with numpy's entry names, stored or deflated. */
    static Path write(Path file, Map<String, NpyArray> arrays, boolean deflate) throws IOException {
        return NpzArchiveTest.writeNpz(file, entries(arrays), deflate);
    }

    /** The arrays as raw entries (name without .npy to .npy bytes), for edits below the array level. */
    static Map<String, byte[]> entries(Map<String, NpyArray> arrays) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        arrays.forEach((k, a) -> entries.put(k, NpyReader.write(a)));
        return entries;
    }
}
