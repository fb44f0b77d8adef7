package dev.qnet.driver.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A subcommand that executes models or touches data: its body runs under
 * {@link RuntimeSupport#guarded}, so the runtime's user-facing errors become one line and exit 1.
 */
abstract class RuntimeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        return RuntimeSupport.guarded(err, () -> execute(spec.commandLine().getOut(), err));
    }

    /** The command's work; returns the exit code. */
    abstract int execute(PrintWriter out, PrintWriter err) throws Exception;
}
