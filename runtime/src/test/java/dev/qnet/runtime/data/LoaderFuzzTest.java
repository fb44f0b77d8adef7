package dev.qnet.runtime.data;

import static dev.qnet.runtime.data.IdxFixtures.IMAGES;
import static dev.qnet.runtime.data.IdxFixtures.LABELS;
import static dev.qnet.runtime.data.IdxFixtures.gzip;
import static dev.qnet.runtime.data.IdxFixtures.idx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random corruptions of a small .npz, a gzipped MNIST-format IDX set and a PNG folder,
 * each loaded through {@link Datasets#open} (what {@code qnetc run --data} calls). Every load must
 * either succeed with finite images and in-range labels, or fail with a one-line
 * {@link DataException} naming a file; never another exception, never a hang and never a large
 * allocation (a corrupt size field must be refused, not believed). Mutation {@code i} of a format
 * uses seed {@code SEED + i}, and a failure prints the seed and the exact edits.
 */
class LoaderFuzzTest {

    private static final long SEED = 20_240_601;
    private static final int MUTATIONS = 1500;
    private static final int BATCH = 100;
    /** A batch takes about a second; a minute means a loader is stuck. */
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);
    /** Honest loads of these sets allocate a few MB; a believed 2^31-byte claim would be far above. */
    private static final long MAX_ALLOCATION = 64L << 20;

    @TempDir
    Path tmp;

    /** What each mutation loads, given the folder its files were written to. */
    private interface Case {
        DatasetSplits load(Path dir);
    }

    /** Corrupts the copy of the data in {@code dir}; says what to expect and how to put the copy back. */
    private interface Corruption {
        Written write(Path dir, Mutator m) throws IOException;
    }

    private interface Undo {
        void run() throws IOException;
    }

    /**
     * @param classes the class count a successful load must report (0: any)
     * @param undo    restores {@code dir} for the next mutation (rewriting a few files is much
     *                cheaper than a fresh copy, and the test runs on a shared machine)
     */
    private record Written(int classes, Undo undo) {
    }

    private record Tally(int loaded, int refused) {
    }

    private volatile String current = "";

    /** Runs the mutations on the data in {@code dir}, which must load as it is. */
    private Tally fuzz(String format, Path dir, Corruption corruption, Case load) {
        int[] counts = new int[2];
        for (int start = 0; start < MUTATIONS; start += BATCH) {
            int from = start;
            assertTimeoutPreemptively(BATCH_TIMEOUT, () -> {
                for (int i = from; i < from + BATCH; i++) {
                    Mutator m = new Mutator(new Random(SEED + i));
                    Written w = corruption.write(dir, m);
                    String what = format + " mutation " + i + " (seed " + (SEED + i) + "): " + m.log();
                    current = what;
                    counts[check(what, () -> load.load(dir), w.classes()) ? 0 : 1]++;
                    w.undo().run();
                }
            }, () -> "timed out, a loader hangs; running " + current);
        }
        System.out.println(format + ": " + counts[0] + " mutations loaded, " + counts[1] + " refused");
        return new Tally(counts[0], counts[1]);
    }

    /** Runs one load; true when it succeeded (and the result is sound), false on a proper DataException. */
    private boolean check(String what, Supplier<DatasetSplits> load, int classes) {
        Object[] result = new Object[1];
        long bytes = Allocation.bytesAllocatedBy(() -> {
            try {
                result[0] = load.get();
            } catch (Throwable t) {
                result[0] = t;
            }
        });
        if (bytes > MAX_ALLOCATION) {
            failed(what, "allocated " + bytes + " bytes", null);
        }
        if (result[0] instanceof DataException e) {
            String msg = e.getMessage();
            if (msg == null || msg.contains("\n") || msg.contains("\r") || !msg.startsWith(tmp.toString())) {
                failed(what, "the message is not one line naming the file: " + msg, e);
            }
            return false;
        }
        if (result[0] instanceof Throwable t) {
            failed(what, "threw " + t, t);
        }
        DatasetSplits d = (DatasetSplits) result[0];
        for (LabeledImages split : List.of(d.train(), d.val(), d.test())) {
            int k = split.numClasses();
            if (classes > 0 && k != classes) {
                failed(what, "loaded with " + k + " classes, expected " + classes, null);
            }
            for (long side : split.imageShape()) {
                if (side < 1) {
                    failed(what, "loaded images of shape " + Arrays.toString(split.imageShape()), null);
                }
            }
            for (int y : split.labels()) {
                if (y < 0 || y >= k) {
                    failed(what, "loaded label " + y + " outside [0, " + k + ")", null);
                }
            }
            // A split can be empty (a small folder's validation share rounds to 0): nothing to scan.
            for (float v : split.size() == 0 ? new float[0] : Augmentation.floats(split.images())) {
                if (!Float.isFinite(v)) {
                    failed(what, "loaded a non-finite pixel " + v, null);
                }
            }
        }
        return true;
    }

    /** Fails naming the mutation; also printed, so the seed is in the log even if the report is cut. */
    private static void failed(String what, String problem, Throwable cause) {
        System.err.println("LoaderFuzzTest failure: " + what + ": " + problem);
        fail(what + ": " + problem, cause);
    }

    // --- npz ----------------------------------------------------------------------------------

    @Test
    void npzMutations() throws IOException {
        // 40 images cut from the shipped file, as u1 (what MedMNIST ships) and as f4 (what exports may hold).
        Map<String, byte[]> bytes = NpzFixtures.entries(NpzFixtures.shippedCut(24, 8, 8));
        Map<String, NpyArray> f4 = NpzFixtures.shippedCut(24, 8, 8);
        for (String s : NpzFixtures.SPLITS) {
            f4.put(s + "_images", NpzFixtures.convert(f4.get(s + "_images"), NpyArray.Dtype.F4, 1 / 255.0));
        }
        List<Map<String, byte[]>> bases = List.of(bytes, NpzFixtures.entries(f4));
        Case load = dir -> Datasets.open(onlyFile(dir).toString(), new DataLocator(List.of(dir), dir), 0, 1);

        Path dir = Files.createDirectories(tmp.resolve("npz"));
        Path clean = NpzArchiveTest.writeNpz(dir.resolve("pneumoniamnist.npz"), bytes, true);
        assertEquals(24, load.load(dir).train().size(), "the unmutated set must load");
        Files.delete(clean);

        Tally t = fuzz("npz", dir, (d, m) -> {
            Random r = m.random();
            boolean f4Images = r.nextInt(3) == 0;
            boolean deflate = r.nextBoolean();
            boolean named = r.nextInt(3) != 0;
            String name = named ? "pneumoniamnist.npz" : "small.npz";
            m.note(name + (deflate ? " deflated" : " stored") + (f4Images ? " f4" : " u1") + " images");
            Map<String, byte[]> entries = new LinkedHashMap<>(bases.get(f4Images ? 1 : 0));
            Path file = d.resolve(name);
            switch (r.nextInt(6)) {
                case 0, 1, 2 -> {
                    // Below the arrays: bytes of the zip itself, its headers and central directory.
                    byte[] zip = Files.readAllBytes(NpzArchiveTest.writeNpz(file, entries, deflate));
                    Files.write(file, mutateZip(zip, m));
                }
                case 3 -> {
                    String key = m.pick(new ArrayList<>(entries.keySet()));
                    byte[] npy = entries.get(key);
                    boolean header = r.nextBoolean();
                    m.note("entry " + key + (header ? " header" : " data"));
                    entries.put(key, header ? m.flip(npy, 0, 128, 3) : m.flip(npy, 128, npy.length, 8));
                    NpzArchiveTest.writeNpz(file, entries, deflate);
                }
                case 4 -> {
                    String key = m.pick(new ArrayList<>(entries.keySet()));
                    entries.put(key, editNpyHeader(entries.get(key), key, m));
                    NpzArchiveTest.writeNpz(file, entries, deflate);
                }
                default -> {
                    editArrays(entries, m);
                    NpzArchiveTest.writeNpz(file, entries, deflate);
                }
            }
            return new Written(named ? 2 : 0, () -> Files.delete(file));
        }, load);
        assertTrue(t.loaded() > 50 && t.refused() > 500, "the mutations should both pass and fail: " + t);
    }

    private static Path onlyFile(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final int CEN = 0x02014b50;
    private static final int LOC = 0x04034b50;
    private static final int END = 0x06054b50;
    /** Offset and width of the size, count, offset and method fields of each zip record. */
    private static final int[][] CEN_FIELDS = {{10, 2}, {16, 4}, {20, 4}, {24, 4}, {28, 2}, {30, 2}, {32, 2}, {42, 4}};
    private static final int[][] LOC_FIELDS = {{8, 2}, {14, 4}, {18, 4}, {22, 4}, {26, 2}, {28, 2}};
    private static final int[][] END_FIELDS = {{8, 2}, {10, 2}, {12, 4}, {16, 4}, {20, 2}};

    private static byte[] mutateZip(byte[] zip, Mutator m) {
        Random r = m.random();
        return switch (r.nextInt(5)) {
            case 0 -> m.flip(zip, 0, zip.length, 8);
            case 1 -> m.truncate(zip);
            case 2 -> {
                List<Integer> cen = Mutator.find(zip, CEN);
                // The central directory is the last 5% or so: flips there hit names and sizes.
                int from = cen.isEmpty() ? 0 : cen.get(0);
                yield m.flip(zip, from, zip.length, 4);
            }
            default -> {
                int kind = r.nextInt(3);
                int sig = kind == 0 ? CEN : kind == 1 ? LOC : END;
                int[][] fields = kind == 0 ? CEN_FIELDS : kind == 1 ? LOC_FIELDS : END_FIELDS;
                List<Integer> at = Mutator.find(zip, sig);
                if (at.isEmpty()) {
                    yield zip;
                }
                int[] f = fields[r.nextInt(fields.length)];
                yield m.setField(zip, m.pick(at) + f[0], f[1], ByteOrder.LITTLE_ENDIAN,
                        (kind == 0 ? "central" : kind == 1 ? "local" : "end") + " header field +" + f[0]);
            }
        };
    }

    private static final List<String> DESCRS = List.of("|u1", "<u1", "<i8", "<f4", "<f8", ">f4", ">i8", "<i4",
            "|b1", "<c16", "u1", "", "<f4'", "|u1|u1");
    private static final List<Long> DIMS = List.of(0L, 1L, 2L, 3L, 8L, 24L, 28L, 784L, 1_000_000L, 2_000_000L,
            1L << 31, (1L << 31) - 1, 2_000_000_000L, 1L << 32, 1L << 40, 1L << 62, Long.MAX_VALUE);

    /** Rewrites an entry's .npy header (shape, dtype, order, version, length field) around the same data. */
    private static byte[] editNpyHeader(byte[] npy, String key, Mutator m) {
        Random r = m.random();
        int len = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        String header = new String(npy, 10, len, StandardCharsets.ISO_8859_1);
        byte[] data = Arrays.copyOfRange(npy, 10 + len, npy.length);
        String edited;
        switch (r.nextInt(6)) {
            case 0 -> {
                StringBuilder shape = new StringBuilder("(");
                int rank = r.nextInt(6);
                for (int i = 0; i < rank; i++) {
                    String dim = switch (r.nextInt(8)) {
                        case 0 -> "-1";
                        case 1 -> "99999999999999999999";
                        case 2 -> "1e3";
                        case 3 -> Integer.toString(r.nextInt(2000));
                        default -> Long.toString(m.pick(DIMS));
                    };
                    shape.append(dim).append(rank == 1 ? "," : i + 1 < rank ? ", " : "");
                }
                shape.append(')');
                edited = header.replaceFirst("'shape': \\([^)]*\\)", "'shape': " + Matcher.quoteReplacement(shape.toString()));
            }
            case 1 -> edited = header.replaceFirst("'descr': '[^']*'", "'descr': '" + m.pick(DESCRS) + "'");
            case 2 -> edited = header.replace("False", r.nextBoolean() ? "True" : "Maybe");
            case 3 -> {
                // Delete a random span: drops keys, quotes or parentheses.
                int a = r.nextInt(header.length());
                int b = Math.min(header.length(), a + 1 + r.nextInt(20));
                edited = header.substring(0, a) + header.substring(b);
            }
            case 4 -> {
                // One size of the real shape replaced: the edit that makes a small entry claim gigabytes.
                int at = header.indexOf("'shape'");
                Matcher dims = Pattern.compile("\\d+").matcher(header).region(at, header.length());
                List<int[]> spans = new ArrayList<>();
                while (dims.find()) {
                    spans.add(new int[] {dims.start(), dims.end()});
                }
                int[] span = m.pick(spans);
                edited = header.substring(0, span[0]) + m.pick(DIMS) + header.substring(span[1]);
            }
            default -> edited = header;
        }
        int major = 1 + r.nextInt(3);
        m.note(key + " header v" + major + ": " + edited.strip());
        byte[] out = NpzArchiveTest.rawNpy(major, edited, data);
        if (r.nextInt(4) == 0) {
            out = m.setField(out, 8, major == 1 ? 2 : 4, ByteOrder.LITTLE_ENDIAN, "npy header length");
        }
        if (r.nextInt(6) == 0) {
            out = m.setField(out, 6, 1, ByteOrder.LITTLE_ENDIAN, "npy major version");
        }
        return out;
    }

    /** Array-level damage: a missing, renamed, swapped, emptied or scalar entry. */
    private static void editArrays(Map<String, byte[]> entries, Mutator m) {
        Random r = m.random();
        List<String> keys = new ArrayList<>(entries.keySet());
        String a = m.pick(keys);
        String b = m.pick(keys);
        switch (r.nextInt(5)) {
            case 0 -> {
                m.note("drop " + a);
                entries.remove(a);
            }
            case 1 -> {
                m.note("rename " + a + " to " + a + "x");
                entries.put(a + "x", entries.remove(a));
            }
            case 2 -> {
                m.note("swap " + a + " and " + b);
                byte[] t = entries.get(a);
                entries.put(a, entries.get(b));
                entries.put(b, t);
            }
            case 3 -> {
                m.note(a + " emptied to shape (0,)");
                entries.put(a, NpzArchiveTest.npy(NpyArray.Dtype.U1, new long[] {0}));
            }
            default -> {
                m.note(a + " replaced by a scalar");
                entries.put(a, NpzArchiveTest.npy(NpyArray.Dtype.F8, new long[] {}, 1));
            }
        }
    }

    // --- IDX ----------------------------------------------------------------------------------

    private static final List<String> IDX_FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    @Test
    void idxMutations() throws IOException {
        // Just over MNIST's 5,000 validation images, but 2x2 pixels: the set is 20 KB.
        Random rng = new Random(SEED);
        int train = 5010;
        int test = 20;
        byte[] px = new byte[train * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (rng.nextInt(4) * 85);
        }
        byte[] y = new byte[train];
        for (int i = 0; i < y.length; i++) {
            y[i] = (byte) rng.nextInt(10);
        }
        List<byte[]> raw = List.of(idx(IMAGES, new int[] {train, 2, 2}, px), idx(LABELS, new int[] {train}, y),
                idx(IMAGES, new int[] {test, 2, 2}, Arrays.copyOf(px, test * 4)),
                idx(LABELS, new int[] {test}, Arrays.copyOf(y, test)));
        List<byte[]> gz = raw.stream().map(IdxFixtures::gzip).toList();
        Case load = dir -> Datasets.open("mnist", new DataLocator(List.of(dir), dir), 0, 1);

        Path dir = tmp.resolve("idx");
        Path mnist = Files.createDirectories(dir.resolve("mnist"));
        for (int f = 0; f < 4; f++) {
            Files.write(mnist.resolve(IDX_FILES.get(f)), gz.get(f));
        }
        assertEquals(10, load.load(dir).train().size(), "the unmutated set must load");

        Tally t = fuzz("idx", dir, (d, m) -> {
            Random r = m.random();
            // Weighted to the train files: the large ones, where a cut or a bad dimension does the most.
            int target = r.nextInt(10) < 7 ? r.nextInt(2) : 2 + r.nextInt(2);
            m.note(IDX_FILES.get(target));
            byte[] b = raw.get(target);
            int dims = target % 2 == 0 ? 3 : 1;
            byte[] written = switch (r.nextInt(6)) {
                case 0 -> gzipMostly(m.setField(b, r.nextInt(4), 1, ByteOrder.BIG_ENDIAN, "magic byte"), m);
                case 1 -> gzipMostly(m.setField(b, 4 + 4 * r.nextInt(dims + 1), 4, ByteOrder.BIG_ENDIAN, "dimension"), m);
                case 2 -> gzipMostly(m.flip(b, 4 + 4 * dims, b.length, 4), m);
                case 3 -> gzipMostly(r.nextBoolean() ? m.truncate(b) : m.append(b), m);
                default -> {
                    // Below the IDX: the gzip stream's header, deflate data and CRC/size trailer.
                    byte[] z = gzip(b);
                    yield switch (r.nextInt(4)) {
                        case 0 -> m.flip(z, 0, 10, 2);
                        case 1 -> m.flip(z, z.length - 8, z.length, 2);
                        case 2 -> m.truncate(z);
                        default -> m.flip(z, 10, z.length - 8, 3);
                    };
                }
            };
            Path file = mnist.resolve(IDX_FILES.get(target));
            Files.write(file, written);
            return new Written(10, () -> Files.write(file, gz.get(target)));
        }, load);
        assertTrue(t.loaded() > 50 && t.refused() > 500, "the mutations should both pass and fail: " + t);
    }

    /** Gzipped as the real files are, or one time in six plain under the .gz name (gzip is detected from the content). */
    private static byte[] gzipMostly(byte[] idx, Mutator m) {
        if (m.random().nextInt(6) == 0) {
            m.note("written without gzip");
            return idx;
        }
        return gzip(idx);
    }

    // --- PNG folder ---------------------------------------------------------------------------

    @Test
    void pngFolderMutations() throws IOException {
        // Ten 8x8 images in two classes (five each, so validation and test get one), in the colour
        // models PNG files come in.
        int[] types = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_INDEXED,
            BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB};
        Random rng = new Random(SEED);
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            BufferedImage img = new BufferedImage(8, 8, types[i % types.length]);
            for (int p = 0; p < 64; p++) {
                img.setRGB(p % 8, p / 8, 0xff000000 | rng.nextInt(1 << 24));
            }
            Path f = tmp.resolve("base/" + i + ".png");
            Files.createDirectories(f.getParent());
            assertTrue(ImageIO.write(img, "png", f.toFile()));
            pngs.put((i < 5 ? "a/" : "b/") + i + ".png", Files.readAllBytes(f));
        }
        List<String> names = new ArrayList<>(pngs.keySet());
        int[] size = new int[1]; // image side, chosen per mutation by the corruption and read by the load
        Case load = dir -> Datasets.open(dir.resolve("folder").toString(), new DataLocator(List.of(dir), dir), size[0], 1);

        Path dir = tmp.resolve("png");
        for (var e : pngs.entrySet()) {
            Files.createDirectories(dir.resolve("folder").resolve(e.getKey()).getParent());
            Files.write(dir.resolve("folder").resolve(e.getKey()), e.getValue());
        }
        assertEquals(6, load.load(dir).train().size(), "the unmutated folder must load");

        Tally t = fuzz("png", dir, (d, m) -> {
            Random r = m.random();
            size[0] = r.nextInt(4) == 0 ? 6 : 0;
            m.note("size " + size[0]);
            Map<String, byte[]> files = new LinkedHashMap<>(pngs);
            int n = r.nextInt(5) == 0 ? 2 : 1;
            List<String> changed = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                String name = m.pick(names);
                m.note(name);
                files.put(name, mutatePng(files.get(name), m));
                changed.add(name);
            }
            for (String name : changed) {
                Files.write(d.resolve("folder").resolve(name), files.get(name));
            }
            return new Written(2, () -> {
                for (String name : changed) {
                    Files.write(d.resolve("folder").resolve(name), pngs.get(name));
                }
            });
        }, load);
        assertTrue(t.loaded() > 50 && t.refused() > 500, "the mutations should both pass and fail: " + t);
    }

    private static final List<Integer> BIT_DEPTHS = List.of(0, 1, 2, 4, 8, 16, 3, 255);
    private static final List<Integer> COLOUR_TYPES = List.of(0, 1, 2, 3, 4, 5, 6, 7, 255);

    private static byte[] mutatePng(byte[] png, Mutator m) {
        Random r = m.random();
        if (png.length < 40) {
            // Already cut down by an earlier edit of this mutation: no chunks left to aim at.
            return m.append(png);
        }
        return switch (r.nextInt(7)) {
            case 0 -> m.flip(png, 8, png.length, 6);
            case 1 -> {
                // IHDR: width 16, height 20 (4 bytes each), then bit depth, colour type, compression, filter, interlace.
                int field = r.nextInt(7);
                if (field < 2) {
                    yield m.setField(png, 16 + 4 * field, 4, ByteOrder.BIG_ENDIAN, field == 0 ? "width" : "height");
                }
                byte[] out = png.clone();
                int v = field == 2 ? m.pick(BIT_DEPTHS) : field == 3 ? m.pick(COLOUR_TYPES) : r.nextInt(3) == 0 ? 255 : r.nextInt(3);
                m.note("IHDR byte " + (22 + field) + " -> " + v);
                out[22 + field] = (byte) v;
                yield out;
            }
            case 2 -> {
                List<Integer> chunks = chunkStarts(png);
                yield m.setField(png, m.pick(chunks), 4, ByteOrder.BIG_ENDIAN, "chunk length");
            }
            case 3 -> m.truncate(png);
            case 4 -> {
                List<Integer> chunks = chunkStarts(png);
                int at = chunks.get(Math.max(0, chunks.size() - 2));
                yield m.flip(png, at + 8, png.length - 12, 4);
            }
            case 5 -> {
                m.note("emptied");
                yield new byte[0];
            }
            default -> {
                byte[] junk = new byte[r.nextInt(200)];
                r.nextBytes(junk);
                m.note("replaced by " + junk.length + " random bytes");
                yield junk;
            }
        };
    }

    /** Offsets of each chunk's length field after the 8-byte signature (the last is IEND, the one before IDAT). */
    private static List<Integer> chunkStarts(byte[] png) {
        List<Integer> at = new ArrayList<>();
        int p = 8;
        while (p + 8 <= png.length) {
            at.add(p);
            int length = ByteBuffer.wrap(png, p, 4).getInt();
            if (length < 0 || length > png.length) {
                break; // an earlier edit of this mutation broke the chain
            }
            p += 12 + length;
        }
        return at;
    }
}
