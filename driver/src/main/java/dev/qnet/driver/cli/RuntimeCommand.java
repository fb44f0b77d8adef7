package dev.qnet.driver.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A subcommand that executes models or touches data: its body runs under
 * {@link RuntimeSupport#guarded}, so the runtime's user-facing errors become one line and exit 1,
 * and computes with the threads {@code --threads} fixes, or by default a fair share of the cores
 * among the qnet jobs running on the machine.
 *
 * <p>No field or method signature here may name a runtime class: picocli reflects on command
 * classes, and {@code check} loads them without the runtime on its class path.
 */
abstract class RuntimeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--threads", paramLabel = "N", description = "compute with N threads "
        + "(default: a fair share of the cores among the qnet jobs running on this machine, re-checked while training)")
    Integer threads;

    @Override
    public final Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        return RuntimeSupport.guarded(err, threads, () -> execute(spec.commandLine().getOut(), err));
    }

    /** The command's work; returns the exit code. */
    abstract int execute(PrintWriter out, PrintWriter err) throws Exception;
}
