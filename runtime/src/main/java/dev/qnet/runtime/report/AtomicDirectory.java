package dev.qnet.runtime.report;

import dev.qnet.runtime.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a set of files so that a failure part-way leaves nothing half-written: everything goes
 * to a hidden temporary directory beside the target first. A new target is then created by one
 * rename; into an existing target (e.g. one already holding the model checkpoint) each file is
 * moved by its own atomic rename, replacing older versions.
 */
public final class AtomicDirectory {

    /** Writes files into the directory it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path dir) throws IOException;
    }

    private AtomicDirectory() {
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
        try {
            writer.write(tmp);
            if (!Files.exists(abs)) {
                AtomicFiles.move(tmp, abs);
                tmp = null;
            } else {
                if (!Files.isDirectory(abs)) {
                    throw new IOException(abs + " exists and is not a directory");
                }
                List<Path> files;
                try (Stream<Path> s = Files.list(tmp)) {
                    files = s.toList();
                }
                for (Path f : files) {
                    Path dest = abs.resolve(f.getFileName().toString());
                    if (Files.isDirectory(f) && Files.isDirectory(dest)) {
                        deleteRecursively(dest);
                    }
                    AtomicFiles.move(f, dest);
                }
            }
        } finally {
            if (tmp != null) {
                deleteRecursively(tmp);
            }
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.deleteIfExists(x);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
