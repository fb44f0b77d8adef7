package dev.qnet.runtime.data;

import dev.qnet.core.Keyword;
import dev.qnet.core.MedMnist;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The official MedMNIST download table (medmnist/info.py v3.0.2, Zenodo record 10519652) as
 * data. Used to fetch files and to check their md5; the sets' classes are core's {@link MedMnist}.
 */
public final class MedMnistCatalog {

    /** Every file lives under this Zenodo record; file names follow medmnist's own scheme. */
    static final String BASE_URL = "https://zenodo.org/records/10519652/files/";

    /**
     * One downloadable file.
     *
     * @param flag e.g. {@code pneumoniamnist}
     * @param size image side: 28, 64, 128 or 224
     * @param url  where to download it
     * @param md5  official md5 (hex, lower case)
     */
    public record Entry(String flag, int size, String url, String md5) {

        /** {@code pneumoniamnist.npz} for 28, {@code pneumoniamnist_64.npz} otherwise (medmnist's names). */
        public String fileName() {
            return MedMnistCatalog.fileName(flag, size);
        }

        /** Short name accepted by {@code qnetc data fetch}: {@code pneumoniamnist} or {@code pneumoniamnist_64}. */
        public String name() {
            return size == 28 ? flag : flag + "_" + size;
        }

        public boolean is3d() {
            return flag.endsWith("3d");
        }
    }

    private static final List<Entry> ENTRIES = List.of(
            e("pathmnist", 28, "a8b06965200029087d5bd730944a56c1"),
            e("pathmnist", 64, "55aa9c1e0525abe5a6b9d8343a507616"),
            e("pathmnist", 128, "ac42d08fb904d92c244187169d1fd1d9"),
            e("pathmnist", 224, "2c51a510bcdc9cf8ddb2af93af1eadec"),
            e("chestmnist", 28, "02c8a6516a18b556561a56cbdd36c4a8"),
            e("chestmnist", 64, "9de6cd0b934ebb5b7426cfba5efbae16"),
            e("chestmnist", 128, "db107e5590b27930b62dbaf558aebee3"),
            e("chestmnist", 224, "45bd33e6f06c3e8cdb481c74a89152aa"),
            e("dermamnist", 28, "0744692d530f8e62ec473284d019b0c7"),
            e("dermamnist", 64, "b70a2f5635c6199aeaa28c31d7202e1f"),
            e("dermamnist", 128, "2defd784463fa5243564e855ed717de1"),
            e("dermamnist", 224, "8974907d8e169bef5f5b96bc506ae45d"),
            e("octmnist", 28, "c68d92d5b585d8d81f7112f81e2d0842"),
            e("octmnist", 64, "e229e9440236b774d9f0dfef9d07bdaf"),
            e("octmnist", 128, "0a97e76651ace45c5d943ee3f65b63ae"),
            e("octmnist", 224, "abc493b6d529d5de7569faaef2773ba3"),
            e("pneumoniamnist", 28, "28209eda62fecd6e6a2d98b1501bb15f"),
            e("pneumoniamnist", 64, "8f4eceb4ccffa70c672198ea285246c6"),
            e("pneumoniamnist", 128, "05b46931834c231683c68f40c47b2971"),
            e("pneumoniamnist", 224, "d6a3c71de1b945ea11211b03746c1fe1"),
            e("retinamnist", 28, "bd4c0672f1bba3e3a89f0e4e876791e4"),
            e("retinamnist", 64, "afda852cc34dcda56f86ad2b2457dbcc"),
            e("retinamnist", 128, "e48e916a24454daf90583d4e6efb1a18"),
            e("retinamnist", 224, "eae7e3b6f3fcbda4ae613ebdcbe35348"),
            e("breastmnist", 28, "750601b1f35ba3300ea97c75c52ff8f6"),
            e("breastmnist", 64, "742edef2a1fd1524b2efff4bd7ba9364"),
            e("breastmnist", 128, "363e4b3f8d712e9b5de15470a2aaadf1"),
            e("breastmnist", 224, "b56378a6eefa9fed602bb16d192d4c8b"),
            e("bloodmnist", 28, "7053d0359d879ad8a5505303e11de1dc"),
            e("bloodmnist", 64, "2b94928a2ae4916078ca51e05b6b800b"),
            e("bloodmnist", 128, "adace1e0ed228fccda1f39692059dd4c"),
            e("bloodmnist", 224, "b718ff6835fcbdb22ba9eacccd7b2601"),
            e("tissuemnist", 28, "ebe78ee8b05294063de985d821c1c34b"),
            e("tissuemnist", 64, "123ece2eba09d0aa5d698fda57103344"),
            e("tissuemnist", 128, "61b955355d7425a89687b06cca3ce0c2"),
            e("tissuemnist", 224, "b077128c4a949f0a4eb01517f9037b9c"),
            e("organamnist", 28, "68e3f8846a6bd62f0c9bf841c0d9eacc"),
            e("organamnist", 64, "2dcccc29b88e6da5a01161ef20cda288"),
            e("organamnist", 128, "eeae80d0a227a8d099027e1b3cfd3b60"),
            e("organamnist", 224, "50747347e05c87dd3aaf92c49f9f3170"),
            e("organcmnist", 28, "b9ceb9546e10131b32923c5bbeaea2b1"),
            e("organcmnist", 64, "3ce34a8724ea6f548e6db4744d03b6a9"),
            e("organcmnist", 128, "773c1f009daa3fe5d9a2a201b2a7ed94"),
            e("organcmnist", 224, "050f5e875dc056f6768abf94ec9995d1"),
            e("organsmnist", 28, "9ab87b696fb54e2a387ebe992d6ed5f1"),
            e("organsmnist", 64, "53a6d115339d874c25e309a994ff46d3"),
            e("organsmnist", 128, "ded0c5fa01a95dc4978b956f613e9b8e"),
            e("organsmnist", 224, "b354719e553fbbb2513d5533f52a4cb1"),
            e("organmnist3d", 28, "a0c5a1ff56af4f155c46d46fbb45a2fe"),
            e("organmnist3d", 64, "58a2205adf14a9d0a189cb06dc78bf10"),
            e("nodulemnist3d", 28, "8755a7e9e05a4d9ce80a24c3e7a256f3"),
            e("nodulemnist3d", 64, "c47c5b7d457bf6332200d2ea6d64ecd8"),
            e("adrenalmnist3d", 28, "bbd3c5a5576322bc4cdfea780653b1ce"),
            e("adrenalmnist3d", 64, "17721accfe9fb005146a47d33bc54b2f"),
            e("fracturemnist3d", 28, "6aa7b0143a6b42da40027a9dda61302f"),
            e("fracturemnist3d", 64, "f01d7e6316aedf4210da0da5b7437b42"),
            e("vesselmnist3d", 28, "b41fd4f7e7e2feedddb201585ecafa1b"),
            e("vesselmnist3d", 64, "6bb274a8846e1097066dcd64e2c4520f"),
            e("synapsemnist3d", 28, "1235b78a3cd6280881dd7850a78eadb6"),
            e("synapsemnist3d", 64, "43bd14ebf3af9d3dd072446fedc14d5e"));

    /** Sets whose labels are multi-label ([N, 14]) rather than one class per image. */
    static final List<String> MULTI_LABEL = List.of("chestmnist");

    private MedMnistCatalog() {
    }

    private static Entry e(String flag, int size, String md5) {
        String file = fileName(flag, size);
        return new Entry(flag, size, BASE_URL + file + "?download=1", md5);
    }

    static String fileName(String flag, int size) {
        return size == 28 ? flag + ".npz" : flag + "_" + size + ".npz";
    }

    public static List<Entry> entries() {
        return ENTRIES;
    }

    /**
     * Looks up {@code pneumoniamnist}, {@code pneumoniamnist_64}, {@code pneumoniamnist.npz} or
     * {@code PneumoniaMNIST_64.npz}.
     */
    public static Optional<Entry> find(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".npz")) {
            n = n.substring(0, n.length() - 4);
        }
        for (Entry e : ENTRIES) {
            if (e.name().equals(n) || (e.size() == 28 && n.equals(e.flag() + "_28"))) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public static Optional<Entry> find(String flag, int size) {
        return find(fileName(flag.toLowerCase(Locale.ROOT), size));
    }

    /** Like {@link #find(String)} but a clear error listing the known names. */
    public static Entry require(String name) {
        return find(name).orElseThrow(() -> new DataException("unknown MedMNIST set '" + name + "'; known: "
                + String.join(", ", flags()) + " (append _64, _128 or _224 for larger images)"));
    }

    /** The distinct flags in table order. */
    public static List<String> flags() {
        List<String> out = new ArrayList<>();
        for (Entry e : ENTRIES) {
            if (!out.contains(e.flag())) {
                out.add(e.flag());
            }
        }
        return out;
    }

    /** Class names for a 2D flag, or {@code "0".."K-1"} when unknown or the count differs. */
    public static List<String> classNames(String flag, int numClasses) {
        List<String> known = names(flag);
        if (!known.isEmpty() && known.size() == numClasses) {
            return known;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < numClasses; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    /** The number of classes of a known 2D single-label flag, if known. */
    public static Optional<Integer> numClasses(String flag) {
        List<String> known = names(flag);
        return known.isEmpty() ? Optional.empty() : Optional.of(known.size());
    }

    /** The class names of a 2D flag (core's MedMNIST table), or empty when unknown or unnamed. */
    private static List<String> names(String flag) {
        return flag == null ? List.of() : Keyword.lookup(MedMnist.values(), flag.toLowerCase(Locale.ROOT))
                .map(MedMnist::classNames).orElse(List.of());
    }
}
