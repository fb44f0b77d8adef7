package dev.qnet.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds dataset files in an ordered list of directories: {@code $QNET_DATA} first (what tests
 * and shared machines use), then the per-user cache that {@code qnetc data fetch} fills, then
 * fallbacks such as the repository's {@code examples/data} (the embedded quick-start set).
 */
public final class DataLocator {

    private final List<Path> searchDirs;
    private final Path cacheDir;

    /**
     * @param searchDirs directories in the order they are searched
     * @param cacheDir   where downloads go (also in {@code searchDirs} normally)
     */
    public DataLocator(List<Path> searchDirs, Path cacheDir) {
        this.searchDirs = List.copyOf(searchDirs);
        this.cacheDir = cacheDir;
    }

    /** The standard order for this process's environment, then {@code fallbacks}. */
    public static DataLocator standard(Path... fallbacks) {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), List.of(fallbacks));
    }

    /** Same as {@link #standard} with the environment and home given (for tests). */
    public static DataLocator fromEnvironment(Map<String, String> env, Path home, List<Path> fallbacks) {
        List<Path> dirs = new ArrayList<>();
        String data = env.get("QNET_DATA");
        if (data != null && !data.isBlank()) {
            for (String part : data.split(java.io.File.pathSeparator)) {
                if (!part.isBlank()) {
                    dirs.add(Path.of(part));
                }
            }
        }
        Path cache = cacheDir(env, home);
        dirs.add(cache);
        dirs.addAll(fallbacks);
        return new DataLocator(dirs, cache);
    }

    /** {@code $XDG_CACHE_HOME/qnet}, else {@code ~/.cache/qnet}. */
    public static Path cacheDir(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache");
        return base.resolve("qnet");
    }

    public List<Path> searchDirs() {
        return searchDirs;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** The first existing {@code dir/relative}, if any. */
    public Optional<Path> find(String relative) {
        for (Path dir : searchDirs) {
            Path p = dir.resolve(relative);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The first existing of several alternative names (e.g. with and without {@code .gz}). */
    public Optional<Path> findAny(List<String> alternatives) {
        for (Path dir : searchDirs) {
            for (String rel : alternatives) {
                Path p = dir.resolve(rel);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves a file or fails with a message saying which file, where we looked and how to get
     * it: {@code qnetc data fetch NAME} for MedMNIST, plus the URL and target path to do it by hand.
     */
    public Path locate(String relative) {
        return find(relative).orElseThrow(() -> new DataException(missingMessage(relative)));
    }

    /** Resolves a MedMNIST set by name ({@code pneumoniamnist}, {@code breastmnist_64}, ...). */
    public Path locateMedMnist(String name) {
        MedMnistCatalog.Entry e = MedMnistCatalog.require(name);
        return locate(e.fileName());
    }

    String missingMessage(String relative) {
        StringBuilder m = new StringBuilder("data file '").append(relative).append("' not found; looked in ");
        for (int i = 0; i < searchDirs.size(); i++) {
            m.append(i == 0 ? "" : ", ").append(searchDirs.get(i));
        }
        Optional<MedMnistCatalog.Entry> e = MedMnistCatalog.find(Path.of(relative).getFileName().toString());
        if (e.isPresent()) {
            m.append(". Run `qnetc data fetch ").append(e.get().name()).append("`, or download ")
                    .append(e.get().url()).append(" to ").append(cacheDir.resolve(e.get().fileName()))
                    .append(" (md5 ").append(e.get().md5()).append(")");
        } else {
            m.append(". Put it in one of those directories or set QNET_DATA to the directory holding it");
        }
        return m.toString();
    }
}
