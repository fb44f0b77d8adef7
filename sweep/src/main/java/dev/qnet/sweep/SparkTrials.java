package dev.qnet.sweep;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs trials as Spark tasks: one single-task job per trial, all submitted at once and scheduled
 * FIFO, so Spark keeps every task slot busy (local[N]: N at once; a cluster: the executors' cores
 * divided by {@code spark.task.cpus}) and a job lost with its executor costs that trial alone.
 */
final class SparkTrials {

    /** JVM options of executors a cluster launches: the same as the launcher's for qnetc run. */
    static final String EXECUTOR_JAVA_OPTIONS = "-Djavacpp.platform.extension=-onednn-avx2 -Xss8m -XX:+UseParallelGC";

    private SparkTrials() {
    }

    /**
     * @param conf extra Spark settings ({@code --conf k=v}), applied last
     * @param done called on the driver for each outcome, in submission order
     */
    static void run(String master, String appName, Map<String, String> conf, SweepJob job, List<Trial> trials,
                    Consumer<TrialOutcome> done, PrintWriter err) {
        SparkConf c = new SparkConf().setMaster(master).setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.scheduler.mode", "FIFO")
                .set("spark.executor.extraJavaOptions", EXECUTOR_JAVA_OPTIONS);
        if (master.startsWith("local")) {
            // Nothing leaves the machine in local mode: no need to resolve the host name.
            c.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        if (job.threads() > 0 && !master.startsWith("local")) {
            c.set("spark.task.cpus", Integer.toString(job.threads()));
        }
        conf.forEach(c::set);
        // Ctrl-C stops Spark from its own shutdown hook, so the jobs still running fail: those
        // trials were interrupted, not failed, and must run again (from their checkpoints) next time.
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> stopping.set(true), "qnet-sweep-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (JavaSparkContext sc = new JavaSparkContext(c)) {
            sc.setLogLevel("WARN");
            List<JavaFutureAction<List<TrialOutcome>>> futures = new ArrayList<>();
            for (Trial t : trials) {
                sc.setJobDescription(t.id());
                futures.add(sc.parallelize(List.of(t), 1).map(x -> TrialTask.run(job, x)).collectAsync());
            }
            for (int i = 0; i < trials.size(); i++) {
                TrialOutcome o;
                try {
                    o = futures.get(i).get().get(0);
                } catch (ExecutionException e) {
                    // The task never returned: its executor died (killed, out of memory outside the heap).
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    o = stopping.get() ? new TrialOutcome(trials.get(i).id(), TrialOutcome.Status.INTERRUPTED, null, 0)
                            : TrialOutcome.failed(trials.get(i).id(), "Spark: " + firstLine(String.valueOf(cause.getMessage())), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    err.println("qnetc: sweep interrupted; run the same command again to finish it");
                    return;
                }
                done.accept(o);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook has run or is running: nothing to undo
            }
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
