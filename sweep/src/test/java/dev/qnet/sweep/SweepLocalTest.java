package dev.qnet.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.driver.cli.Qnetc;
import dev.qnet.runtime.report.RunResult;
import dev.qnet.runtime.report.RunResults;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps in Spark's local mode: leaderboard, failures and rejected combinations, re-run of the best, resume after a kill. */
class SweepLocalTest {

    @TempDir
    Path tmp;

    @Test
    void failingAndRejectedTrialsAreRecordedAndTheRestRanked() throws Exception {
        Path file = SweepFixture.write(tmp);
        Path out = tmp.resolve("sweep");
        SweepFixture.Run r = SweepFixture.sweep("sweep", file.toString(), "--grid", "width=2,4,0", "--data",
                "pneumoniamnist," + tmp.resolve("nosuch.npz"), "--limit", "64", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // width=0 does not check: reported with the compiler's diagnostic, never run.
        assertTrue(r.err().contains("skipping width=0"), r.err());
        assertTrue(Files.readString(out.resolve(SweepLayout.REJECTED)).contains("error"), r.err());
        // The missing dataset fails at run time: recorded, and the other trials still ran.
        List<String> failures;
        try (Stream<Path> s = Files.list(out.resolve("failures"))) {
            failures = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(2, failures.size(), failures.toString());
        assertTrue(Files.readString(out.resolve("failures").resolve(failures.get(0))).contains("nosuch.npz"));
        List<String> csv = Files.readAllLines(out.resolve(SweepLayout.LEADERBOARD_CSV));
        assertEquals(1 + 4, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(0).startsWith("rank,width,data,val_loss_mean"), csv.get(0));
        // Ranked rows (finished) first, in ascending val_loss; failed points last with no value.
        double first = Double.parseDouble(csv.get(1).split(",")[3]);
        double second = Double.parseDouble(csv.get(2).split(",")[3]);
        assertTrue(first <= second, csv.toString());
        assertTrue(csv.get(3).split(",", -1)[3].isEmpty() && csv.get(4).split(",", -1)[3].isEmpty(), csv.toString());
        for (String png : List.of("val_loss-vs-width.png", "val_loss-vs-data.png", "best-loss.png")) {
            assertTrue(Files.size(out.resolve("plots").resolve(png)) > 1000, png);
        }
        String report = Files.readString(out.resolve(SweepLayout.REPORT));
        assertTrue(report.contains("## Failed trials") && report.contains("## Rejected by the compiler"), report);

        // The printed command re-runs the best trial alone, through qnetc run, to the same numbers.
        String cmd = r.out().lines().filter(l -> l.startsWith("  ./qnetc run ")).findFirst().orElseThrow().strip();
        List<String> args = new ArrayList<>(List.of(cmd.substring("./qnetc ".length()).split(" ")));
        int o = args.indexOf("--out");
        args.set(o + 1, tmp.resolve("rerun").toString());
        StringWriter err = new StringWriter();
        assertEquals(0, Qnetc.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());
        String bestId = r.out().lines().filter(l -> l.startsWith("best: ")).findFirst().orElseThrow()
                .substring(6).split(";")[0];
        RunResult swept = RunResults.read(SweepLayout.trialDir(out, bestId));
        RunResult alone = RunResults.read(tmp.resolve("rerun"));
        assertEquals(swept.test().accuracy(), alone.test().accuracy());
        assertEquals(swept.history().get(0).valLoss(), alone.history().get(0).valLoss());
        assertEquals(swept.params().total(), alone.params().total());

        // Again: nothing to run, failures kept as recorded.
        SweepFixture.Run again = SweepFixture.sweep("sweep", file.toString(), "--grid", "width=2,4,0", "--data",
                "pneumoniamnist," + tmp.resolve("nosuch.npz"), "--limit", "64", "--threads", "1", "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("2 finished before, 2 failed before, 0 to run"), again.err());
    }

    @Test
    void aKilledSweepFinishesOnlyTheMissingTrialsWhenRunAgain() throws Exception {
        Path file = SweepFixture.write(tmp);
        Path out = tmp.resolve("sweep");
        String[] args = {"sweep", file.toString(), "--grid", "width=2,3,4,5", "--limit", "64", "--threads", "1",
            "--out", out.toString()};
        Process p = SweepFixture.java(tmp.resolve("killed.log"), SweepMain.class.getName(), args).start();
        Path trials = out.resolve("trials");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        List<Path> done = List.of();
        while (done.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            done = finished(trials);
        }
        p.destroyForcibly().waitFor();
        done = finished(trials);
        assertTrue(!done.isEmpty() && done.size() < 4, "killed after " + done.size() + " trials: "
                + Files.readString(tmp.resolve("killed.log")));
        List<FileTime> before = new ArrayList<>();
        for (Path d : done) before.add(Files.getLastModifiedTime(d.resolve("metrics.json")));

        SweepFixture.Run r = SweepFixture.sweep(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(done.size() + " finished before, 0 failed before, " + (4 - done.size()) + " to run"), r.err());
        assertEquals(4, finished(trials).size());
        for (int i = 0; i < done.size(); i++) {
            assertEquals(before.get(i), Files.getLastModifiedTime(done.get(i).resolve("metrics.json")), "re-ran " + done.get(i));
        }
        assertEquals(1 + 4, Files.readAllLines(out.resolve(SweepLayout.LEADERBOARD_CSV)).size());

        // Two trials at once in one JVM (local[2]) give the numbers of one at a time: no shared state between them.
        Path parallel = tmp.resolve("parallel");
        String[] twoAtOnce = args.clone();
        twoAtOnce[twoAtOnce.length - 1] = parallel.toString();
        SweepFixture.Run p2 = SweepFixture.sweep(java.util.stream.Stream.concat(java.util.Arrays.stream(twoAtOnce),
                java.util.stream.Stream.of("--parallel", "2")).toArray(String[]::new));
        assertEquals(0, p2.code(), p2.err());
        for (Path d : finished(trials)) {
            RunResult a = RunResults.read(d);
            RunResult b = RunResults.read(SweepLayout.trialDir(parallel, d.getFileName().toString()));
            assertEquals(a.history().get(0).trainLoss(), b.history().get(0).trainLoss(), d.toString());
            assertEquals(a.test().accuracy(), b.test().accuracy(), d.toString());
        }
    }

    private static List<Path> finished(Path trials) throws Exception {
        if (!Files.isDirectory(trials)) return List.of();
        try (Stream<Path> s = Files.list(trials)) {
            // Not the report's staging directories (".ID.tmp-*"), which hold metrics.json before the rename.
            return s.filter(d -> !d.getFileName().toString().startsWith(".")).filter(RunResults::isResultsDir).sorted().toList();
        }
    }
}
