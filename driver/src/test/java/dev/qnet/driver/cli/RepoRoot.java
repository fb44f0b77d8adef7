package dev.qnet.driver.cli;

import java.nio.file.Path;

/** The repository root, found from the working directory (Maven runs tests in the module). */
final class RepoRoot {
    private RepoRoot() {}

    static Path path() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !p.resolve("examples").toFile().isDirectory()) p = p.getParent();
        if (p == null) throw new IllegalStateException("repository root not found");
        return p;
    }
}
