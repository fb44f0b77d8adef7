package dev.qnet.compiler;

import dev.qnet.compiler.diag.Diagnostic;
import dev.qnet.compiler.ir.Program;
import dev.qnet.compiler.source.SourceFile;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Diagnostics of a compilation and, when there were no errors, the checked program.
 * {@code files} are the source files read, imports first and the main file last (a trained
 * model keeps copies of them so it can be rebuilt). {@code arguments} are the network arguments
 * given outside the file ({@code --arg width=32}), name -> expression text, which a rebuild must
 * pass again.
 */
public record CompilationResult(SourceFile source, List<Diagnostic> diagnostics, Program program, List<SourceFile> files,
                                Map<String, String> arguments) {
    public CompilationResult {
        files = List.copyOf(files);
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    public CompilationResult(SourceFile source, List<Diagnostic> diagnostics, Program program, List<SourceFile> files) {
        this(source, diagnostics, program, files, Map.of());
    }

    public boolean ok() { return program != null; }
}
