package dev.qnet.runtime.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MNIST and Fashion-MNIST from the four standard IDX files (gz or not). Neither set publishes a
 * validation split, so one is drawn from train with a seeded shuffle: the same seed always gives
 * the same split, and test stays the official 10,000.
 */
public final class MnistIdx {

    public static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    public static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** MNIST's conventional validation size. */
    public static final int DEFAULT_VAL_COUNT = 5000;

    private MnistIdx() {
    }

    /** The four file names, each tried with {@code .gz} first and then without. */
    public static List<String> alternatives(String stem) {
        return List.of(stem + ".gz", stem);
    }

    /**
     * Loads from {@code dir} (e.g. {@code $QNET_DATA/mnist}).
     *
     * @param name       dataset name for provenance ({@code mnist} or {@code fashion-mnist})
     * @param classNames {@link #DIGITS} or {@link #FASHION}
     * @param valCount   images moved from train to validation
     * @param seed       seed of the validation draw
     */
    public static DatasetSplits load(Path dir, String name, List<String> classNames, int valCount, long seed) {
        DataLocator here = new DataLocator(List.of(dir), dir);
        Path trainX = locate(here, "train-images-idx3-ubyte");
        Path trainY = locate(here, "train-labels-idx1-ubyte");
        Path testX = locate(here, "t10k-images-idx3-ubyte");
        Path testY = locate(here, "t10k-labels-idx1-ubyte");
        LabeledImages fullTrain = pair(trainX, trainY, classNames);
        LabeledImages test = pair(testX, testY, classNames);
        if (valCount < 0) {
            throw new IllegalArgumentException("validation count " + valCount + " must be >= 0");
        }
        // A short train file is a data problem (a cut or foreign file), not a caller's mistake.
        if (valCount >= fullTrain.size()) {
            throw new DataException(trainX + ": " + fullTrain.size() + " training images, too few to hold out "
                    + valCount + " for validation and still train");
        }
        int[] perm = permutation(fullTrain.size(), seed);
        int[] valIdx = Arrays.copyOfRange(perm, 0, valCount);
        int[] trainIdx = Arrays.copyOfRange(perm, valCount, perm.length);
        // Keep the original order within each part so the split alone depends on the seed.
        Arrays.sort(valIdx);
        Arrays.sort(trainIdx);
        String md5 = FileDigest.md5((FileDigest.md5(trainX) + FileDigest.md5(trainY) + FileDigest.md5(testX)
                + FileDigest.md5(testY)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return new DatasetSplits(name, dir.toString(), md5, Subsets.select(fullTrain, trainIdx),
                Subsets.select(fullTrain, valIdx), test);
    }

    private static Path locate(DataLocator here, String stem) {
        return here.findAny(alternatives(stem)).orElseThrow(() -> new DataException(
                here.searchDirs().get(0).resolve(stem + ".gz") + ": file not found (nor without .gz)"));
    }

    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random rng = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static LabeledImages pair(Path imagesFile, Path labelsFile, List<String> classNames) {
        IdxReader.IdxArray x = IdxReader.read(imagesFile);
        IdxReader.IdxArray y = IdxReader.read(labelsFile);
        if (x.dims().length != 3) {
            throw new DataException(imagesFile + ": expected images [N, H, W], got " + x.dims().length + " dims");
        }
        if (y.dims().length != 1) {
            throw new DataException(labelsFile + ": expected labels [N], got " + y.dims().length + " dims");
        }
        int[] d = x.dims();
        if (d[0] == 0) {
            throw new DataException(imagesFile + ": holds no images (IDX dimensions " + Arrays.toString(d) + ")");
        }
        if (d[1] == 0 || d[2] == 0) {
            throw new DataException(imagesFile + ": images of " + d[1] + "x" + d[2] + " pixels (IDX dimensions "
                    + Arrays.toString(d) + ")");
        }
        if (x.count() != y.count()) {
            throw new DataException(labelsFile + ": " + y.count() + " labels for " + x.count() + " images in "
                    + imagesFile.getFileName());
        }
        int[] labels = new int[y.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = y.data()[i] & 0xff;
            if (labels[i] >= classNames.size()) {
                throw new DataException(labelsFile + ": label " + labels[i] + " at index " + i
                        + " is out of range [0, " + classNames.size() + ")");
            }
        }
        byte[] px = x.data();
        float[] f = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            f[i] = (px[i] & 0xff) / 255f;
        }
        long[] shape = {x.dims()[0], 1, x.dims()[1], x.dims()[2]};
        return new LabeledImages(Nd4j.create(f, shape, 'c'), labels, new ArrayList<>(classNames));
    }
}
