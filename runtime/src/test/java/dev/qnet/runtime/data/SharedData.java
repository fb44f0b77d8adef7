package dev.qnet.runtime.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real files in $QNET_DATA; tests skip (never mock) when they are absent. */
final class SharedData {

    private SharedData() {
    }

    static Path file(String relative) {
        String dir = System.getenv("QNET_DATA");
        assumeTrue(dir != null && !dir.isBlank(), "QNET_DATA is not set; skipping a test that reads real data");
        Path p = Path.of(dir).resolve(relative);
        assumeTrue(Files.isRegularFile(p), p + " is absent; skipping a test that reads it");
        return p;
    }
}
