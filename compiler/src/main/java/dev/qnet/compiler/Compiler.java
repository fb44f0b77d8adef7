package dev.qnet.compiler;

import dev.qnet.compiler.ast.Argument;
import dev.qnet.compiler.ast.Module;
import dev.qnet.compiler.check.CircuitChecker;
import dev.qnet.compiler.check.ProgramChecker;
import dev.qnet.compiler.diag.CompileException;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.ir.CircuitIr;
import dev.qnet.compiler.ir.Program;
import dev.qnet.compiler.parse.QnetParsing;
import dev.qnet.compiler.resolve.Evaluator;
import dev.qnet.compiler.resolve.ProgramLoader;
import dev.qnet.compiler.resolve.ResolvedProgram;
import dev.qnet.compiler.resolve.Resolver;
import dev.qnet.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The front end's entry point: parse (with imports) -> resolve -> check shapes and settings ->
 * IR. Each phase reports all its errors; the driver stops after a phase that had any.
 * Never touches the runtime module, so it loads no ND4J class.
 */
public final class Compiler {
    /** The file name diagnostics give a network argument from the command line. */
    public static final String ARGUMENT_SOURCE = "--arg";

    private Compiler() {}

    /** Reads and compiles a file. A file that cannot be read is a {@link CompileException}. */
    public static CompilationResult compile(Path file) {
        return compile(file, Map.of());
    }

    /**
     * Reads and compiles a file with network arguments given outside it: name -> expression text
     * ({@code width -> "32"}). Each replaces that argument of every network instance whose network
     * declares the parameter (the train section's argument or the declared default); a name no
     * network declares is an error, reported like any other, against the text {@code name=value}.
     */
    public static CompilationResult compile(Path file, Map<String, String> arguments) {
        String text;
        try {
            text = ProgramLoader.readText(file);
        } catch (NoSuchFileException e) {
            throw new CompileException(file + ": file not found");
        } catch (IOException e) {
            throw new CompileException(file + ": cannot read: " + e.getMessage());
        }
        return compile(new SourceFile(file, text), arguments);
    }

    /** The name of the model a command-line {@link #noiseSpec} declares. */
    public static final String INLINE_NOISE = "inline";

    /**
     * A noise model written on the command line ({@code --noise 'depolarizing(p: 0.01) after
     * all_gates; readout(p10: 0.02)'}): the rules of a {@code noise} declaration, compiled by the
     * same front end as a file {@code --noise} whose line 2 is the spec (so columns match).
     * On success {@code program().noiseModels()} holds it as {@link #INLINE_NOISE}.
     */
    public static CompilationResult noiseSpec(String spec) {
        return compile(new SourceFile(Path.of("--noise"), "noise " + INLINE_NOISE + " {\n" + spec + "\n}\n"));
    }

    /** Compiles source text (imports are resolved relative to {@code source.path()}). */
    public static CompilationResult compile(SourceFile source) {
        return compile(source, Map.of());
    }

    /** Compiles source text with network arguments given outside it (see {@link #compile(Path, Map)}). */
    public static CompilationResult compile(SourceFile source, Map<String, String> arguments) {
        Diagnostics diagnostics = new Diagnostics();
        List<Argument> overrides = new ArrayList<>();
        for (var a : arguments.entrySet()) {
            // Its own one-line file, so a diagnostic shows "--arg:1:7" with the text and a caret.
            Argument parsed = QnetParsing.parseArgument(new SourceFile(Path.of(ARGUMENT_SOURCE), a.getKey() + "=" + a.getValue()),
                    diagnostics);
            if (parsed != null) overrides.add(parsed);
        }
        List<Module> modules = new ProgramLoader(diagnostics).load(source);
        List<SourceFile> files = modules.stream().map(Module::file).toList();
        if (diagnostics.hasErrors() || modules.isEmpty()) return new CompilationResult(source, diagnostics.all(), null, files, arguments);
        ResolvedProgram resolved = new Resolver(diagnostics).resolve(modules);
        Map<String, CircuitIr> circuits = new CircuitChecker(new Evaluator(resolved.constants()), diagnostics)
                .checkAll(resolved.circuits());
        if (diagnostics.hasErrors()) return new CompilationResult(source, diagnostics.all(), null, files, arguments);
        Program program = new ProgramChecker(resolved, circuits, diagnostics, overrides).check();
        if (diagnostics.hasErrors()) return new CompilationResult(source, diagnostics.all(), null, files, arguments);
        return new CompilationResult(source, diagnostics.all(), program, files, arguments);
    }
}
