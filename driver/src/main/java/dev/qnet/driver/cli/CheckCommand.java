package dev.qnet.driver.cli;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.ablate.AblationTarget;
import dev.qnet.compiler.ir.Program;
import dev.qnet.core.Keyword;
import dev.qnet.compiler.diag.CompileException;
import dev.qnet.compiler.diag.DiagnosticPrinter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code qnetc check FILE... [--json]}: diagnostics, or the checked networks and train settings. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check .qnet files: diagnostics, per-layer shapes and parameter counts, resolved train settings.")
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Parameters(arity = "1..*", paramLabel = "FILE", description = "the .qnet files to check")
    List<Path> files;

    @CommandLine.Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @CommandLine.Option(names = "--ablate", paramLabel = "PART",
            description = "also show the stand-in networks that run/compare --ablate PART train (PART: quantum)")
    String ablate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        int code = Qnetc.OK;
        AblationTarget ablation = null;
        if (ablate != null) {
            try {
                ablation = Keyword.parse(AblationTarget.values(), ablate, "--ablate part");
            } catch (IllegalArgumentException e) {
                err.println("qnetc: " + e.getMessage());
                return Qnetc.USER_ERROR;
            }
        }
        for (Path file : files) {
            CompilationResult result;
            try {
                result = Compiler.compile(file);
            } catch (CompileException e) {
                err.println("qnetc: " + e.getMessage());
                code = Qnetc.USER_ERROR;
                continue;
            }
            if (!result.diagnostics().isEmpty()) err.print(DiagnosticPrinter.render(result.diagnostics()));
            if (!result.ok() && json) out.println(CheckReport.diagnosticsJson(result.diagnostics()));
            if (!result.ok()) {
                long n = result.diagnostics().stream().filter(d -> d.isError()).count();
                err.println(n + (n == 1 ? " error" : " errors") + " in " + file);
                code = Qnetc.USER_ERROR;
                continue;
            }
            if (files.size() > 1 && !json) out.println("== " + file);
            Program shown = json && ablation != null ? CheckReport.withVariants(result.program(), ablation) : result.program();
            out.print(json ? CheckReport.json(shown, result.diagnostics()) + "\n" : CheckReport.text(result.program()));
            if (ablation != null && !json) {
                out.print(CheckReport.variants(result.program(), ablation));
            }
        }
        out.flush();
        err.flush();
        return code;
    }
}
