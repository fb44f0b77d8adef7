package dev.qnet.sweep;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The entry point of {@code qnetc sweep}: the launcher runs this class, on the sweep module's class
 * path (with Spark), for that subcommand alone; every other subcommand runs without Spark.
 */
public final class SweepMain {

    private SweepMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs {@code sweep ARGS...} (the leading "sweep" optional) in-process; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // Local mode needs neither a resolvable host name nor Hadoop's native code: keep those warnings out.
        for (String quiet : new String[] {"org.apache.spark.util.Utils", "org.apache.hadoop.util.NativeCodeLoader"}) {
            System.setProperty("org.slf4j.simpleLogger.log." + quiet, "error");
        }
        String[] rest = args.length > 0 && args[0].equals("sweep") ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        CommandLine cli = new CommandLine(new SweepCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("qnetc: " + e.getMessage());
            return SweepCommand.USER_ERROR;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("internal error: " + e + " (please report this; set QNET_DEBUG=1 for details)");
            if (System.getenv("QNET_DEBUG") != null) e.printStackTrace(c.getErr());
            c.getErr().flush();
            return 2;
        });
        return cli.execute(rest);
    }
}
