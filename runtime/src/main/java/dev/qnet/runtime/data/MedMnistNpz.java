package dev.qnet.runtime.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads a MedMNIST v2 {@code .npz} into its three published splits. Images become FLOAT
 * [N, C, H, W] in [0, 1]; labels must be one class per image ([N, 1]). Every structural problem
 * (missing key, wrong shape, count mismatch, label out of range, multi-label or 3D set) is a
 * {@link DataException} naming the file.
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
        String md5 = FileDigest.md5(file);
        try (NpzArchive npz = NpzArchive.open(file)) {
            NpyArray[] images = new NpyArray[3];
            int[][] labels = new int[3][];
            long[] imageShape = null;
            int maxLabel = -1;
            for (int s = 0; s < 3; s++) {
                String split = SPLITS.get(s);
                for (String key : List.of(split + "_images", split + "_labels")) {
                    if (!npz.contains(key)) {
                        throw new DataException(file + ": missing array '" + key + "' (not a MedMNIST file? has "
                                + npz.keys() + ")");
                    }
                }
                images[s] = npz.read(split + "_images");
                long[] shape = images[s].shape();
                String where = file + ":" + split + "_images";
                if (shape.length == 4 && shape[3] != 3 && shape[3] != 1) {
                    throw new DataException(where + ": shape " + Arrays.toString(shape)
                            + " looks like a 3D volume; qnet reads 2D image sets only");
                }
                if (shape.length != 3 && shape.length != 4) {
                    throw new DataException(where + ": expected images [N, H, W] or [N, H, W, 3], got shape "
                            + Arrays.toString(shape));
                }
                long[] perImage = Arrays.copyOfRange(shape, 1, shape.length);
                if (imageShape == null) {
                    imageShape = perImage;
                } else if (!Arrays.equals(imageShape, perImage)) {
                    throw new DataException(where + ": image shape " + Arrays.toString(perImage)
                            + " differs from train's " + Arrays.toString(imageShape));
                }
                labels[s] = readLabels(npz, file, split, shape[0]);
                for (int y : labels[s]) {
                    maxLabel = Math.max(maxLabel, y);
                }
            }
            int numClasses = MedMnistCatalog.numClasses(flag).orElse(maxLabel + 1);
            for (int s = 0; s < 3; s++) {
                for (int i = 0; i < labels[s].length; i++) {
                    if (labels[s][i] < 0 || labels[s][i] >= numClasses) {
                        throw new DataException(file + ":" + SPLITS.get(s) + "_labels: label " + labels[s][i]
                                + " at index " + i + " is out of range [0, " + numClasses + ") for " + flag);
                    }
                }
            }
            List<String> names = MedMnistCatalog.classNames(flag, numClasses);
            return new DatasetSplits(flag, file.toString(), md5,
                    toImages(images[0], labels[0], names), toImages(images[1], labels[1], names),
                    toImages(images[2], labels[2], names));
        }
    }

    private static int[] readLabels(NpzArchive npz, Path file, String split, long n) {
        NpyArray y = npz.read(split + "_labels");
        long[] shape = y.shape();
        String where = file + ":" + split + "_labels";
        if (shape.length == 2 && shape[1] > 1) {
            throw new DataException(where + ": labels have shape " + Arrays.toString(shape)
                    + " (multi-label set); qnet trains single-label classifiers only");
        }
        if (!(shape.length == 1 || (shape.length == 2 && shape[1] == 1))) {
            throw new DataException(where + ": expected labels [N, 1], got shape " + Arrays.toString(shape));
        }
        if (shape[0] != n) {
            throw new DataException(where + ": " + shape[0] + " labels for " + n + " images");
        }
        if (y.dtype() == NpyArray.Dtype.F4 || y.dtype() == NpyArray.Dtype.F8) {
            throw new DataException(where + ": labels must be integers, got dtype " + y.dtype().code);
        }
        int[] out = new int[(int) n];
        for (int i = 0; i < n; i++) {
            long v = y.getLong(i);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new DataException(where + ": label " + v + " at index " + i + " is out of range");
            }
            out[i] = (int) v;
        }
        return out;
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
