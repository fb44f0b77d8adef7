package dev.qnet.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry point for the CLI: a dataset named in a {@code .qnet} file or on the command line
 * becomes its splits. Accepted names:
 * <ul>
 *   <li>a MedMNIST set, {@code pneumoniamnist} or {@code pneumoniamnist_64} (found by the locator);</li>
 *   <li>{@code mnist} or {@code fashion-mnist} (the four IDX files in a {@code mnist/} or
 *       {@code fashion-mnist/} folder of a search directory), validation drawn with the seed;</li>
 *   <li>a path to a {@code .npz} file (read as MedMNIST layout) or to an image folder with one
 *       sub-folder per class, split with the seed.</li>
 * </ul>
 */
public final class Datasets {

    private Datasets() {
    }

    /**
     * @param name    see the class comment
     * @param locator where named sets are searched
     * @param size    image side for folders (0 keeps the images' size); ignored for other sets
     * @param seed    seed of the validation / test draws for sets that publish none
     */
    public static DatasetSplits open(String name, DataLocator locator, int size, long seed) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (MedMnistCatalog.find(lower).isPresent()) {
            MedMnistCatalog.Entry e = MedMnistCatalog.require(lower);
            return MedMnistNpz.load(locator.locate(e.fileName()), e.flag());
        }
        if (lower.equals("mnist") || lower.equals("fashion-mnist") || lower.equals("fashionmnist")) {
            String folder = lower.equals("mnist") ? "mnist" : "fashion-mnist";
            Path images = locator.findAny(MnistIdx.alternatives(folder + "/train-images-idx3-ubyte"))
                    .orElseThrow(() -> new DataException(locator.missingMessage(folder + "/train-images-idx3-ubyte.gz")));
            return MnistIdx.load(images.getParent(), folder, folder.equals("mnist") ? MnistIdx.DIGITS : MnistIdx.FASHION,
                    MnistIdx.DEFAULT_VAL_COUNT, seed);
        }
        Path p = Path.of(name);
        if (Files.isDirectory(p)) {
            return ImageFolder.load(p, new ImageFolder.Options(size, size, 0.1, 0.1, seed));
        }
        if (Files.isRegularFile(p) && lower.endsWith(".npz")) {
            return MedMnistNpz.load(p);
        }
        throw new DataException("unknown dataset '" + name + "': expected a MedMNIST name (" + String.join(", ",
                MedMnistCatalog.flags().stream().filter(f -> !f.endsWith("3d")).toList())
                + "), mnist, fashion-mnist, a .npz file or an image folder");
    }

    /**
     * A warning when a MedMNIST file does not match the official md5 (an older release or a
     * modified file): results would not be comparable with published numbers.
     */
    public static Optional<String> officialMd5Warning(DatasetSplits d) {
        Path file = Path.of(d.source());
        Optional<MedMnistCatalog.Entry> e = MedMnistCatalog.find(file.getFileName().toString());
        if (e.isEmpty() || e.get().md5().equals(d.md5())) {
            return Optional.empty();
        }
        return Optional.of(file + ": md5 " + d.md5() + " differs from the official " + e.get().md5()
                + " (older MedMNIST release or modified file); run `qnetc data fetch " + e.get().name() + "`");
    }

    /** The names {@link #open} understands without a path, for help texts. */
    public static List<String> knownNames() {
        List<String> out = new java.util.ArrayList<>(MedMnistCatalog.flags().stream().filter(f -> !f.endsWith("3d")
                && !MedMnistCatalog.MULTI_LABEL.contains(f)).toList());
        out.add("mnist");
        out.add("fashion-mnist");
        return out;
    }
}
