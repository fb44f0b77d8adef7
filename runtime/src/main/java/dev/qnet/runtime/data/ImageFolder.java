package dev.qnet.runtime.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A folder with one sub-folder per class (the MedNIST layout), PNG or JPEG images, grey or RGB.
 * Classes are the sub-folder names in sorted order. The train/val/test split is drawn per class
 * with a seeded shuffle, so class proportions are kept and the same seed gives the same split.
 */
public final class ImageFolder {

    /**
     * @param height       target height, or 0 to keep the images' own size (then all must agree)
     * @param width        target width, or 0 likewise
     * @param valFraction  share of each class for validation
     * @param testFraction share of each class for test
     * @param seed         seed of the split
     */
    public record Options(int height, int width, double valFraction, double testFraction, long seed) {
        public Options {
            if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
                throw new IllegalArgumentException("target size must be both positive or both 0, got "
                        + height + "x" + width);
            }
            if (valFraction < 0 || testFraction < 0 || valFraction + testFraction >= 1) {
                throw new IllegalArgumentException("val and test fractions must be >= 0 and sum below 1, got "
                        + valFraction + " + " + testFraction);
            }
        }

        public static Options defaults(long seed) {
            return new Options(0, 0, 0.1, 0.1, seed);
        }
    }

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private ImageFolder() {
    }

    public static DatasetSplits load(Path root, Options options) {
        if (!Files.isDirectory(root)) {
            throw new DataException(root + ": image folder not found");
        }
        List<Path> classDirs = list(root, Files::isDirectory);
        if (classDirs.isEmpty()) {
            throw new DataException(root + ": no class sub-folders (expected one folder of images per class)");
        }
        List<String> classNames = new ArrayList<>();
        List<List<Path>> files = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images = list(dir, p -> Files.isRegularFile(p) && isImage(p));
            if (images.isEmpty()) {
                throw new DataException(dir + ": class folder holds no PNG or JPEG images");
            }
            classNames.add(dir.getFileName().toString());
            files.add(images);
        }
        // Decode everything once; the channel count is only known after seeing every image.
        List<BufferedImage> decoded = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        boolean anyColour = false;
        StringBuilder listing = new StringBuilder();
        for (int c = 0; c < files.size(); c++) {
            for (Path p : files.get(c)) {
                BufferedImage img = ImageFiles.decode(p);
                if (options.height() == 0 && !decoded.isEmpty()) {
                    BufferedImage first = decoded.get(0);
                    if (img.getWidth() != first.getWidth() || img.getHeight() != first.getHeight()) {
                        throw new DataException(p + ": image is " + img.getWidth() + "x" + img.getHeight() + " but "
                                + paths.get(0) + " is " + first.getWidth() + "x" + first.getHeight()
                                + "; give a target size to resize");
                    }
                }
                anyColour |= isColour(img);
                decoded.add(img);
                labels.add(c);
                paths.add(p);
                listing.append(root.relativize(p)).append('\n');
            }
        }
        int channels = anyColour ? 3 : 1;
        int h = options.height() > 0 ? options.height() : decoded.get(0).getHeight();
        int w = options.width() > 0 ? options.width() : decoded.get(0).getWidth();
        long total = (long) decoded.size() * channels * h * w;
        if (total > Integer.MAX_VALUE - 16) {
            throw new DataException(root + ": " + decoded.size() + " images of " + channels + "x" + h + "x" + w
                    + " are too many to hold in memory (" + total + " values, limit 2^31); give a smaller size");
        }
        int per = channels * h * w;
        float[] all = new float[(int) total];
        for (int i = 0; i < decoded.size(); i++) {
            toChw(decoded.get(i), channels, h, w, all, i * per);
            decoded.set(i, null);
        }
        LabeledImages everything = new LabeledImages(Nd4j.create(all, new long[] {decoded.size(), channels, h, w}, 'c'),
                labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
        int[][] parts = split(everything.labels(), classNames.size(), options);
        // Folders have no single file to hash: hash the sorted listing, which changes when files do.
        String md5 = FileDigest.md5(listing.toString().getBytes(StandardCharsets.UTF_8));
        return new DatasetSplits(root.getFileName().toString(), root.toString(), md5,
                Subsets.select(everything, parts[0]), Subsets.select(everything, parts[1]),
                Subsets.select(everything, parts[2]));
    }

    /** Per-class seeded split into train, val, test index lists (each sorted). */
    static int[][] split(int[] labels, int numClasses, Options o) {
        Random rng = new Random(o.seed());
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    idx.add(i);
                }
            }
            java.util.Collections.shuffle(idx, rng);
            int nVal = (int) Math.round(idx.size() * o.valFraction());
            int nTest = (int) Math.round(idx.size() * o.testFraction());
            val.addAll(idx.subList(0, nVal));
            test.addAll(idx.subList(nVal, nVal + nTest));
            train.addAll(idx.subList(nVal + nTest, idx.size()));
        }
        return new int[][] {sorted(train), sorted(val), sorted(test)};
    }

    private static int[] sorted(List<Integer> l) {
        int[] a = l.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list folder (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isColour(BufferedImage img) {
        if (img.getColorModel().getNumColorComponents() == 1) {
            return false;
        }
        // RGB-encoded greyscale (common for exported scans) is still grey: check the pixels.
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r != g || g != b) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes the image as [C, h, w] floats in [0, 1] at {@code out[off]}, resizing bilinearly if needed. */
    private static void toChw(BufferedImage img, int channels, int h, int w, float[] out, int off) {
        int ih = img.getHeight();
        int iw = img.getWidth();
        float[] src = new float[channels * ih * iw];
        boolean grey = img.getColorModel().getNumColorComponents() == 1;
        var raster = img.getRaster();
        int bits = img.getColorModel().getComponentSize(0);
        float max = (1 << bits) - 1;
        for (int y = 0; y < ih; y++) {
            for (int x = 0; x < iw; x++) {
                if (grey) {
                    // Read the raw sample: getRGB on grey images applies a gamma conversion.
                    float v = raster.getSample(x, y, 0) / max;
                    for (int c = 0; c < channels; c++) {
                        src[(c * ih + y) * iw + x] = v;
                    }
                } else {
                    int rgb = img.getRGB(x, y);
                    if (channels == 1) {
                        src[y * iw + x] = ((rgb >> 16) & 0xff) / 255f;
                    } else {
                        src[y * iw + x] = ((rgb >> 16) & 0xff) / 255f;
                        src[(ih + y) * iw + x] = ((rgb >> 8) & 0xff) / 255f;
                        src[(2 * ih + y) * iw + x] = (rgb & 0xff) / 255f;
                    }
                }
            }
        }
        if (ih == h && iw == w) {
            System.arraycopy(src, 0, out, off, src.length);
        } else {
            for (int c = 0; c < channels; c++) {
                Resize.bilinear(src, c * ih * iw, ih, iw, out, off + c * h * w, h, w);
            }
        }
    }
}
