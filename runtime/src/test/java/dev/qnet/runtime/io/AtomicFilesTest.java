package dev.qnet.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReplacesCreatingTheDirectory() throws IOException {
        Path f = dir.resolve("a/b/f.txt");
        AtomicFiles.write(f, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        assertEquals("one", Files.readString(f));
        AtomicFiles.write(f, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));
        assertEquals("two", Files.readString(f));
        assertEquals(List.of("f.txt"), names(f.getParent()));
    }

    @Test
    void writeFileHandsOutAHiddenTemporaryFileBesideTheTarget() throws IOException {
        Path f = dir.resolve("history.csv");
        Path[] seen = new Path[1];
        AtomicFiles.writeFile(f, tmp -> {
            seen[0] = tmp;
            Files.writeString(tmp, "x,y\n");
        });
        assertEquals("x,y\n", Files.readString(f));
        assertEquals(f.toAbsolutePath().getParent(), seen[0].getParent(), "same directory: the rename stays atomic");
        assertTrue(seen[0].getFileName().toString().startsWith(".history.csv."), seen[0].toString());
        assertEquals(List.of("history.csv"), names(dir));
    }

    @Test
    void aWriterThatFailsLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("c.bin");
        Files.writeString(f, "old");
        IOException full = new IOException("disk full");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]); // more than the buffer, so part of it reached the temporary file
            throw full;
        }));
        assertSame(full, e, "the writer's own exception, unchanged");
        UncheckedIOException boom = new UncheckedIOException(new IOException("boom"));
        assertSame(boom, assertThrows(UncheckedIOException.class,
            () -> AtomicFiles.writeFile(f, tmp -> {
                Files.writeString(tmp, "partial");
                throw boom;
            })));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("c.bin"), names(dir));
    }

    @Test
    void aRenameThatFailsLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("busy");
        Files.createDirectories(target.resolve("inside"));
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> out.write(1)));
        assertEquals(List.of("busy"), names(dir));
        assertEquals(List.of("inside"), names(target));
    }

    @Test
    void moveReplacesAnExistingFile() throws IOException {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Files.writeString(a, "new");
        Files.writeString(b, "old");
        AtomicFiles.move(a, b);
        assertEquals("new", Files.readString(b));
        assertEquals(List.of("b"), names(dir));
    }
}
