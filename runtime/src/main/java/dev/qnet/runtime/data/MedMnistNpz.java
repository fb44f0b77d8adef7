package dev.qnet.runtime.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads a MedMNIST v2 {@code .npz} into its three published splits. Images become FLOAT
 * [N, C, H, W] in [0, 1]; labels must be one class per image ([N, 1]). Every problem (empty
 * archive, missing key, flat or wrong shape, NaN or infinite pixel, count mismatch, negative,
 * fractional or out-of-set label, multi-label or 3D set) is a one-line {@link DataException}
 * that starts with the file and names the array and the first bad index, checked in one pass
 * over each array as it is loaded.
 */
public final class MedMnistNpz {

    private static final List<String> SPLITS = List.of("train", "val", "test");

    private MedMnistNpz() {
    }

    /** Loads with the flag taken from the file name ({@code pneumoniamnist_64.npz} -> pneumoniamnist). */
    public static DatasetSplits load(Path file) {
        return load(file, flagOf(file));
    }

    /** The MedMNIST flag a file name implies: name without {@code .npz} and without a {@code _64}-style size. */
    public static String flagOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".npz")) {
            n = n.substring(0, n.length() - 4);
        }
        return n.replaceFirst("_(28|64|128|224)$", "");
    }

    /**
     * @param flag the set's MedMNIST flag; picks class names and the expected class count. An
     *             unknown flag is allowed (names fall back to "0".."K-1").
     */
    public static DatasetSplits load(Path file, String flag) {
        if (flag.endsWith("3d")) {
            throw new DataException(file + ": " + flag + " is a 3D MedMNIST set; qnet reads 2D image sets only");
        }
        if (MedMnistCatalog.MULTI_LABEL.contains(flag)) {
            throw new DataException(file + ": " + flag + " is multi-label (14 labels per image); qnet trains"
                    + " single-label classifiers only");
        }
        try (NpzArchive npz = NpzArchive.open(file)) {
            requireArrays(npz, file);
            String md5 = FileDigest.md5(file);
            Optional<Integer> known = MedMnistCatalog.numClasses(flag);
            NpyArray[] images = new NpyArray[3];
            int[][] labels = new int[3][];
            long[] imageShape = null;
            long totalImages = 0;
            for (int s = 0; s < 3; s++) {
                String split = SPLITS.get(s);
                images[s] = npz.read(split + "_images");
                long[] perImage = checkImages(images[s], file, split + "_images");
                if (imageShape == null) {
                    imageShape = perImage;
                } else if (!Arrays.equals(imageShape, perImage)) {
                    throw new DataException(file + ": " + split + "_images: image shape " + Arrays.toString(perImage)
                            + " differs from train's " + Arrays.toString(imageShape));
                }
                labels[s] = readLabels(npz, file, split, images[s].shape()[0], flag, known);
                totalImages += labels[s].length;
            }
            int numClasses = known.isPresent() ? known.get() : inferClassCount(labels, totalImages, file);
            List<String> names = MedMnistCatalog.classNames(flag, numClasses);
            return new DatasetSplits(flag, file.toString(), md5,
                    toImages(images[0], labels[0], names), toImages(images[1], labels[1], names),
                    toImages(images[2], labels[2], names));
        }
    }

    /** Every split's two arrays must be present; checked before reading any, so one message lists all that are missing. */
    private static void requireArrays(NpzArchive npz, Path file) {
        List<String> keys = npz.keys();
        if (keys.isEmpty()) {
            throw new DataException(file + ": empty .npz archive (no arrays; expected train/val/test _images and _labels)");
        }
        List<String> missing = new ArrayList<>();
        for (String split : SPLITS) {
            for (String key : List.of(split + "_images", split + "_labels")) {
                if (!npz.contains(key)) {
                    missing.add("'" + key + "'");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new DataException(file + ": missing array" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " (not a MedMNIST file? has " + keys + ")");
        }
    }

    /** Checks one split's image array and returns its per-image shape ([H, W] or [H, W, C]). */
    private static long[] checkImages(NpyArray a, Path file, String name) {
        long[] shape = a.shape();
        String where = file + ": " + name;
        if (shape.length == 2) {
            long side = (long) Math.sqrt((double) shape[1]);
            String hint = side > 0 && side * side == shape[1]
                    ? " (reshape to [" + shape[0] + ", " + side + ", " + side + "])" : "";
            throw new DataException(where + " is stored flat, shape " + Arrays.toString(shape)
                    + "; expected images [N, H, W] or [N, H, W, C]" + hint);
        }
        if (shape.length == 4 && shape[3] != 3 && shape[3] != 1) {
            throw new DataException(where + ": shape " + Arrays.toString(shape)
                    + " looks like a 3D volume; qnet reads 2D image sets only");
        }
        if (shape.length != 3 && shape.length != 4) {
            throw new DataException(where + ": expected images [N, H, W] or [N, H, W, C] with C = 1 or 3, got shape "
                    + Arrays.toString(shape));
        }
        if (shape[0] == 0) {
            throw new DataException(where + " holds no images (shape " + Arrays.toString(shape) + ")");
        }
        if (shape[1] == 0 || shape[2] == 0) {
            throw new DataException(where + ": images of " + shape[1] + "x" + shape[2] + " pixels (shape "
                    + Arrays.toString(shape) + ")");
        }
        // One NaN pixel would turn every loss and gradient into NaN; integer dtypes cannot hold one.
        long bad = a.firstNonFiniteAsFloat();
        if (bad >= 0) {
            long perImage = a.count() / shape[0];
            double v = a.getDouble(bad);
            String what = Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "Inf" : "-Inf")
                    : v + " (beyond the float range)";
            throw new DataException(where + "[" + bad / perImage + "] (pixel " + bad % perImage + ") is " + what
                    + ": the file is corrupt");
        }
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /**
     * Reads a split's labels: one whole, non-negative class number per image (float arrays are
     * accepted when every value is whole), below the set's class count when the flag is known.
     */
    private static int[] readLabels(NpzArchive npz, Path file, String split, long n, String flag,
                                    Optional<Integer> numClasses) {
        NpyArray y = npz.read(split + "_labels");
        long[] shape = y.shape();
        String where = file + ": " + split + "_labels";
        if (shape.length == 2 && shape[1] > 1) {
            throw new DataException(where + ": labels have shape " + Arrays.toString(shape)
                    + " (multi-label set); qnet trains single-label classifiers only");
        }
        if (!(shape.length == 1 || (shape.length == 2 && shape[1] == 1))) {
            throw new DataException(where + ": expected labels [N, 1], got shape " + Arrays.toString(shape));
        }
        if (shape[0] != n) {
            throw new DataException(where + ": " + shape[0] + " labels for " + n + " images in " + split + "_images");
        }
        boolean floating = y.dtype() == NpyArray.Dtype.F4 || y.dtype() == NpyArray.Dtype.F8;
        int[] out = new int[(int) n];
        for (int i = 0; i < n; i++) {
            double v = y.getDouble(i);
            if (floating && Double.isNaN(v)) {
                throw new DataException(where + "[" + i + "] is NaN: the file is corrupt");
            }
            if (floating && v != Math.rint(v)) {
                throw new DataException(where + "[" + i + "] is " + v + ": labels must be whole class numbers");
            }
            long label = floating ? (long) v : y.getLong(i);
            // Whole floats print as the class number they claim to be; others (1e300) as themselves.
            String shown = !floating || v == label ? Long.toString(label) : Double.toString(v);
            if (label < 0) {
                throw new DataException(where + "[" + i + "] is " + shown + ": labels must be class numbers 0, 1, ...");
            }
            if (numClasses.isPresent() && label >= numClasses.get()) {
                throw new DataException(where + "[" + i + "] is " + shown + ", outside " + flag + "'s "
                        + numClasses.get() + " classes (0.." + (numClasses.get() - 1) + ")");
            }
            if (label > Integer.MAX_VALUE) {
                throw new DataException(where + "[" + i + "] is " + shown + ": not a plausible class number");
            }
            out[i] = (int) label;
        }
        return out;
    }

    /**
     * The class count of a set the catalog does not know: the largest label plus one. A label
     * beyond the number of images is corruption, not a class (and would allocate its names).
     */
    private static int inferClassCount(int[][] labels, long totalImages, Path file) {
        int max = -1;
        for (int s = 0; s < labels.length; s++) {
            for (int i = 0; i < labels[s].length; i++) {
                if (labels[s][i] >= totalImages) {
                    throw new DataException(file + ": " + SPLITS.get(s) + "_labels[" + i + "] is " + labels[s][i]
                            + ", more classes than the file's " + totalImages + " images: the labels are corrupt");
                }
                max = Math.max(max, labels[s][i]);
            }
        }
        return max + 1;
    }

    /** [N, H, W] or [N, H, W, C] u1 -> FLOAT [N, C, H, W] / 255. */
    private static LabeledImages toImages(NpyArray a, int[] labels, List<String> names) {
        long[] s = a.shape();
        int n = (int) s[0];
        int h = (int) s[1];
        int w = (int) s[2];
        int c = s.length == 4 ? (int) s[3] : 1;
        float scale = a.dtype() == NpyArray.Dtype.U1 ? 1f / 255f : 1f;
        float[] hwc = a.toFloats(scale);
        float[] chw;
        if (c == 1) {
            chw = hwc;
        } else {
            chw = new float[hwc.length];
            int plane = h * w;
            for (int i = 0; i < n; i++) {
                int base = i * plane * c;
                for (int p = 0; p < plane; p++) {
                    for (int ch = 0; ch < c; ch++) {
                        chw[base + ch * plane + p] = hwc[base + p * c + ch];
                    }
                }
            }
        }
        return new LabeledImages(Nd4j.create(chw, new long[] {n, c, h, w}, 'c'), labels, names);
    }
}
