package dev.qnet.driver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qnet.driver.experiment.Experiment;
import dev.qnet.driver.experiment.SavedModel;
import dev.qnet.runtime.report.HistoryCsv;
import dev.qnet.runtime.report.HistoryRow;
import dev.qnet.runtime.report.RunReport;
import dev.qnet.runtime.train.EpochRecord;
import dev.qnet.runtime.train.ModelCheckpoint;
import dev.qnet.runtime.train.TrainingState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A crash never loses a run. {@code qnetc run} in a child JVM is killed with SIGKILL at seeded
 * random moments and at chosen ones (the moment a checkpoint's temporary file appears, the moment
 * the finished run starts saving its results, and once a {@code --resume} itself); then
 * {@code qnetc run --resume DIR} must finish with exactly the test metrics, history and weights of
 * an uninterrupted run of the same file and seed, or, killed before the first checkpoint, say so
 * in one line and exit 1, after which a fresh run into the same directory works.
 *
 * <p>After every kill the directory may hold a stale temporary (a writer creates it, fills it
 * and renames it into place, and SIGKILL runs no clean-up), but every file under a real name must
 * be complete: the checkpoint loads and agrees with the reference history,
 * history.csv is a prefix of the reference's, results files equal the reference's. The next run in
 * the directory must remove the temporaries.
 */
class CrashResumeTest {

    /**
     * Small enough for epochs well under a second, with a dense layer large enough that the
     * checkpoint (weights, best weights and Adam's two moments, ~3 MB) takes a while to write, so
     * a kill can land inside the write. Dropout and batch norm carry state across a resume;
     * {@code early_stop(patience: 1)} stops this run after epoch 4 (the reference asserts it), so
     * a kill while saving the results resumes a run that stopped early.
     */
    static final String SOURCE = """
            dataset pneumonia = medmnist("pneumoniamnist") { normalize }
            network crashy(classes = 2) {
                input [1, 28, 28]
                conv(4) bn relu maxpool(2)
                flatten dropout(0.2)
                dense(256) relu
                dense(classes)
            }
            train "crashy" crashy(classes: 2) on pneumonia {
                optimizer adam(lr: 1e-3)  epochs 6  batch 32  seed 7
                augment { flip(horizontal) rotate(5deg) }
                early_stop(patience: 1)
                metrics accuracy precision recall f1 auc
            }
            """;
    /** Images per split of the data the runs use: the first ones of each PneumoniaMNIST split. */
    static final Map<String, Integer> SPLIT_SIZES = Map.of("train", 320, "val", 160, "test", 160);
    static final long SEED = 20_240_611L;
    static final int MIN_KILLS = 10;
    static final int MAX_KILLS = 16;
    static final int MIN_WRITE_KILLS = 2;
    static final long CHILD_TIMEOUT_SECONDS = 180;
    /** What the JVM reports for a child that died of signal 9. */
    static final int SIGKILLED = 128 + 9;

    static final String CHECKPOINT = Experiment.CHECKPOINT;
    static final ObjectMapper JSON = new ObjectMapper();

    enum Phase { BEFORE_FIRST_CHECKPOINT, MID_EPOCH, CHECKPOINT_WRITE, SAVING_RESULTS, AFTER_FINISH }

    // Directory entries the triggers wait for. The checkpoint's temporary is any sibling named
    // after it (ModelCheckpoint writes through AtomicFiles: ".checkpoint.qnetckpt.<n>.tmp").
    static final Predicate<String> CHECKPOINT_TEMP = n -> n.contains(CHECKPOINT) && !n.equals(CHECKPOINT);
    static final Predicate<String> CHECKPOINT_SAVED = n -> n.equals(CHECKPOINT);
    /** The first thing a finished run writes into its directory (the model's staging directory). */
    static final Predicate<String> SAVING = n -> !n.contains(CHECKPOINT) && !n.startsWith(RunReport.HISTORY)
            && !n.startsWith("." + RunReport.HISTORY + "."); // history.csv's AtomicFiles temporary is not "saving"

    /** What a trigger's delay is a fraction of: durations of the reference run. */
    enum Span { NONE, WHOLE_RUN, FIRST_CHECKPOINT, AFTER_FIRST_CHECKPOINT, EPOCH }

    /**
     * Kill after the {@code nth} directory entry matching {@code name} appeared ({@code nth} 0:
     * from the start of the process), then a further {@code fraction} of the reference's
     * {@code span}, scaled by how fast this machine is running now.
     */
    record Trigger(String what, Predicate<String> name, int nth, double fraction, Span span) {
        /** Not in the last 15% of the span: a kill after the run ended would be wasted. */
        static Trigger atRandom(Random rnd, Span span) {
            return new Trigger("at random", n -> false, 0, 0.85 * rnd.nextDouble(), span);
        }

        /** Starting up takes most of a run: these random moments come after the first checkpoint. */
        static Trigger atRandomInTraining(Random rnd) {
            return new Trigger("at random in training", CHECKPOINT_SAVED, 1, 0.85 * rnd.nextDouble(),
                    Span.AFTER_FIRST_CHECKPOINT);
        }

        static Trigger inCheckpointWrite(int nth) {
            return new Trigger("in checkpoint write", CHECKPOINT_TEMP, nth, 0, Span.NONE);
        }

        static Trigger midEpoch(int afterCheckpoint, double fraction) {
            return new Trigger("mid-epoch", CHECKPOINT_SAVED, afterCheckpoint, fraction, Span.EPOCH);
        }

        static Trigger whileSaving() {
            return new Trigger("while saving results", SAVING, 1, 0, Span.NONE);
        }
    }

    /** One results directory: kill the fresh run, then kill each resume in {@code thenResumes}, then recover. */
    record Trial(Trigger first, List<Trigger> thenResumes) {}

    record Child(int code, String log, long millis, List<Long> checkpointMillis) {}

    record Killed(boolean landed, long atMillis) {}

    private Path tmp;
    private Path src;
    private Path data;
    private Path runs;
    private Path logs;
    private int children;
    private Path ref;
    private int epochs;
    private long refMillis;
    private long refFirstCheckpoint;
    private long refEpochMillis;
    /**
     * This machine's current speed relative to the reference run (time to the first checkpoint
     * of the latest fresh run over the reference's): other jobs share the cores, so a delay drawn
     * from the reference's timeline would otherwise overshoot the end of a faster run.
     */
    private double slowdown = 1;
    private List<List<Double>> refHistory;
    private JsonNode refMetrics;
    private final Map<Phase, Integer> phases = new EnumMap<>(Phase.class);
    private int kills;
    private boolean freshRunAfterNoCheckpointChecked;

    @BeforeAll
    static void realData() {
        String dir = System.getenv("QNET_DATA");
        assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "pneumoniamnist.npz")),
                "QNET_DATA with pneumoniamnist.npz is needed (set by the Surefire configuration to ../shared/data)");
    }

    @Test
    void sigkillAnywhereThenResumeEndsLikeAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        this.tmp = tmp;
        src = tmp.resolve("crashy.qnet");
        Files.writeString(src, SOURCE);
        // Evaluating PneumoniaMNIST's 524 validation images every epoch would take most of an
        // epoch's time, and the test runs some twenty child JVMs: a subset keeps it short.
        data = tmp.resolve("pneumonia-small.npz");
        subset(Path.of(System.getenv("QNET_DATA"), "pneumoniamnist.npz"), data, SPLIT_SIZES);
        runs = Files.createDirectories(tmp.resolve("runs"));
        logs = Files.createDirectories(tmp.resolve("logs"));

        ref = Files.createDirectories(runs.resolve("reference"));
        Child reference = runWatched(ref, "--out");
        assertEquals(0, reference.code(), reference.log());
        refHistory = defined(HistoryCsv.read(ref.resolve(RunReport.HISTORY)));
        refMetrics = JSON.readTree(ref.resolve(RunReport.METRICS).toFile());
        epochs = refHistory.size();
        assertTrue(refMetrics.at("/provenance/stopped_early").asBoolean() && epochs >= 3,
                "the reference must stop early after 3 or more epochs, or the kills while saving do not resume"
                        + " an early-stopped run; adjust patience or epochs: " + refHistory);
        assertEquals(epochs, reference.checkpointMillis().size(), "one checkpoint per epoch");
        refMillis = reference.millis();
        refFirstCheckpoint = reference.checkpointMillis().get(0);
        refEpochMillis = Math.max(1, (reference.checkpointMillis().get(epochs - 1) - refFirstCheckpoint) / (epochs - 1));
        System.out.printf("reference: %d epochs, %d ms; first checkpoint after %d ms, then one every %d ms%n",
                epochs, refMillis, refFirstCheckpoint, refEpochMillis);

        // Seeded random moments across the whole run, and kills aimed at the moments that matter:
        // inside a checkpoint write, inside an epoch, while the finished run saves its results.
        // Most trials kill the resume too (a crash can come twice), which also saves JVM starts.
        Random rnd = new Random(SEED);
        List<Trial> plan = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            plan.add(new Trial(Trigger.atRandom(rnd, Span.WHOLE_RUN), List.of(Trigger.atRandom(rnd, Span.FIRST_CHECKPOINT))));
            plan.add(new Trial(Trigger.atRandomInTraining(rnd), List.of(Trigger.atRandom(rnd, Span.FIRST_CHECKPOINT))));
        }
        plan.add(new Trial(Trigger.inCheckpointWrite(1 + rnd.nextInt(epochs)), List.of(Trigger.inCheckpointWrite(1))));
        plan.add(new Trial(Trigger.midEpoch(1, 0.5 * rnd.nextDouble()), List.of(Trigger.inCheckpointWrite(1))));
        plan.add(new Trial(Trigger.whileSaving(), List.of(Trigger.whileSaving())));
        Collections.shuffle(plan, rnd);
        Deque<Trial> queue = new ArrayDeque<>(plan);

        int trial = 0;
        while (true) {
            // The plan first, then kills aimed at whatever quota is still short.
            Trial t = !queue.isEmpty() ? queue.poll() : kills < MAX_KILLS ? topUp(rnd) : null;
            if (t == null) {
                break;
            }
            Path dir = Files.createDirectories(runs.resolve(String.format("k%02d", ++trial)));
            crashAndRecover(dir, t);
        }

        System.out.printf("%d kills: %s; %.0f s in all%n", kills, phases, (System.nanoTime() - t0) / 1e9);
        assertTrue(kills >= MIN_KILLS, kills + " kills: " + phases);
        assertTrue(count(Phase.CHECKPOINT_WRITE) >= MIN_WRITE_KILLS, "kills during a checkpoint write: " + phases);
        assertTrue(count(Phase.BEFORE_FIRST_CHECKPOINT) >= 1, "kills before the first checkpoint: " + phases);
        assertTrue(count(Phase.MID_EPOCH) >= 1, "kills mid-epoch: " + phases);
        assertTrue(count(Phase.SAVING_RESULTS) >= 1, "kills while saving the results: " + phases);
        assertTrue(freshRunAfterNoCheckpointChecked, "a fresh run after a kill before the first checkpoint");
    }

    /** Another kill aimed at a phase still short of its quota; null when every quota is met. */
    private Trial topUp(Random rnd) {
        if (count(Phase.CHECKPOINT_WRITE) < MIN_WRITE_KILLS) {
            return new Trial(Trigger.inCheckpointWrite(1 + rnd.nextInt(epochs)), List.of());
        }
        if (count(Phase.BEFORE_FIRST_CHECKPOINT) < 1) {
            return new Trial(Trigger.atRandom(rnd, Span.FIRST_CHECKPOINT), List.of());
        }
        if (count(Phase.MID_EPOCH) < 1) {
            return new Trial(Trigger.midEpoch(1 + rnd.nextInt(epochs - 1), 0.8 * rnd.nextDouble()), List.of());
        }
        if (count(Phase.SAVING_RESULTS) < 1) {
            return new Trial(Trigger.whileSaving(), List.of());
        }
        return kills < MIN_KILLS ? new Trial(Trigger.atRandom(rnd, Span.WHOLE_RUN), List.of()) : null;
    }

    private long delayMillis(Trigger t) {
        long span = switch (t.span()) {
            case NONE -> 0;
            case WHOLE_RUN -> refMillis;
            case FIRST_CHECKPOINT -> refFirstCheckpoint;
            case AFTER_FIRST_CHECKPOINT -> refMillis - refFirstCheckpoint;
            case EPOCH -> refEpochMillis;
        };
        return Math.round(t.fraction() * span * slowdown);
    }

    private void crashAndRecover(Path dir, Trial t) throws Exception {
        List<Trigger> triggers = new ArrayList<>();
        triggers.add(t.first());
        triggers.addAll(t.thenResumes());
        Phase last = null;
        for (int i = 0; i < triggers.size(); i++) {
            boolean fresh = i == 0;
            if (!fresh && Experiment.notResumable(dir) != null) {
                break; // nothing running to kill: the resume stops at once
            }
            Trigger trigger = triggers.get(i);
            Killed k = runAndKill(dir, trigger, fresh ? "--out" : "--resume");
            if (!k.landed()) {
                // The run ended before the trigger fired (a faster machine than the reference).
                System.out.printf("%s: %s: finished before the kill%n", dir.getFileName(), trigger.what());
                assertLikeReference(dir);
                return;
            }
            kills++;
            last = inspectAfterKill(dir);
            phases.merge(last, 1, Integer::sum);
            System.out.printf("%s: kill %2d of %s (%s, after %d ms) landed %s%n", dir.getFileName(), kills,
                    fresh ? "run" : "run --resume", trigger.what(), k.atMillis(), last);
        }

        boolean checkpointed = Files.isRegularFile(dir.resolve(CHECKPOINT));
        Child resumed = run(dir, "--resume");
        if (checkpointed) {
            assertEquals(0, resumed.code(), "--resume after a kill " + last + ":\n" + resumed.log());
            assertLikeReference(dir);
        } else if (last == Phase.AFTER_FINISH) {
            assertOneLineError(resumed, "is a finished run");
            assertLikeReference(dir);
        } else {
            assertOneLineError(resumed, "has no checkpoint to resume");
            if (!freshRunAfterNoCheckpointChecked) {
                // What the message tells the user to do: run again into the same directory.
                Child again = run(dir, "--out");
                assertEquals(0, again.code(), "a fresh run into " + dir + " after a kill " + last + ":\n" + again.log());
                assertLikeReference(dir);
                freshRunAfterNoCheckpointChecked = true;
            }
        }
    }

    private static void assertOneLineError(Child c, String says) {
        assertEquals(Qnetc.USER_ERROR, c.code(), c.log());
        String log = c.log().strip();
        assertEquals(1, log.lines().count(), "one line:\n" + log);
        assertTrue(log.startsWith("qnetc: ") && log.contains(says), log);
        assertFalse(log.contains("Exception") || log.contains("\tat "), log);
    }

    private int count(Phase p) {
        return phases.getOrDefault(p, 0);
    }

    // ---- the child JVM -------------------------------------------------------------------------

    private Process start(Path dir, String dirOption, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        // The flags of Surefire's argLine that change what the child computes or loads.
        String platform = System.getProperty("javacpp.platform.extension");
        if (platform != null) {
            cmd.add("-Djavacpp.platform.extension=" + platform);
        }
        cmd.addAll(List.of("-Xss8m", "-XX:+UseParallelGC", "-Xmx1g", Qnetc.class.getName(),
                "run", src.toString(), "--data", data.toString(), dirOption, dir.toString(),
                // pinned: a fair share would follow other qnet jobs on the machine, and thread
                // counts change float sums, while this test compares runs bit for bit
                "--threads", "1"));
        return new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private Path nextLog(Path dir) {
        return logs.resolve(String.format("%02d-%s.log", ++children, dir.getFileName()));
    }

    /** Runs to the end (no kill). */
    private Child run(Path dir, String dirOption) throws Exception {
        Path log = nextLog(dir);
        long t0 = System.nanoTime();
        Process p = start(dir, dirOption, log);
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("qnetc run " + dirOption + " " + dir + " did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
        }
        return new Child(p.exitValue(), Files.readString(log), (System.nanoTime() - t0) / 1_000_000, List.of());
    }

    /** Runs to the end, recording when each checkpoint was renamed into place. */
    private Child runWatched(Path dir, String dirOption) throws Exception {
        Path log = nextLog(dir);
        List<Long> checkpoints = new ArrayList<>();
        try (WatchService ws = dir.getFileSystem().newWatchService()) {
            dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE);
            long t0 = System.nanoTime();
            Process p = start(dir, dirOption, log);
            try {
                while (p.isAlive()) {
                    for (String name : events(ws, t0, Long.MAX_VALUE)) {
                        if (CHECKPOINT_SAVED.test(name)) {
                            checkpoints.add((System.nanoTime() - t0) / 1_000_000);
                        }
                    }
                }
                p.waitFor();
            } finally {
                p.destroyForcibly(); // only if a failed assertion left it running
            }
            return new Child(p.exitValue(), Files.readString(log), (System.nanoTime() - t0) / 1_000_000, checkpoints);
        }
    }

    /**
     * Starts the run and SIGKILLs it when the trigger fires. The directory is watched with the
     * platform's file notification (inotify on Linux), so the kill follows the creation of a
     * checkpoint's temporary file within milliseconds; whether it landed inside the write is
     * judged afterwards from what is on disk, not assumed.
     */
    private Killed runAndKill(Path dir, Trigger t, String dirOption) throws Exception {
        Path log = nextLog(dir);
        try (WatchService ws = dir.getFileSystem().newWatchService()) {
            dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE);
            long t0 = System.nanoTime();
            Process p = start(dir, dirOption, log);
            long delay = TimeUnit.MILLISECONDS.toNanos(delayMillis(t));
            long killAt = t.nth() == 0 ? t0 + delay : Long.MAX_VALUE;
            long firstCheckpoint = -1;
            int seen = 0;
            boolean alive;
            long at;
            try {
                watch:
                while (p.isAlive() && System.nanoTime() < killAt) {
                    for (String name : events(ws, t0, killAt)) {
                        long now = System.nanoTime();
                        if (firstCheckpoint < 0 && CHECKPOINT_SAVED.test(name)) {
                            firstCheckpoint = (now - t0) / 1_000_000;
                        }
                        if (seen < t.nth() && t.name().test(name) && ++seen == t.nth()) {
                            killAt = now + delay;
                            if (delay == 0) {
                                break watch;
                            }
                        }
                    }
                }
                alive = p.isAlive();
                at = (System.nanoTime() - t0) / 1_000_000;
            } finally {
                p.destroyForcibly(); // SIGKILL on Unix
                p.waitFor();
            }
            if (firstCheckpoint > 0 && dirOption.equals("--out")) {
                slowdown = (double) firstCheckpoint / refFirstCheckpoint;
            }
            if (alive && p.exitValue() == SIGKILLED) {
                return new Killed(true, at);
            }
            assertEquals(0, p.exitValue(), "the run failed on its own:\n" + Files.readString(log));
            return new Killed(false, at);
        }
    }

    /**
     * Names of entries created since the last call, waiting up to 20 ms but not past
     * {@code until}; fails after the child timeout.
     */
    private static List<String> events(WatchService ws, long t0, long until) throws InterruptedException {
        long now = System.nanoTime();
        if (now - t0 > TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS)) {
            fail("child did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
        }
        long wait = Math.max(0, Math.min(TimeUnit.MILLISECONDS.toNanos(20), until - now));
        WatchKey key = ws.poll(wait, TimeUnit.NANOSECONDS);
        if (key == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.context() instanceof Path name) { // OVERFLOW has none
                names.add(name.toString());
            }
        }
        key.reset();
        return names;
    }

    /** Writes the first {@code sizes.get(split)} images and labels of each split of a MedMNIST .npz. */
    static void subset(Path from, Path to, Map<String, Integer> sizes) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e : Collections.list(in.entries())) {
                String name = e.getName(); // train_images.npy, train_labels.npy, val_..., test_...
                byte[] npy;
                try (InputStream is = in.getInputStream(e)) {
                    npy = is.readAllBytes();
                }
                out.putNextEntry(new ZipEntry(name));
                out.write(firstRows(npy, sizes.get(name.substring(0, name.indexOf('_')))));
                out.closeEntry();
            }
        }
    }

    /** An .npy array (format 1.0, C order) cut to its first {@code n} rows. */
    static byte[] firstRows(byte[] npy, int n) {
        int headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        String header = new String(npy, 10, headerLength, StandardCharsets.ISO_8859_1);
        Matcher shape = Pattern.compile("'shape': \\((\\d+),").matcher(header);
        assertTrue(npy[6] == 1 && shape.find() && header.contains("'fortran_order': False"), header);
        int rows = Integer.parseInt(shape.group(1));
        assertTrue(n <= rows, n + " of " + rows + " rows");
        int body = 10 + headerLength;
        int rowBytes = (npy.length - body) / rows;
        StringBuilder h = new StringBuilder(header.substring(0, shape.start(1))).append(n)
                .append(header.substring(shape.end(1)).stripTrailing());
        while ((10 + h.length() + 1) % 64 != 0) { // the format pads the header to 64 bytes, ending in \n
            h.append(' ');
        }
        byte[] head = h.append('\n').toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] cut = new byte[10 + head.length + n * rowBytes];
        System.arraycopy(npy, 0, cut, 0, 8);
        cut[8] = (byte) head.length;
        cut[9] = (byte) (head.length >> 8);
        System.arraycopy(head, 0, cut, 10, head.length);
        System.arraycopy(npy, body, cut, 10 + head.length, n * rowBytes);
        return cut;
    }

    // ---- what a killed run leaves --------------------------------------------------------------

    /** Temporaries a killed writer may leave; never read, removed by the next run in the directory. */
    private static boolean isDebris(String name) {
        return name.contains(CHECKPOINT) && name.endsWith(".tmp")         // ModelCheckpoint's temporary
                || name.startsWith("." + RunReport.HISTORY + ".") && name.endsWith(".tmp") // LiveHistory's
                || name.startsWith(".model.tmp-");                  // the model's staging directory
    }

    /** RunReport's staging directory, beside the results directory. */
    private static List<Path> reportDebris(Path dir) throws IOException {
        String prefix = "." + dir.getFileName() + ".tmp-";
        try (Stream<Path> s = Files.list(dir.getParent())) {
            return s.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    /**
     * Checks that every file under a real name is complete and agrees with the reference, and
     * says what the run was doing when it died.
     */
    private Phase inspectAfterKill(Path dir) throws IOException {
        Integer checkpointEpochs = null;
        Integer historyRows = null;
        boolean checkpointWrite = false;
        boolean saving = !reportDebris(dir).isEmpty();
        List<String> names = names(dir);
        for (String name : names) {
            Path f = dir.resolve(name);
            if (name.equals(CHECKPOINT)) {
                TrainingState s = new ModelCheckpoint(f).load(); // throws on a truncated or corrupt file
                assertTrue(s.epochsDone() <= refHistory.size(), "checkpoint after epoch " + s.epochsDone()
                        + " but the uninterrupted run trained " + refHistory.size() + " epochs");
                assertEquals(refHistory.subList(0, s.epochsDone()), definedRecords(s.history()), "checkpoint history");
                checkpointEpochs = s.epochsDone();
            } else if (isDebris(name)) {
                checkpointWrite |= CHECKPOINT_TEMP.test(name);
                saving |= name.startsWith(".model.tmp-");
            } else if (name.equals(RunReport.HISTORY)) {
                List<List<Double>> rows = defined(HistoryCsv.read(f));
                assertTrue(rows.size() <= refHistory.size(), "history.csv: " + rows);
                assertEquals(refHistory.subList(0, rows.size()), rows, "history.csv after a kill");
                historyRows = rows.size();
            } else if (name.equals("model") || RunReport.FILES.contains(name)) {
                assertSameAsReference(dir, name);
                saving = true;
            } else {
                fail(dir + ": unexpected " + name + " after a kill: " + names);
            }
        }
        if (historyRows != null && !saving) {
            // history.csv is rewritten at the end of an epoch, just before that epoch's checkpoint.
            int c = checkpointEpochs == null ? 0 : checkpointEpochs;
            assertTrue(historyRows == c || historyRows == c + 1, historyRows + " history rows, checkpoint of epoch " + c);
        }
        if (checkpointWrite) {
            return Phase.CHECKPOINT_WRITE;
        }
        if (checkpointEpochs == null) {
            return names.contains(RunReport.METRICS) ? Phase.AFTER_FINISH : Phase.BEFORE_FIRST_CHECKPOINT;
        }
        return saving ? Phase.SAVING_RESULTS : Phase.MID_EPOCH;
    }

    // ---- comparison with the reference ---------------------------------------------------------

    /** A finished run: the reference's files, no checkpoint, no temporaries, and the same numbers. */
    private void assertLikeReference(Path dir) throws IOException {
        assertEquals(files(ref), files(dir), dir + " holds other files than the uninterrupted run");
        assertEquals(List.of(), reportDebris(dir), "temporaries beside " + dir);
        for (String name : names(ref)) {
            assertSameAsReference(dir, name);
        }
        JsonNode m = JSON.readTree(dir.resolve(RunReport.METRICS).toFile());
        for (String at : List.of("/seed", "/parameters", "/timing/epochs", "/provenance/best_epoch",
                "/provenance/stopped_early", "/provenance/settings")) {
            assertEquals(refMetrics.at(at), m.at(at), dir + ": metrics.json " + at);
        }
    }

    /** One top-level entry of a results directory, compared with the reference's where defined. */
    private void assertSameAsReference(Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        Path r = ref.resolve(name);
        switch (name) {
            case RunReport.METRICS -> assertEquals(refMetrics.at("/test"), JSON.readTree(f.toFile()).at("/test"),
                    f + ": test metrics");
            case RunReport.HISTORY -> assertEquals(refHistory, defined(HistoryCsv.read(f)), f.toString());
            case RunReport.REPORT -> assertEquals(beforeTimings(Files.readString(r)), beforeTimings(Files.readString(f)),
                    f.toString());
            case "model" -> {
                assertEquals(files(r), files(f), f + " holds other files than the reference's");
                for (String file : files(r)) {
                    if (file.equals(Path.of(SavedModel.WEIGHTS).getFileName().toString())) {
                        assertSameWeights(r.resolve(file), f.resolve(file));
                    } else {
                        assertEquals(Files.readString(r.resolve(file)), Files.readString(f.resolve(file)), file);
                    }
                }
            }
            default -> {
                assertTrue(name.endsWith(".png"), f.toString());
                byte[] png = Files.readAllBytes(f);
                // A complete PNG ends with the IEND chunk: type and its fixed CRC.
                byte[] iend = {'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
                assertTrue(png.length > iend.length, f + " is empty");
                assertArrayEquals(iend, Arrays.copyOfRange(png, png.length - iend.length, png.length), f + " is truncated");
            }
        }
    }

    private void assertSameWeights(Path expected, Path actual) {
        TrainingState a = new ModelCheckpoint(expected).load();
        TrainingState b = new ModelCheckpoint(actual).load();
        assertEquals(a.bestEpoch(), b.bestEpoch(), "best epoch");
        assertEquals(definedRecords(a.history()), definedRecords(b.history()), "history in the saved model");
        assertEquals(new TreeMap<>(a.parameters()).keySet(), new TreeMap<>(b.parameters()).keySet());
        for (var e : a.parameters().entrySet()) {
            assertArrayEquals(doubles(e.getValue()), doubles(b.parameters().get(e.getKey())), 0,
                    "weights of " + e.getKey() + " differ from the uninterrupted run's");
        }
    }

    private static double[] doubles(INDArray a) {
        assertNotNull(a);
        return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    /** report.md up to the training section, which holds wall times. */
    private static String beforeTimings(String md) {
        int i = md.indexOf("\n## Training");
        assertTrue(i > 0, "report.md has no training section");
        return md.substring(0, i);
    }

    /** Every column but the wall time, exactly. */
    private static List<List<Double>> defined(List<HistoryRow> rows) {
        return rows.stream().map(r -> List.of((double) r.epoch(), r.lr(), r.trainLoss(), r.trainAcc(), r.valLoss(),
                r.valAcc(), r.valF1(), r.valAuc())).toList();
    }

    private static List<List<Double>> definedRecords(List<EpochRecord> records) {
        return records.stream().map(r -> List.of((double) r.epoch(), r.lr(), r.trainLoss(), r.trainAccuracy(),
                r.valLoss(), r.valAccuracy(), r.valF1(), r.valAuc())).toList();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** Regular files under {@code dir}, relative, sorted. */
    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
        }
    }
}
