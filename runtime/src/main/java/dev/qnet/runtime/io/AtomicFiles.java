package dev.qnet.runtime.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces files so that a reader, or a crash or Ctrl-C at any moment, finds either the old content
 * or the complete new one, never part of it. The new content goes to a hidden temporary file in the
 * target's own directory (a rename is only atomic within one file system), is forced to disk (else a
 * power loss after the rename could leave the new name pointing at unwritten blocks), and is then
 * renamed over the target. If anything fails the temporary file is removed and the target is left
 * as it was.
 */
public final class AtomicFiles {

    /** Writes the complete new content to the stream it is given (buffered; closed by the caller). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes the complete new content into the file it is given, for writers that take a path. */
    @FunctionalInterface
    public interface FileContent {
        void writeTo(Path file) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Replaces {@code target} (creating its directory if needed) with what {@code content} writes. */
    public static void write(Path target, Content content) throws IOException {
        writeFile(target, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
        });
    }

    /** Replaces {@code target} (creating its directory if needed) with the file {@code content} writes. */
    public static void writeFile(Path target, FileContent content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            content.writeTo(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            move(tmp, abs);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            throw t;
        }
        forceDirectory(dir);
    }

    /**
     * Renames {@code from} over {@code to} atomically. Where the file system cannot (some network and
     * FUSE mounts) it falls back to a plain replace: losing atomicity there is better than failing.
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Makes the rename itself durable where a directory can be opened and synced (Linux, macOS).
     * Elsewhere (Windows) opening it fails; the rename is still atomic, only when it reaches the disk
     * is up to the OS, so that failure is deliberately ignored.
     */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported on this platform: see above
        }
    }
}
