package dev.qnet.driver.cli;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.driver.experiment.SavedModel;
import dev.qnet.driver.lower.QasmExport;
import dev.qnet.runtime.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code qnetc export FILE|RUN_DIR --qasm}: the quantum stages as OpenQASM 3. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export the quantum circuits of a .qnet file (symbolic parameters) or of a trained model "
                + "(a results directory: trained parameters bound) as OpenQASM 3.")
final class ExportCommand extends RuntimeCommand {

    @CommandLine.Parameters(index = "0", paramLabel = "FILE|RUN_DIR")
    Path input;

    @CommandLine.Option(names = "--qasm", required = true, description = "OpenQASM 3 (the only format so far)")
    boolean qasm;

    @CommandLine.Option(names = "--out", paramLabel = "DIR", description = "write one .qasm file per circuit here instead of stdout")
    Path out;

    @Override
    int execute(PrintWriter stdout, PrintWriter err) throws Exception {
        Map<String, String> circuits = new LinkedHashMap<>();
        if (Files.isDirectory(input)) {
            SavedModel.Loaded m = SavedModel.load(input);
            QasmExport.bound(m.train().network(), m.model())
                    .forEach((k, v) -> circuits.put(m.train().network().name() + "." + k, v));
        } else {
            CompilationResult c = RuntimeSupport.compile(input, err);
            for (NetworkIr n : c.program().networks()) {
                QasmExport.symbolic(n).forEach((k, v) -> circuits.putIfAbsent(n.name() + "." + k, v));
            }
        }
        if (circuits.isEmpty()) {
            err.println("qnetc: " + input + ": no quantum stage to export");
            return Qnetc.USER_ERROR;
        }
        if (out == null) {
            circuits.forEach((k, v) -> stdout.print("// " + k + "\n" + v + (v.endsWith("\n") ? "" : "\n")));
        } else {
            Files.createDirectories(out);
            for (var e : circuits.entrySet()) {
                Path f = out.resolve(e.getKey().replaceAll("[^A-Za-z0-9_.-]+", "_") + ".qasm");
                byte[] text = e.getValue().getBytes(StandardCharsets.UTF_8);
                AtomicFiles.write(f, stream -> stream.write(text));
                stdout.println(f);
            }
        }
        stdout.flush();
        return Qnetc.OK;
    }
}
