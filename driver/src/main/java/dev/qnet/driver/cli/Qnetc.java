package dev.qnet.driver.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code qnetc} command line. Exit codes: 0 success, 1 user error (diagnostics, bad
 * arguments, unreadable files), 2 internal error. Never prints a stack trace: unexpected
 * exceptions become one "internal error: ..." line (set QNET_DEBUG=1 to see the trace).
 */
@Command(name = "qnetc", mixinStandardHelpOptions = true, versionProvider = Qnetc.Version.class,
        description = "The qnet compiler: hybrid quantum-classical neural networks from .qnet files.",
        footer = {"", "Also: qnetc sweep FILE --grid NAME=V1,V2 ... --out DIR (grid/random search on Apache Spark; "
                + "see qnetc sweep --help)."},
        subcommands = {CheckCommand.class, RunCommand.class, CompareCommand.class, EvalCommand.class, RobustnessCommand.class, PredictCommand.class,
                ExportCommand.class, DataCommand.class, CommandLine.HelpCommand.class})
public final class Qnetc implements Runnable {
    public static final int OK = 0;
    public static final int USER_ERROR = 1;
    public static final int INTERNAL_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try 'qnetc --help')");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI in-process (tests use this); returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } catch (Throwable t) {
            return internalError(t, err);
        }
    }

    /** The command tree; other subcommands are added here as they are written. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Qnetc());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> internalError(e, commandLine.getErr()));
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("qnetc: " + e.getMessage());
            return USER_ERROR;
        });
        return cli;
    }

    static int internalError(Throwable t, PrintWriter err) {
        err.println("internal error: " + t + " (please report this; set QNET_DEBUG=1 for details)");
        if (System.getenv("QNET_DEBUG") != null) t.printStackTrace(err);
        err.flush();
        return INTERNAL_ERROR;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Qnetc.class.getPackage().getImplementationVersion();
            return new String[] {"qnetc " + (v == null ? "dev" : v) + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
