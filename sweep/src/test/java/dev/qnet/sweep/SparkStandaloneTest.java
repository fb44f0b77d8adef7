package dev.qnet.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.runtime.report.RunResult;
import dev.qnet.runtime.report.RunResults;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1, from the Maven jars: a Master and a Worker as
 * child JVMs (no Spark distribution). The Worker launches executors through Spark's command builder,
 * which wants SPARK_HOME/jars and a Scala version; SPARK_HOME is a directory under target/ with an
 * empty jars/, and the executors get this test's class path as spark.executor.extraClassPath. The
 * sweep's results must equal a local-mode run of the same trials and seeds, number for number.
 */
class SparkStandaloneTest {

    @TempDir
    Path tmp;

    private Process master;
    private Process worker;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : new Process[] {worker, master}) {
            if (p != null) p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSweepOnAStandaloneClusterEqualsTheLocalOne() throws Exception {
        Path sparkHome = Path.of("target", "spark-home").toAbsolutePath();
        Files.createDirectories(sparkHome.resolve("jars"));
        Path work = Path.of("target", "spark-work").toAbsolutePath();
        Files.createDirectories(work);
        int port = freePort();
        master = SweepFixture.java(tmp.resolve("master.log"), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())).start();
        String url = "spark://127.0.0.1:" + port;
        ProcessBuilder wb = SweepFixture.java(tmp.resolve("worker.log"), "org.apache.spark.deploy.worker.Worker", url,
                "--host", "127.0.0.1", "--cores", "1", "--memory", "2g", "--work-dir", work.toString(),
                "--webui-port", Integer.toString(freePort()));
        wb.environment().putAll(Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13",
                "SPARK_LOCAL_IP", "127.0.0.1"));
        worker = wb.start();
        awaitLine(tmp.resolve("master.log"), "Registering worker", 120);

        Path file = SweepFixture.write(tmp);
        List<String> common = List.of("sweep", file.toString(), "--grid", "width=2,4", "--seeds", "2", "--limit", "64",
                "--threads", "1");
        SweepFixture.Run cluster = SweepFixture.sweep(concat(common, "--master", url, "--out", tmp.resolve("cluster").toString(),
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.executor.memory=1g",
                "--conf", "spark.executor.extraClassPath=" + System.getProperty("java.class.path")));
        assertEquals(0, cluster.code(), cluster.err() + "\nworker:\n" + Files.readString(tmp.resolve("worker.log")));
        SweepFixture.Run local = SweepFixture.sweep(concat(common, "--out", tmp.resolve("local").toString()));
        assertEquals(0, local.code(), local.err());

        // The executors really ran on the worker: it launched an executor process for the application.
        assertTrue(Files.readString(tmp.resolve("worker.log")).contains("Asked to launch executor"),
                Files.readString(tmp.resolve("worker.log")));
        List<String> ids = List.of("width-2_seed-3", "width-2_seed-4", "width-4_seed-3", "width-4_seed-4");
        for (String id : ids) {
            RunResult c = RunResults.read(SweepLayout.trialDir(tmp.resolve("cluster"), id));
            RunResult l = RunResults.read(SweepLayout.trialDir(tmp.resolve("local"), id));
            assertEquals(l.test().accuracy(), c.test().accuracy(), id);
            assertEquals(l.test().rocAuc(), c.test().rocAuc(), id);
            assertEquals(l.history().get(0).trainLoss(), c.history().get(0).trainLoss(), id);
            assertEquals(l.history().get(0).valLoss(), c.history().get(0).valLoss(), id);
        }
        assertEquals(Files.readString(tmp.resolve("local").resolve(SweepLayout.LEADERBOARD_CSV)).replaceAll(",[^,]*\n", "\n"),
                Files.readString(tmp.resolve("cluster").resolve(SweepLayout.LEADERBOARD_CSV)).replaceAll(",[^,]*\n", "\n"),
                "leaderboards differ (the last column, seconds, may)");
    }

    private static String[] concat(List<String> a, String... b) {
        return java.util.stream.Stream.concat(a.stream(), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitLine(Path log, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) return;
            Thread.sleep(250);
        }
        throw new AssertionError("no '" + text + "' in " + log + ":\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }
}
