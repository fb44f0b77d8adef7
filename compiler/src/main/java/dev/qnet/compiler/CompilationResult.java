package dev.qnet.compiler;

import dev.qnet.compiler.diag.Diagnostic;
import dev.qnet.compiler.ir.Program;
import dev.qnet.compiler.source.SourceFile;
import java.util.List;

/** Diagnostics of a compilation and, when there were no errors, the checked program. */
public record CompilationResult(SourceFile source, List<Diagnostic> diagnostics, Program program) {
    public boolean ok() { return program != null; }
}
