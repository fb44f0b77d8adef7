package dev.qnet.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole benchmark suite in one session, so every ratio compares numbers taken on the same
 * machine minutes apart: ResNet-50 (qnet's ResNetBench vs the PyTorch peer), the 8-qubit QCNN and
 * single-gate times (QcnnBench, with its PyTorch peer and Strange), {@code qnetc check} latency and
 * seconds per epoch of real {@code qnetc run}s. Each benchmark runs in its own child process; this
 * class collects their output into {@code bench/results/<UTC time>.json}, checks the targets,
 * profiles (JFR) whatever misses one, and regenerates {@code bench/BENCHMARKS.md}.
 *
 * <p>Run it through {@code bench/run}, from the repository root. Options: {@code --quick} (a smoke
 * run: fewer steps, short epochs; its results are marked quick), {@code --no-profile},
 * {@code --skip=resnet,qcnn,check,epochs}, {@code --epochs=N} (epochs of the quickstart and study
 * QCNN runs, default 1), {@code --resnet-epoch-limit=N} (train the study's ResNet-50 epoch on N
 * images for 2 epochs and extrapolate from the second, default 128: a full epoch takes far longer
 * than the whole budget on 2 cores; 0 = one full epoch), {@code --report FILE.json}
 * (only regenerate BENCHMARKS.md from a results file).
 */
public final class BenchRunner {

    /** Debian's python3 with python3-torch; the pyenv python3 on PATH has no torch. */
    static final String PYTHON = "/usr/bin/python3";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Proc proc;
    private final Path root;
    private final Path tmp;
    private final boolean quick;
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final Map<String, String> env = new HashMap<>();

    private BenchRunner(Path root, Path tmp, boolean quick) throws IOException {
        this.root = root;
        this.tmp = tmp;
        this.quick = quick;
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
            BenchmarksMarkdown.write((ObjectNode) JSON.readTree(file.toFile()), file, root.resolve("bench/BENCHMARKS.md"));
            System.err.println("bench: wrote bench/BENCHMARKS.md from " + file);
            return;
        }
        boolean quick = a.contains("--quick");
        boolean profile = !a.contains("--no-profile");
        String skip = option(a, "--skip", "");
        int resnetLimit = Integer.parseInt(option(a, "--resnet-epoch-limit", "128"));
        Path tmp = Files.createTempDirectory("qnet-bench");
        BenchRunner r = new BenchRunner(root, tmp, quick);
        long t0 = System.nanoTime();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);

        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("date", now.withNano(0).format(DateTimeFormatter.ISO_INSTANT));
        out.put("command", "bench/run" + (args.length > 0 ? " " + String.join(" ", args) : ""));
        out.put("quick", quick);
        out.set("machine", Machine.describe(r.proc));
        String torch = out.get("machine").path("torch").asText(null);
        step("machine: " + out.get("machine"));
        if (!skip.contains("resnet")) {
            out.set("resnet50", r.resnet(torch));
        }
        if (!skip.contains("qcnn")) {
            out.set("qcnn", r.qcnn(torch));
        }
        if (!skip.contains("check")) {
            out.set("check", r.check());
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

        Path results = Files.createDirectories(root.resolve("bench/results"))
                .resolve(now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'")) + (quick ? "-quick" : "") + ".json");
        JSON.writeValue(results.toFile(), out);
        step("wrote " + root.relativize(results));
        if (!quick) {
            BenchmarksMarkdown.write(out, root.relativize(results), root.resolve("bench/BENCHMARKS.md"));
            step("wrote bench/BENCHMARKS.md");
        }
        for (JsonNode t : targets) {
            System.out.println((t.path("value").isNull() ? "---- " : t.path("pass").asBoolean() ? "PASS " : "MISS ")
                    + t.path("name").asText() + ": " + (t.path("value").isNull() ? "not measured" : t.path("value").asText())
                    + " (target " + t.path("target").asText() + ")");
        }
        System.out.println("total " + out.get("total_seconds") + " s; results in " + root.relativize(results));
    }

    // ---------------------------------------------------------------- (1) ResNet-50

    private static final Pattern RESNET_LINE = Pattern.compile(
            "^(inference|train) batch (\\d+)[^:]*: ([\\d.]+) images/s \\(median (\\d+) ms/step, min (\\d+) ms, steps \\[([\\d, ]+)\\]\\)");

    private ObjectNode resnet(String torch) {
        int steps = quick ? 2 : 3;
        step("ResNet-50: qnet (ResNetBench 32,128 x" + steps + ", inference 128)");
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        Proc.Result r = proc.run(javaCommand(List.of("-Xmx4g", "-Dorg.bytedeco.javacpp.maxbytes=10g",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=14g"), "dev.qnet.bench.classical.ResNetBench",
                "32,128", Integer.toString(steps), "128"), env, 1200);
        ObjectNode q = o.putObject("qnet");
        q.put("steps", steps);
        if (!r.ok()) {
            q.put("error", "ResNetBench failed (exit " + r.exitCode() + "): " + r.tail());
        }
        ArrayNode train = q.putArray("train");
        for (String line : r.stdout().split("\n")) {
            Matcher m = RESNET_LINE.matcher(line.strip());
            if (line.startsWith("nd4j threads")) {
                q.put("nd4j", line.strip());
            } else if (m.find()) {
                int batch = Integer.parseInt(m.group(2));
                double[] ms = java.util.Arrays.stream(m.group(6).split(",\\s*")).mapToDouble(Double::parseDouble).toArray();
                ObjectNode s = summary(batch, ms);
                if (m.group(1).equals("inference")) {
                    q.set("infer", s);
                } else {
                    train.add(s);
                }
            }
        }
        step("  qnet: " + q);
        if (torch == null) {
            o.put("peer_note", "PyTorch peer skipped: " + PYTHON + " has no torch module (apt-get install python3-torch)");
            return o;
        }
        step("ResNet-50: PyTorch peer (bench/peers/torch_resnet50_28.py, " + threads + " threads)");
        Proc.Result p = proc.run(List.of(PYTHON, "bench/peers/torch_resnet50_28.py", "32", Integer.toString(steps), "1", "2",
                Integer.toString(threads), "--train-batches", "32,128", "--infer", "128", "--json"), Map.of(), 1200);
        JsonNode peer = lastJsonLine(p.stdout());
        if (!p.ok() || peer == null) {
            o.put("peer_note", "PyTorch peer failed (exit " + p.exitCode() + "): " + p.tail());
            return o;
        }
        o.set("torch", peer);
        step("  torch: " + peer);
        ObjectNode ratio = o.putObject("ratio_qnet_to_torch");
        for (JsonNode t : train) {
            for (JsonNode pt : peer.path("train")) {
                if (pt.path("batch").asInt() == t.path("batch").asInt()) {
                    ratio.put("train_b" + t.path("batch").asInt(), round3(t.path("images_per_s").asDouble() / pt.path("images_per_s").asDouble()));
                }
            }
        }
        if (q.has("infer") && peer.has("infer")) {
            ratio.put("infer_b128", round3(q.path("infer").path("images_per_s").asDouble() / peer.path("infer").path("images_per_s").asDouble()));
        }
        return o;
    }

    private static ObjectNode summary(int batch, double[] ms) {
        Stats st = Stats.of(ms);
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("batch", batch);
        ArrayNode all = s.putArray("ms");
        for (double v : ms) {
            all.add(v);
        }
        s.put("min_ms", st.min());
        s.put("median_ms", st.median());
        s.put("images_per_s", Math.round(batch * 1000 / st.median() * 100) / 100.0);
        return s;
    }

    // ---------------------------------------------------------------- (2)+(3) QCNN, gates

    private static final String[] QCNN_KEYS = {"train_samples_per_s_b128", "train_samples_per_s_b1024",
        "forward_samples_per_s_b128", "forward_samples_per_s_b1024", "strange_forward_samples_per_s", "copy_bandwidth_GBps"};

    private ObjectNode qcnn(String torch) {
        int runs = quick ? 1 : 3;
        String seconds = quick ? "1" : "2";
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("runs", runs);
        o.put("seconds_per_measurement", Double.parseDouble(seconds));
        List<JsonNode> all = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            boolean peer = i == 0 && torch != null;
            step("QCNN: QcnnBench run " + (i + 1) + "/" + runs + (peer ? " with the PyTorch peer" : ""));
            List<String> cmd = new ArrayList<>(javaCommand(List.of("-Xmx4g"), "dev.qnet.bench.quantum.QcnnBench", seconds));
            if (peer) {
                cmd.add("--peer");
            }
            Proc.Result r = proc.run(cmd, env, 900);
            JsonNode j = lastJsonLine(r.stdout());
            if (!r.ok() || j == null) {
                o.put("error", "QcnnBench failed (exit " + r.exitCode() + "): " + r.tail());
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
        ObjectNode q = o.putObject("qnet");
        for (String k : QCNN_KEYS) {
            double[] v = all.stream().mapToDouble(j -> j.path(k).asDouble()).toArray();
            Stats st = Stats.of(v);
            q.putObject(k).put("min", round3(st.min())).put("median", round3(st.median())).put("max", round3(st.max()));
        }
        JsonNode first = all.get(0);
        if (first.has("peer_train_samples_per_s_b128")) {
            ObjectNode p = o.putObject("torch_peer");
            for (String b : new String[] {"128", "1024"}) {
                p.put("train_samples_per_s_b" + b, first.path("peer_train_samples_per_s_b" + b).asDouble());
                p.put("forward_samples_per_s_b" + b, first.path("peer_forward_samples_per_s_b" + b).asDouble());
            }
            ObjectNode ratio = o.putObject("ratio");
            for (String b : new String[] {"128", "1024"}) {
                ratio.put("train_vs_peer_b" + b, round3(q.path("train_samples_per_s_b" + b).path("median").asDouble()
                        / p.path("train_samples_per_s_b" + b).asDouble()));
            }
        } else {
            o.put("peer_note", torch == null ? "PyTorch peer skipped: " + PYTHON + " has no torch module"
                    : "PyTorch peer did not run (see QcnnBench's log)");
        }
        o.with("ratio").put("forward_vs_strange", round3(q.path("forward_samples_per_s_b1024").path("median").asDouble()
                / q.path("strange_forward_samples_per_s").path("median").asDouble()));
        // single-qubit gate vs the bandwidth bound: per qubit count, min/median of each run's best time
        ObjectNode gates = o.putObject("ry_gate");
        first.path("ry_gate").fieldNames().forEachRemaining(n -> {
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
     * validation pass is estimated from ResNetBench's inference rate instead.
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
        double inferRate = resnet.path("qnet").path("infer").path("images_per_s").asDouble(0);
        double val = inferRate > 0 ? EpochTimeBench.PNEUMONIA_VAL / inferRate : 0;
        double scale = (double) EpochTimeBench.PNEUMONIA_TRAIN / limit;
        e.put("extrapolated_full_epoch_s", Math.round(((t - val) * scale + val) * 10) / 10.0);
        e.put("extrapolation", how + (inferRate > 0
                ? "no progress lines; validation estimated at " + Math.round(val * 10) / 10.0
                        + " s from ResNetBench's inference rate, the training part scaled x" + Math.round(10 * scale) / 10.0
                : "no progress lines and no inference rate, so the whole epoch was scaled x"
                        + Math.round(10 * scale) / 10.0 + ": an upper bound"));
    }

    // ---------------------------------------------------------------- profiles of misses

    private ObjectNode profiles(ArrayNode targets) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        boolean resnetMiss = false;
        boolean qcnnMiss = false;
        boolean checkMiss = false;
        for (JsonNode t : targets) {
            if (t.path("pass").asBoolean(true) || t.path("value").isNull()) {
                continue;
            }
            String area = t.path("area").asText();
            resnetMiss |= area.equals("resnet");
            qcnnMiss |= area.equals("qcnn");
            checkMiss |= area.equals("check");
        }
        try {
            if (resnetMiss) {
                step("profile: ResNet-50 training at batch 128 (JFR + per-op native times)");
                Path jfr = tmp.resolve("resnet.jfr");
                Proc.Result r = proc.run(javaCommand(List.of("-Xmx4g", "-Dorg.bytedeco.javacpp.maxbytes=10g",
                        "-Dorg.bytedeco.javacpp.maxphysicalbytes=14g", "-Dqnet.profile=true",
                        "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile"),
                        "dev.qnet.bench.classical.ResNetBench", "128", quick ? "1" : "2", "0"), env, 900);
                ObjectNode p = o.putObject("resnet50_train_b128");
                Matcher m = Pattern.compile("native op ms over (\\d+) steps: \\{([^}]*)\\}").matcher(r.stdout());
                if (m.find()) {
                    p.put("native_op_steps", Integer.parseInt(m.group(1)));
                    Map<String, Double> ops = new HashMap<>();
                    Matcher kv = Pattern.compile("([\\w.]+)=([\\d.Ee+-]+)").matcher(m.group(2));
                    while (kv.find()) {
                        ops.put(kv.group(1), Double.parseDouble(kv.group(2)));
                    }
                    double total = ops.values().stream().mapToDouble(Double::doubleValue).sum();
                    ArrayNode a = p.putArray("native_ops");
                    ops.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
                            .forEach(en -> a.addObject().put("op", en.getKey()).put("ms", Math.round(en.getValue()))
                                    .put("percent", Math.round(1000 * en.getValue() / total) / 10.0));
                    p.put("native_ops_total_ms", Math.round(total));
                }
                if (Files.exists(jfr)) {
                    p.set("jfr", JfrSummary.summarise(List.of(jfr), 10));
                } else {
                    p.put("error", "no recording: " + r.tail());
                }
            }
            if (qcnnMiss) {
                step("profile: QcnnBench (JFR)");
                Path jfr = tmp.resolve("qcnn.jfr");
                proc.run(javaCommand(List.of("-Xmx4g", "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile"),
                        "dev.qnet.bench.quantum.QcnnBench", "1"), env, 600);
                if (Files.exists(jfr)) {
                    o.set("qcnn", JfrSummary.summarise(List.of(jfr), 10));
                }
            }
            if (checkMiss) {
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

    private static JsonNode lastJsonLine(String stdout) {
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

    private static void step(String what) {
        System.err.println("[bench " + java.time.LocalTime.now(ZoneOffset.UTC).withNano(0) + "] " + what);
    }
}
