package dev.qnet.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.compiler.diag.DiagnosticPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden diagnostics: every {@code diagnostics/NAME.qnet} is a broken program and
 * {@code NAME.expected} the exact diagnostics text (file paths relative to the directory).
 * Regenerate after an intended message change with {@code -Dqnet.golden.update=true} and review the diff.
 */
class DiagnosticsGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/diagnostics");

    @TestFactory
    Stream<DynamicTest> goldenDiagnostics() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".qnet")).sorted().toList();
        }
        return files.stream().filter(p -> !p.getFileName().toString().startsWith("_"))
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path file) throws IOException {
        CompilationResult r = Compiler.compile(file);
        assertFalse(r.ok(), file + " should not compile");
        String actual = DiagnosticPrinter.render(r.diagnostics()).replace(DIR + "/", "");
        Path expectedFile = Path.of(file.toString().replaceAll("\\.qnet$", ".expected"));
        if (Boolean.getBoolean("qnet.golden.update")) Files.writeString(expectedFile, actual);
        assertTrue(Files.exists(expectedFile), "missing " + expectedFile);
        assertEquals(Files.readString(expectedFile), actual);
    }

    @Test
    void corpusIsLargeEnough() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            assertTrue(s.filter(p -> p.toString().endsWith(".qnet") && !p.getFileName().toString().startsWith("_")).count() >= 30);
        }
    }
}
