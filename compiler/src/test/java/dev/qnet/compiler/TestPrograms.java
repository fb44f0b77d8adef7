package dev.qnet.compiler;

import static org.junit.jupiter.api.Assertions.fail;

import dev.qnet.compiler.diag.DiagnosticPrinter;
import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.source.SourceFile;
import java.nio.file.Path;

/** Helpers: compile text or files and insist on success. */
final class TestPrograms {
    private TestPrograms() {}

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !p.resolve("examples").toFile().isDirectory()) p = p.getParent();
        if (p == null) throw new IllegalStateException("repository root not found");
        return p;
    }

    static CompilationResult ok(CompilationResult r) {
        if (!r.ok()) fail("expected success, got:\n" + DiagnosticPrinter.render(r.diagnostics()));
        return r;
    }

    static CompilationResult text(String source) {
        return Compiler.compile(new SourceFile(Path.of("test.qnet"), source));
    }

    static NetworkIr network(CompilationResult r, String name) {
        return r.program().networks().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no network " + name));
    }
}
