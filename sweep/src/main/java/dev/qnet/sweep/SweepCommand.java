package dev.qnet.sweep;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.qnet.runtime.io.AtomicFiles;
import dev.qnet.runtime.report.ReportException;
import dev.qnet.runtime.report.RunResult;
import dev.qnet.runtime.report.RunResults;
import dev.qnet.runtime.threads.ComputeThreads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code qnetc sweep FILE --grid NAME=V1,V2 ... --out DIR}: every combination (or {@code --random N}
 * samples) times {@code --seeds K}, checked by the compiler first, run as Spark tasks, then ranked.
 * Running the same command again skips the finished trials and continues killed ones from their
 * checkpoints.
 */
@Command(name = "qnetc sweep", mixinStandardHelpOptions = true,
        description = "Run a grid or random search over network arguments and train settings as Spark tasks; write a leaderboard.")
final class SweepCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int USER_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "FILE", description = "the .qnet file")
    Path file;

    @CommandLine.Option(names = "--grid", paramLabel = "NAME=SPEC", description = "a swept name (network argument, "
            + "train setting, or data) and its values V1,V2,...; with --random also LO:HI (uniform) or LO:HI:log")
    List<String> grid = new ArrayList<>();

    @CommandLine.Option(names = "--random", paramLabel = "N", defaultValue = "0",
            description = "sample N points of the --grid space instead of taking every combination")
    int random;

    @CommandLine.Option(names = "--sample-seed", paramLabel = "S", defaultValue = "0", description = "seed of --random's draws")
    long sampleSeed;

    @CommandLine.Option(names = "--seeds", paramLabel = "K", defaultValue = "1", description = "seeds per point (seed, seed+1, ...)")
    int seeds;

    @CommandLine.Option(names = "--data", paramLabel = "NAME,...", split = ",", description = "datasets to sweep over")
    List<String> data = new ArrayList<>();

    @CommandLine.Option(names = "--master", paramLabel = "URL", description = "Spark master: local[N] (default local[--parallel]) or spark://HOST:PORT")
    String master;

    @CommandLine.Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "trials at once in local mode; each computes with cores / N threads")
    int parallel;

    @CommandLine.Option(names = "--threads", paramLabel = "N",
            description = "threads per trial (default: cores / --parallel in local mode, spark.task.cpus on a cluster)")
    Integer threads;

    @CommandLine.Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a Spark setting, e.g. spark.executor.memory=4g")
    Map<String, String> conf = new LinkedHashMap<>();

    @CommandLine.Option(names = "--metric", paramLabel = "NAME",
            description = "rank by val_loss, val_accuracy, val_f1, val_auc (best epoch) or test accuracy, f1, auc, ... (default: val_ + the section's select)")
    String metric;

    @CommandLine.Option(names = "--retry-failed", description = "run failed trials again (default: keep their recorded error)")
    boolean retryFailed;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "DIR", description = "sweep directory")
    Path out;

    // The overrides of `qnetc run`, applied to every trial.
    @CommandLine.Option(names = "--train", paramLabel = "NAME", description = "which train section (default: the first)")
    String train;
    @CommandLine.Option(names = "--epochs", paramLabel = "N") Integer epochs;
    @CommandLine.Option(names = "--batch", paramLabel = "N") Integer batch;
    @CommandLine.Option(names = "--limit", paramLabel = "N", description = "train on the first N training samples only") Integer limit;
    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "first seed (default: the section's)") Long seed;
    @CommandLine.Option(names = "--set", paramLabel = "KEY=VALUE", description = "a fixed setting for every trial") Map<String, String> set = new LinkedHashMap<>();
    @CommandLine.Option(names = "--arg", paramLabel = "NAME=VALUE", description = "a fixed network argument for every trial") Map<String, String> args = new LinkedHashMap<>();

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws Exception {
        PrintWriter outw = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return execute(outw, err);
        } catch (SweepException | ReportException e) {
            err.println("qnetc: " + e.getMessage());
            err.flush();
            return USER_ERROR;
        }
    }

    private int execute(PrintWriter outw, PrintWriter err) throws IOException {
        if (seeds < 1 || parallel < 1 || random < 0 || (threads != null && threads < 1)) {
            throw new SweepException("--seeds, --parallel and --threads must be at least 1, --random at least 0");
        }
        List<Dimension> dims = new ArrayList<>();
        for (String g : grid) dims.add(Dimension.parse(g));
        if (!data.isEmpty()) dims.add(new Dimension("data", data, 0, 0, false, false));
        Map<String, String> fixed = new LinkedHashMap<>();
        if (epochs != null) fixed.put("epochs", epochs.toString());
        if (batch != null) fixed.put("batch", batch.toString());
        if (limit != null) fixed.put("limit", limit.toString());
        fixed.putAll(set);
        SweepPlan plan = SweepPlan.of(new SweepPlan.Spec(file, train, dims, random, sampleSeed, seeds, seed, args, fixed));
        SweepMetric rank = metric != null ? SweepMetric.parse(metric)
                : SweepMetric.forSelect(plan.baseTrain.settings().format(dev.qnet.core.Setting.SELECT).replace("val_", ""));
        for (SweepPlan.Rejected r : plan.rejected) {
            err.println("qnetc: skipping " + r.point() + ": it does not check:");
            err.println(r.diagnostic());
        }
        if (plan.trials.isEmpty()) {
            throw new SweepException("no trial to run: every combination was rejected");
        }
        Files.createDirectories(out);
        checkSamePlan(plan);
        writeRejected(plan);

        Map<String, String> failures = readFailures(plan.trials);
        List<Trial> todo = new ArrayList<>();
        for (Trial t : plan.trials) {
            boolean done = RunResults.isResultsDir(SweepLayout.trialDir(out, t.id()));
            if (!done && (retryFailed || !failures.containsKey(t.id()))) {
                todo.add(t);
                failures.remove(t.id());
            }
        }
        int finishedBefore = plan.trials.size() - todo.size() - failures.size();
        err.printf(Locale.ROOT, "sweep: %d trials (%d points x %d seeds)%s; %d finished before, %d failed before, %d to run%n",
                plan.trials.size(), plan.trials.size() / seeds, seeds,
                plan.rejected.isEmpty() ? "" : ", " + plan.rejected.size() + " combinations rejected",
                finishedBefore, failures.size(), todo.size());
        err.flush();
        if (!todo.isEmpty()) {
            String url = master != null ? master : "local[" + parallel + "]";
            int perTrial = threads != null ? threads
                    : url.startsWith("local") ? Math.max(1, ComputeThreads.cores() / parallel) : 0;
            SweepJob job = new SweepJob(file.toAbsolutePath().normalize().toString(), train,
                    out.toAbsolutePath().normalize().toString(), perTrial);
            int[] n = {0};
            SparkTrials.run(url, "qnetc sweep " + file.getFileName(), conf, job, todo, o -> {
                n[0]++;
                String what = switch (o.status()) {
                    case FINISHED -> "done";
                    case INTERRUPTED -> "interrupted (its checkpoint is kept; run the sweep again to continue)";
                    case FAILED -> "FAILED: " + o.error();
                };
                err.printf(Locale.ROOT, "[%d/%d] %s: %s (%.1f s)%n", n[0], todo.size(), o.id(), what, o.seconds());
                err.flush();
                if (o.status() == TrialOutcome.Status.FAILED) {
                    failures.put(o.id(), o.error());
                    recordFailure(o);
                }
            }, err);
        }

        Map<String, RunResult> finished = new LinkedHashMap<>();
        for (Trial t : plan.trials) {
            Path d = SweepLayout.trialDir(out, t.id());
            if (RunResults.isResultsDir(d)) finished.put(t.id(), RunResults.read(d));
        }
        Leaderboard board = new Leaderboard(rank, plan.trials, finished, failures);
        List<String> names = dims.stream().map(Dimension::name).toList();
        Trial best = board.bestTrial();
        String rerun = best == null ? "" : rerunCommand(best);
        SweepReport.write(out, board, names, plan.rejected, failures, rerun);
        printTable(outw, board, names);
        if (best != null) {
            outw.println("best: " + best.id() + "; re-run it alone with:");
            outw.println("  " + rerun);
        }
        outw.println("report: " + out.resolve(SweepLayout.REPORT));
        outw.flush();
        return OK;
    }

    /** A sweep directory holds one sweep: a different command must not mix its trials in. */
    private void checkSamePlan(SweepPlan plan) throws IOException {
        Path f = out.resolve(SweepLayout.PLAN);
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("file", file.toAbsolutePath().normalize().toString());
        now.put("train", train);
        now.put("trials", plan.trials.stream().map(t -> Map.of("id", t.id(), "arguments", t.arguments(),
                "settings", t.settings(), "seed", t.seed())).toList());
        String text = JSON.writeValueAsString(now);
        if (Files.isRegularFile(f)) {
            Map<String, Object> before = JSON.readValue(f.toFile(), new TypeReference<>() {});
            if (!JSON.readValue(text, new TypeReference<Map<String, Object>>() {}).equals(before)) {
                throw new SweepException(out + " holds a different sweep (other file, trials or settings);"
                        + " choose another --out");
            }
            return;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(out)) {
            if (entries.findAny().isPresent()) {
                throw new SweepException(out + " already exists and is not a sweep directory; choose another --out");
            }
        }
        AtomicFiles.write(f, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private void writeRejected(SweepPlan plan) throws IOException {
        StringBuilder b = new StringBuilder();
        for (SweepPlan.Rejected r : plan.rejected) b.append(r.point()).append(":\n").append(r.diagnostic()).append("\n\n");
        AtomicFiles.write(out.resolve(SweepLayout.REJECTED), o -> o.write(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private Map<String, String> readFailures(List<Trial> trials) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (Trial t : trials) {
            Path f = SweepLayout.failure(out, t.id());
            if (Files.isRegularFile(f)) {
                Map<String, Object> j = JSON.readValue(f.toFile(), new TypeReference<>() {});
                m.put(t.id(), String.valueOf(j.get("error")));
            }
        }
        return m;
    }

    private void recordFailure(TrialOutcome o) {
        try {
            String text = JSON.writeValueAsString(Map.of("trial", o.id(), "error", o.error(), "seconds", o.seconds()));
            AtomicFiles.write(SweepLayout.failure(out, o.id()), s -> s.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new SweepException(SweepLayout.failure(out, o.id()) + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /** The {@code qnetc run} command line of one trial (what the sweep ran, as one command). */
    String rerunCommand(Trial t) {
        StringBuilder b = new StringBuilder("./qnetc run ").append(quote(file.toString()));
        if (train != null) b.append(" --train ").append(quote(train));
        t.arguments().forEach((k, v) -> b.append(" --arg ").append(quote(k + "=" + v)));
        for (var e : t.settings().entrySet()) {
            switch (e.getKey()) {
                case "epochs", "batch", "limit", "data" -> b.append(" --").append(e.getKey()).append(' ').append(quote(e.getValue()));
                default -> b.append(" --set ").append(quote(e.getKey() + "=" + e.getValue()));
            }
        }
        b.append(" --seed ").append(t.seed());
        if (threads != null) b.append(" --threads ").append(threads);
        return b.append(" --out results/").append(t.id()).toString();
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./=:+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static void printTable(PrintWriter out, Leaderboard board, List<String> names) {
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-4s", "rank"));
        for (String n : names) h.append(String.format(Locale.ROOT, " %-12s", n));
        h.append(String.format(Locale.ROOT, " %-20s %5s", board.metric.key, "seeds"));
        out.println(h);
        int rank = 1;
        for (Leaderboard.Row r : board.rows) {
            StringBuilder l = new StringBuilder(String.format(Locale.ROOT, "%-4d", rank++));
            for (String n : names) l.append(String.format(Locale.ROOT, " %-12s", r.point().getOrDefault(n, "")));
            l.append(String.format(Locale.ROOT, " %-20s %5d", r.metric().format(), r.runs().size()));
            out.println(l);
        }
    }
}
