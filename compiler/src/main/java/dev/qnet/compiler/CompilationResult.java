package dev.qnet.compiler;

import dev.qnet.compiler.diag.Diagnostic;
import dev.qnet.compiler.ir.Program;
import dev.qnet.compiler.source.SourceFile;
import java.util.List;

/**
 * Diagnostics of a compilation and, when there were no errors, the checked program.
 * {@code files} are the source files read, imports first and the main file last (a trained
 * model keeps copies of them so it can be rebuilt).
 */
public record CompilationResult(SourceFile source, List<Diagnostic> diagnostics, Program program, List<SourceFile> files) {
    public CompilationResult {
        files = List.copyOf(files);
    }

    public boolean ok() { return program != null; }
}
