package dev.qnet.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qnet.bench.compiled.StepPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole benchmark suite in one session: ResNet-50 and the QCNN as users run them (the
 * compiled examples/resnet50.qnet and examples/qcnn.qnet trained with the Trainer's step, each
 * measurement paired back to back with its PyTorch peer, peak RSS of both), the simulator against
 * Strange and against the bandwidth bound, {@code qnetc check} latency and seconds per epoch of
 * real {@code qnetc run}s of the quick start and the study files. Each measurement runs in its own
 * child process; this class collects their output into {@code bench/results/<UTC time>.json},
 * checks the targets, profiles (JFR) whatever misses one, and regenerates {@code bench/BENCHMARKS.md}.
 *
 * <p>Run it through {@code bench/run}, from the repository root. Options: {@code --quick} (a smoke
 * run: 2 pairs of 1-step measurements, short epochs; its results are marked quick and its markdown
 * goes next to its JSON, not into BENCHMARKS.md), {@code --no-profile},
 * {@code --skip=resnet,qcnn,noise,simulator,check,shared,epochs}, {@code --pairs=N} (pairs per qnet/peer
 * comparison, default 3, at least 3 for a full run), {@code --epochs=N} (epochs of the quick start
 * and study QCNN runs, default 1), {@code --resnet-epoch-limit=N} (train the study's ResNet-50
 * epoch on N images for 2 epochs and extrapolate from the second, default 128: a full epoch takes
 * far longer than the whole budget on 2 cores; 0 = one full epoch), {@code --report FILE.json}
 * (only regenerate BENCHMARKS.md from a results file).
 */
public final class BenchRunner {

    /** Debian's python3 with python3-torch; the pyenv python3 on PATH has no torch. */
    static final String PYTHON = "/usr/bin/python3";

    /** Version of the results file layout; {@link BenchmarksMarkdown} reads only this one. */
    static final int SCHEMA = 2;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The JVM flags the {@code ./qnetc} launcher gives {@code qnetc run} (besides the oneDNN
     * extension {@link #javaCommand} adds to every JVM), with the default heap: StepBench measures
     * the JVM users get.
     */
    private static final List<String> QNETC_RUN_FLAGS = List.of("-Xss8m");

    private final Proc proc;
    private final Path root;
    private final Path tmp;
    private final boolean quick;
    private final int pairs;
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final Map<String, String> env = new HashMap<>();

    private BenchRunner(Path root, Path tmp, boolean quick, int pairs) throws IOException {
        this.root = root;
        this.tmp = tmp;
        this.quick = quick;
        this.pairs = pairs;
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        this.proc = new Proc(root, logs);
        Path data = root.resolve("../shared/data").normalize();
        if (System.getenv("QNET_DATA") == null && Files.isDirectory(data)) {
            env.put("QNET_DATA", data.toString());
        }
    }

    public static void main(String[] args) throws IOException {
        List<String> a = List.of(args);
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("qnetc"))) {
            System.err.println("bench: run from the repository root (bench/run does this)");
            System.exit(2);
        }
        int reportAt = a.indexOf("--report");
        if (reportAt >= 0) {
            Path file = Path.of(a.get(reportAt + 1));
            try {
                BenchmarksMarkdown.write((ObjectNode) JSON.readTree(file.toFile()), file, root.resolve("bench/BENCHMARKS.md"));
            } catch (IllegalArgumentException e) {
                System.err.println("bench: " + e.getMessage());
                System.exit(2);
            }
            System.err.println("bench: wrote bench/BENCHMARKS.md from " + file);
            return;
        }
        boolean quick = a.contains("--quick");
        boolean profile = !a.contains("--no-profile");
        String skip = option(a, "--skip", "");
        int resnetLimit = Integer.parseInt(option(a, "--resnet-epoch-limit", "128"));
        // A smoke run only has to show that pairing works, so 2 pairs; results need at least 3.
        int pairs = Integer.parseInt(option(a, "--pairs", quick ? "2" : "3"));
        if (!quick && pairs < 3) {
            System.err.println("bench: a full run needs --pairs >= 3 (every ratio is a median of at least 3 pairs)");
            System.exit(2);
        }
        Path tmp = Files.createTempDirectory("qnet-bench");
        BenchRunner r = new BenchRunner(root, tmp, quick, pairs);
        long t0 = System.nanoTime();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);

        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("schema", SCHEMA);
        out.put("date", now.withNano(0).format(DateTimeFormatter.ISO_INSTANT));
        out.put("command", "bench/run" + (args.length > 0 ? " " + String.join(" ", args) : ""));
        out.put("quick", quick);
        out.put("pairs", pairs);
        out.put("peak_rss_method", "ru_maxrss from wait4(2) of each measured process (bench/peak_rss.py): "
                + "the kernel's high-water mark of its resident set");
        out.set("machine", Machine.describe(r.proc));
        String torch = out.get("machine").path("torch").asText(null);
        step("machine: " + out.get("machine"));
        if (!skip.contains("resnet")) {
            out.set("resnet50", r.resnet(torch));
        }
        if (!skip.contains("qcnn")) {
            out.set("qcnn", r.qcnn(torch));
        }
        if (!skip.contains("noise")) {
            out.set("noisy_qcnn", r.noisyQcnn(torch));
        }
        if (!skip.contains("simulator")) {
            out.set("simulator", r.simulator());
        }
        if (!skip.contains("check")) {
            out.set("check", r.check());
        }
        if (!skip.contains("shared")) {
            step("two concurrent quick starts vs solo (" + pairs + " pairs, fair share and pinned)");
            out.set("shared_cores", SharedCoresBench.measure(root, tmp.resolve("shared"), "examples/quickstart.qnet",
                    quick ? 2 : 3, pairs, r.env, Runtime.getRuntime().availableProcessors()));
        }
        if (!skip.contains("epochs")) {
            out.set("epochs", r.epochs(Integer.parseInt(option(a, "--epochs", "1")), resnetLimit, out.path("resnet50")));
        }
        ArrayNode targets = Targets.evaluate(out);
        out.set("targets", targets);
        if (profile) {
            out.set("profiles", r.profiles(targets));
        }
        out.put("load_average_end", Machine.loadAverage());
        out.put("total_seconds", Math.round((System.nanoTime() - t0) / 1e9));

        String stamp = now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'")) + (quick ? "-quick" : "");
        Path results = Files.createDirectories(root.resolve("bench/results")).resolve(stamp + ".json");
        JSON.writeValue(results.toFile(), out);
        step("wrote " + root.relativize(results));
        // A smoke run's markdown goes next to its JSON (git-ignored), never over BENCHMARKS.md.
        Path md = quick ? results.resolveSibling(stamp + ".md") : root.resolve("bench/BENCHMARKS.md");
        BenchmarksMarkdown.write(out, root.relativize(results), md);
        step("wrote " + root.relativize(md));
        for (JsonNode t : targets) {
            System.out.println((t.path("value").isNull() ? "---- " : t.path("pass").asBoolean() ? "PASS " : "MISS ")
                    + t.path("name").asText() + ": " + (t.path("value").isNull() ? "not measured" : t.path("value").asText())
                    + " (target " + t.path("target").asText() + ")");
        }
        System.out.println("total " + out.get("total_seconds") + " s; results in " + root.relativize(results));
    }

    // ---------------------------------------------------------------- (1) ResNet-50

    static final String RESNET_FILE = "examples/resnet50.qnet";
    static final String QCNN_FILE = "examples/qcnn.qnet";

    /** A ResNet-50 step is 1.5-10 s: one warm-up step (oneDNN primitives, workspace), 3 timed. */
    private StepPlan resnetPlan() {
        return quick ? new StepPlan(1, 0, 1, 0) : new StepPlan(1, 0, 3, 0);
    }

    /** A QCNN step is 10-1000 ms: the JIT needs seconds of warm-up, and a window of steps evens out noise. */
    private StepPlan qcnnPlan() {
        return quick ? new StepPlan(2, 0.5, 3, 0.5) : new StepPlan(3, 2, 5, 2);
    }

    private ObjectNode resnet(String torch) {
        StepPlan plan = resnetPlan();
        ObjectNode o = section(RESNET_FILE, "bench/peers/torch_resnet50_28.py", plan, torch);
        PairedMeasurement paired = new PairedMeasurement(proc, tmp, 1200);
        // bf16: qnet's `precision bf16` (StepBench --precision bf16) against the peer's autocast bf16
        // with channels-last memory (torch_resnet50_28.py --bf16).
        record Case(String key, String mode, int batch, boolean bf16) {
        }
        ObjectNode cases = o.putObject("cases");
        for (Case c : List.of(new Case("train_b32", "train", 32, false), new Case("train_b128", "train", 128, false),
                new Case("infer_b128", "infer", 128, false), new Case("train_b32_bf16", "train", 32, true),
                new Case("train_b128_bf16", "train", 128, true))) {
            List<String> extra = new ArrayList<>(plan.args());
            if (c.bf16()) {
                extra.addAll(List.of("--precision", "bf16"));
            }
            PairedMeasurement.Side q = qnetSide(RESNET_FILE, c.mode(), c.batch(), extra);
            List<String> peer = new ArrayList<>(List.of(PYTHON, "bench/peers/torch_resnet50_28.py",
                    Integer.toString(c.batch()), "--mode", c.mode(), "--threads", Integer.toString(threads), "--json"));
            peer.addAll(plan.args());
            if (c.bf16()) {
                peer.add("--bf16");
            }
            cases.set(c.key(), paired.run("ResNet-50 " + c.mode() + " b" + c.batch() + (c.bf16() ? " bf16" : ""), c.batch(), q,
                    torch == null ? null : new PairedMeasurement.Side("PyTorch torch_resnet50_28.py", peer, Map.of()), pairs));
        }
        return o;
    }

    /** The head of a compared section: the file, its peer, the step plan, and why the peer is missing if it is. */
    private static ObjectNode section(String file, String peer, StepPlan plan, String torch) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("file", file);
        o.put("peer", peer);
        o.set("plan", JSON.valueToTree(plan));
        if (torch == null) {
            o.put("peer_note", "PyTorch peer skipped: " + PYTHON + " has no torch module (apt-get install python3-torch)");
        }
        return o;
    }

    private PairedMeasurement.Side qnetSide(String file, String mode, int batch, StepPlan plan) {
        return qnetSide(file, mode, batch, plan.args());
    }

    /** @param extra StepBench's options after FILE MODE BATCH (the step plan, --precision) */
    private PairedMeasurement.Side qnetSide(String file, String mode, int batch, List<String> extra) {
        List<String> args = new ArrayList<>(List.of(file, mode, Integer.toString(batch)));
        args.addAll(extra);
        return new PairedMeasurement.Side("qnet StepBench " + file, javaCommand(QNETC_RUN_FLAGS,
                "dev.qnet.bench.compiled.StepBench", args.toArray(String[]::new)), env);
    }

    // ---------------------------------------------------------------- (2) QCNN training

    private ObjectNode qcnn(String torch) {
        StepPlan plan = qcnnPlan();
        ObjectNode o = section(QCNN_FILE, "bench/peers/torch_qcnn8.py --frontend", plan, torch);
        PairedMeasurement paired = new PairedMeasurement(proc, tmp, 900);
        ObjectNode cases = o.putObject("cases");
        for (int batch : new int[] {128, 1024}) {
            List<String> peer = new ArrayList<>(List.of(PYTHON, "bench/peers/torch_qcnn8.py", Integer.toString(batch),
                    "--frontend", "--train-only", "--threads", Integer.toString(threads), "--json"));
            peer.addAll(plan.args());
            cases.set("train_b" + batch, paired.run("QCNN train b" + batch, batch, qnetSide(QCNN_FILE, "train", batch, plan),
                    torch == null ? null : new PairedMeasurement.Side("PyTorch torch_qcnn8.py --frontend", peer, Map.of()),
                    pairs));
        }
        return o;
    }

    // ---------------------------------------------------------------- (2b) the QCNN under device noise

    static final String NOISY_QCNN_FILE = "bench/qnet/noisy-qcnn8.qnet";

    /**
     * The study QCNN's 8-qubit stage under the study's device noise (depolarizing 1e-3 after
     * one-qubit gates, 1e-2 after two-qubit gates, readout 2e-2), exact density matrix, adjoint
     * gradients, as users run it: StepBench times the Trainer's step of the compiled
     * bench/qnet/noisy-qcnn8.qnet (front end, the circuit, dense head) against
     * bench/peers/torch_density_qcnn8.py --frontend (the same network, noise and batch), in
     * back-to-back pairs.
     */
    private ObjectNode noisyQcnn(String torch) {
        // The peer needs about 3 s per sample on 2 cores: batch 8 and 2 timed steps keep a pair near a minute.
        StepPlan plan = quick ? new StepPlan(1, 0, 1, 0) : new StepPlan(1, 0, 2, 0);
        ObjectNode o = section(NOISY_QCNN_FILE, "bench/peers/torch_density_qcnn8.py --frontend", plan, torch);
        o.put("what", "The study QCNN's 8-qubit stage under device noise (depolarizing p1 1e-3 / p2 1e-2, readout 2e-2),"
                + " exact density matrix");
        PairedMeasurement paired = new PairedMeasurement(proc, tmp, 1800);
        ObjectNode cases = o.putObject("cases");
        int batch = 8;
        List<String> peer = new ArrayList<>(List.of(PYTHON, "bench/peers/torch_density_qcnn8.py", "--batch",
                Integer.toString(batch), "--frontend", "--threads", Integer.toString(threads), "--json"));
        peer.addAll(plan.args());
        cases.set("train_b" + batch, paired.run("noisy QCNN train b" + batch, batch, qnetSide(NOISY_QCNN_FILE, "train", batch, plan),
                torch == null ? null : new PairedMeasurement.Side("PyTorch torch_density_qcnn8.py --frontend", peer, Map.of()), pairs));
        return o;
    }

    // ---------------------------------------------------------------- (3) simulator vs Strange, gates

    private ObjectNode simulator() {
        int runs = pairs; // each run holds one back-to-back qnet/Strange pair
        String seconds = quick ? "0.5" : "2";
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("runs", runs);
        o.put("seconds_per_measurement", Double.parseDouble(seconds));
        List<JsonNode> all = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            step("simulator: SimulatorBench run " + (i + 1) + "/" + runs + " (qnet forward, then Strange, then gates)");
            Proc.Result r = proc.run(javaCommand(List.of("-Xmx4g"), "dev.qnet.bench.quantum.SimulatorBench", seconds), env, 900);
            JsonNode j = lastJsonLine(r.stdout());
            if (!r.ok() || j == null) {
                o.put("error", "SimulatorBench failed (exit " + r.exitCode() + "): " + r.tail());
                break;
            }
            step("  " + j);
            all.add(j);
        }
        if (all.isEmpty()) {
            return o;
        }
        ArrayNode raw = o.putArray("raw");
        all.forEach(raw::add);
        for (String k : new String[] {"forward_samples_per_s_b1024", "strange_forward_samples_per_s", "copy_bandwidth_GBps",
            "forward_vs_strange"}) {
            Stats st = Stats.of(all.stream().mapToDouble(j -> j.path(k).asDouble()).toArray());
            o.putObject(k).put("median", round3(st.median())).put("min", round3(st.min())).put("max", round3(st.max()))
                    .put("n", st.count());
        }
        // single-qubit gate vs the bandwidth bound: per qubit count, min/median of each run's best time
        ObjectNode gates = o.putObject("ry_gate");
        all.get(0).path("ry_gate").fieldNames().forEachRemaining(n -> {
            double[] ms = all.stream().mapToDouble(j -> j.path("ry_gate").path(n).path("ms").asDouble()).toArray();
            double[] ratio = all.stream().mapToDouble(j -> j.path("ry_gate").path(n).path("ratio").asDouble()).toArray();
            double[] bound = all.stream().mapToDouble(j -> j.path("ry_gate").path(n).path("bound_ms").asDouble()).toArray();
            Stats s = Stats.of(ms);
            gates.putObject(n).put("min_ms", s.min()).put("median_ms", s.median())
                    .put("bound_ms", Stats.of(bound).median()).put("ratio_median", Stats.of(ratio).median())
                    .put("ratio_min", Stats.of(ratio).min());
        });
        return o;
    }

    // ---------------------------------------------------------------- (4) qnetc check

    private ObjectNode check() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        int reps = quick ? 3 : 7;
        step("qnetc check: examples/resnet50.qnet x" + reps);
        o.set("resnet50", CheckLatencyBench.measure(proc, root.resolve("examples/resnet50.qnet"), reps));
        step("  " + o.get("resnet50"));
        Path gen = CheckLatencyBench.generate(tmp, 10_000);
        step("qnetc check: generated 10,000-line file x" + reps);
        ObjectNode g = CheckLatencyBench.measure(proc, gen, reps);
        g.put("file", "generated (CheckLatencyBench.generate): 303 x (circuit + residual block + hybrid network)");
        o.set("generated_10000_lines", g);
        step("  " + g);
        return o;
    }

    // ---------------------------------------------------------------- (5) seconds per epoch

    private ObjectNode epochs(int epochs, int resnetLimit, JsonNode resnet) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("data", "PneumoniaMNIST 28x28: train " + EpochTimeBench.PNEUMONIA_TRAIN + ", val " + EpochTimeBench.PNEUMONIA_VAL);
        record Job(String key, String file, int epochs, int limit) {
        }
        List<Job> jobs = List.of(new Job("quickstart", "examples/quickstart.qnet", epochs, quick ? 512 : 0),
                new Job("study_qcnn", "examples/study/qcnn.qnet", epochs, quick ? 512 : 0),
                new Job("study_resnet50", "examples/study/resnet50.qnet", resnetLimit > 0 ? 2 : 1, resnetLimit));
        for (Job j : jobs) {
            step("qnetc run " + j.file() + " --epochs " + j.epochs() + (j.limit() > 0 ? " --limit=" + j.limit() : ""));
            ObjectNode e = EpochTimeBench.measure(proc, Path.of(j.file()), j.epochs(), j.limit(), tmp.resolve("run-" + j.key()),
                    env, 1500);
            if (j.key().equals("study_resnet50") && j.limit() > 0 && e.has("first_epoch_s")) {
                extrapolate(e, j.limit(), resnet);
            }
            step("  " + e);
            o.set(j.key(), e);
        }
        return o;
    }

    /**
     * A --limit run trains on {@code limit} images but still validates on the whole val split. The
     * measured epochs are kept whole and the images left out are added at the training rate the run
     * itself reported for that epoch's batches (its progress lines, whole images/s): seconds per
     * full epoch = T + (train split - limit) / rate. Epoch 2 is the steady state; epoch 1 also
     * holds the one-off warm-up (oneDNN primitive creation, JIT). Without progress lines the
     * validation pass is estimated from the paired ResNet-50 inference rate (qnet's median) instead.
     */
    private static void extrapolate(ObjectNode e, int limit, JsonNode resnet) {
        double first = e.path("first_epoch_s").asDouble();
        boolean steady = e.path("steady_state").asBoolean();
        double t = steady ? e.path("median_s").asDouble() : first;
        int rest = EpochTimeBench.PNEUMONIA_TRAIN - limit;
        JsonNode rates = e.path("train_images_per_s_by_epoch").path(steady ? "2" : "1");
        double rate = 0;
        for (JsonNode v : rates) {
            rate += v.asDouble() / rates.size();
        }
        String how = "--limit=" + limit + ": epoch 1 " + CheckLatencyBench.round(first) + " s"
                + (steady ? ", epoch 2 " + CheckLatencyBench.round(t) + " s" : "") + ", each = training on " + limit
                + " images + validation on all " + EpochTimeBench.PNEUMONIA_VAL + "; ";
        if (rate > 0) {
            double full = t + rest / rate;
            e.put("extrapolated_full_epoch_s", Math.round(full * 10) / 10.0);
            e.put("extrapolated_first_epoch_s", Math.round((first + rest / rate) * 10) / 10.0);
            e.put("extrapolation", how + "the other " + rest + " training images added at the run's own training rate ("
                    + rate + " images/s, as its progress line prints it, rounded to whole images/s): "
                    + CheckLatencyBench.round(t) + " + " + rest + " / " + rate + " s" + (steady ? " (epoch 1 with warm-up: "
                    + Math.round((first + rest / rate) * 10) / 10.0 + " s)" : ""));
            return;
        }
        double inferRate = resnet.path("cases").path("infer_b128").path("qnet").path("samples_per_s").path("median").asDouble(0);
        double val = inferRate > 0 ? EpochTimeBench.PNEUMONIA_VAL / inferRate : 0;
        double scale = (double) EpochTimeBench.PNEUMONIA_TRAIN / limit;
        e.put("extrapolated_full_epoch_s", Math.round(((t - val) * scale + val) * 10) / 10.0);
        e.put("extrapolation", how + (inferRate > 0
                ? "no progress lines; validation estimated at " + Math.round(val * 10) / 10.0
                        + " s from the ResNet-50 inference rate (section 1), the training part scaled x" + Math.round(10 * scale) / 10.0
                : "no progress lines and no inference rate, so the whole epoch was scaled x"
                        + Math.round(10 * scale) / 10.0 + ": an upper bound"));
    }

    // ---------------------------------------------------------------- profiles of misses

    private ObjectNode profiles(ArrayNode targets) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        Set<String> missed = new HashSet<>();
        for (JsonNode t : targets) {
            if (!t.path("pass").asBoolean(true) && !t.path("value").isNull()) {
                missed.add(t.path("area").asText());
            }
        }
        try {
            if (missed.contains("resnet")) {
                step("profile: compiled ResNet-50 training at batch 128 (JFR)");
                o.set("resnet50_train_b128", jfr("resnet", RESNET_FILE, 128, new StepPlan(1, 0, quick ? 1 : 2, 0)));
            }
            if (missed.contains("qcnn")) {
                step("profile: compiled QCNN training at batch 1024 (JFR)");
                o.set("qcnn_train_b1024", jfr("qcnn", QCNN_FILE, 1024, qcnnPlan()));
            }
            if (missed.contains("simulator")) {
                step("profile: SimulatorBench (JFR)");
                Path jfr = tmp.resolve("simulator.jfr");
                proc.run(javaCommand(List.of("-Xmx4g", "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile"),
                        "dev.qnet.bench.quantum.SimulatorBench", "1"), env, 600);
                if (Files.exists(jfr)) {
                    o.set("simulator", JfrSummary.summarise(List.of(jfr), 10));
                }
            }
            if (missed.contains("check")) {
                step("profile: qnetc check on the generated file (JFR, 3 runs)");
                Path gen = CheckLatencyBench.generate(tmp, 10_000);
                List<Path> files = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Path jfr = tmp.resolve("check" + i + ".jfr");
                    Map<String, String> e = new HashMap<>(env);
                    e.put("QNET_JVM_FLAGS", "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
                    proc.run(List.of("./qnetc", "check", gen.toString()), e, 120);
                    if (Files.exists(jfr)) {
                        files.add(jfr);
                    }
                }
                if (!files.isEmpty()) {
                    o.set("check_generated", JfrSummary.summarise(files, 10));
                }
            }
        } catch (IOException e) {
            o.put("error", "reading a JFR recording: " + e.getMessage());
        }
        return o;
    }

    /** A JFR recording of one StepBench training measurement, summarised. */
    private ObjectNode jfr(String name, String file, int batch, StepPlan plan) throws IOException {
        Path jfr = tmp.resolve(name + ".jfr");
        List<String> args = new ArrayList<>(List.of(file, "train", Integer.toString(batch)));
        args.addAll(plan.args());
        List<String> flags = new ArrayList<>(QNETC_RUN_FLAGS);
        flags.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        Proc.Result r = proc.run(javaCommand(flags, "dev.qnet.bench.compiled.StepBench", args.toArray(String[]::new)), env, 900);
        if (Files.exists(jfr)) {
            return JfrSummary.summarise(List.of(jfr), 10);
        }
        return JsonNodeFactory.instance.objectNode().put("error", "no recording: " + r.tail());
    }

    // ---------------------------------------------------------------- helpers

    private List<String> javaCommand(List<String> jvmFlags, String main, String... args) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-Djavacpp.platform.extension=-onednn-avx2");
        c.add("-XX:+UseParallelGC");
        c.addAll(jvmFlags);
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(main);
        c.addAll(List.of(args));
        return c;
    }

    static JsonNode lastJsonLine(String stdout) {
        String[] lines = stdout.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("{")) {
                try {
                    return JSON.readTree(lines[i]);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String option(List<String> args, String name, String dflt) {
        for (String s : args) {
            if (s.startsWith(name + "=")) {
                return s.substring(name.length() + 1);
            }
        }
        return dflt;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static void step(String what) {
        System.err.println("[bench " + java.time.LocalTime.now(ZoneOffset.UTC).withNano(0) + "] " + what);
    }
}
