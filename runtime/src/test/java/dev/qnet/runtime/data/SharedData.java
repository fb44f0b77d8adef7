package dev.qnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Real data files for tests (never mocks). The repository ships PneumoniaMNIST in examples/data,
 * so tests that need it read that copy and never skip; other files (BreastMNIST, MNIST IDX, the
 * shared README) live only in $QNET_DATA (../shared/data) and tests skip, with a reason, without them.
 */
public final class SharedData {

    /** Files shipped in examples/data, byte-identical to the copies in ../shared/data. */
    private static final Set<String> EMBEDDED = Set.of("pneumoniamnist.npz");

    private SharedData() {
    }

    /** {@code relative} from examples/data if the repository ships it, else from $QNET_DATA (or skip). */
    public static Path file(String relative) {
        if (EMBEDDED.contains(relative)) {
            return embedded(relative);
        }
        String dir = System.getenv("QNET_DATA");
        assumeTrue(dir != null && !dir.isBlank(), "QNET_DATA is not set; " + relative + " is only in ../shared/data");
        Path p = Path.of(dir).resolve(relative);
        assumeTrue(Files.isRegularFile(p), p + " is absent (only in ../shared/data)");
        return p;
    }

    /** A file of the repository's examples/data; its absence is a failure, not a skip. */
    public static Path embedded(String name) {
        Path p = repositoryRoot().resolve("examples").resolve("data").resolve(name);
        assertTrue(Files.isRegularFile(p), p + " is missing from the repository");
        return p;
    }

    /** Found from the working directory: Maven runs each module's tests in the module directory. */
    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples").resolve("data"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root (with examples/data) not found above "
                    + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
