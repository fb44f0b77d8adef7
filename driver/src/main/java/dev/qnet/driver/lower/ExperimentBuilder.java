package dev.qnet.driver.lower;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.ir.DatasetIr;
import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Program;
import dev.qnet.compiler.ir.QuantumParts;
import dev.qnet.compiler.ir.Shape;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.compiler.source.SourceFile;
import dev.qnet.core.Keyword;
import dev.qnet.core.OptimizerKind;
import dev.qnet.core.Precision;
import dev.qnet.core.Setting;
import dev.qnet.driver.experiment.ExperimentPlan;
import dev.qnet.runtime.data.DataException;
import dev.qnet.runtime.data.DataLocator;
import dev.qnet.runtime.data.DatasetSplits;
import dev.qnet.runtime.data.Datasets;
import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.data.Resize;
import dev.qnet.runtime.nn.CpuIsa;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.optim.LearningRateSchedule;
import dev.qnet.runtime.report.ParamCounts;
import dev.qnet.runtime.threads.ComputeThreads;
import dev.qnet.runtime.train.TrainingConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * From a compiled program and a chosen train section to a runnable {@link ExperimentPlan}: applies
 * command-line overrides, loads the data, checks it fits the network, lowers the network and
 * records the provenance of everything that determines the result.
 */
public final class ExperimentBuilder {

    private ExperimentBuilder() {
    }

    /**
     * Command-line overrides; null fields keep the file's value.
     *
     * @param set free-form {@code key=value} overrides: every {@code name value} setting of core's
     *            {@link Setting} (epochs, batch, seed, positive, select, ...), and lr, optimizer,
     *            limit, weight_decay, momentum, patience
     */
    public record Overrides(Integer epochs, Integer batch, Integer limit, Long seed, String data, Map<String, String> set) {
        public Overrides {
            // In the user's order: model.json and metrics.json list them as given (Map.copyOf would not).
            set = set == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
        }

        public Overrides withSeed(long s) {
            return new Overrides(epochs, batch, limit, s, data, set);
        }

        public Overrides withData(String d) {
            return new Overrides(epochs, batch, limit, seed, d, set);
        }

        public static Overrides none() {
            return new Overrides(null, null, null, null, null, Map.of());
        }

        /** As text for model.json and reports. */
        public Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            if (epochs != null) m.put("epochs", epochs.toString());
            if (batch != null) m.put("batch", batch.toString());
            if (limit != null) m.put("limit", limit.toString());
            if (seed != null) m.put("seed", seed.toString());
            if (data != null) m.put("data", data);
            m.putAll(set);
            return m;
        }

        public static Overrides fromMap(Map<String, String> m) {
            Map<String, String> rest = new LinkedHashMap<>(m);
            Integer e = rest.containsKey("epochs") ? Integer.valueOf(rest.remove("epochs")) : null;
            Integer b = rest.containsKey("batch") ? Integer.valueOf(rest.remove("batch")) : null;
            Integer l = rest.containsKey("limit") ? Integer.valueOf(rest.remove("limit")) : null;
            Long s = rest.containsKey("seed") ? Long.valueOf(rest.remove("seed")) : null;
            String d = rest.remove("data");
            return new Overrides(e, b, l, s, d, rest);
        }
    }

    /** A user-facing problem with the run's setup (bad override, data that does not fit). */
    public static final class SetupException extends RuntimeException {
        public SetupException(String message) {
            super(message);
        }

        public SetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The train section named {@code which} (its title or 1-based index), or the first one. */
    public static TrainIr select(Program program, String which, String file) {
        List<TrainIr> trains = program.trains();
        if (trains.isEmpty()) {
            throw new SetupException(file + ": no train section to run (add `train NETWORK on DATASET { ... }`)");
        }
        if (which == null) {
            return trains.get(0);
        }
        for (TrainIr t : trains) {
            if (t.title().equals(which)) {
                return t;
            }
        }
        try {
            int i = Integer.parseInt(which);
            if (i >= 1 && i <= trains.size()) {
                return trains.get(i - 1);
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error listing the choices
        }
        throw new SetupException(file + ": no train section '" + which + "'; choose one of: "
                + String.join(", ", trains.stream().map(t -> "\"" + t.title() + "\"").toList()) + " (or 1.."
                + trains.size() + ")");
    }

    /** The effective training settings: the file's, then the overrides. */
    public static TrainingConfig config(TrainIr t, Overrides o) {
        TrainingConfig c = TrainingLowering.config(t);
        if (o.epochs() != null) c = c.withEpochs(o.epochs());
        if (o.batch() != null) c = c.withBatchSize(o.batch());
        if (o.limit() != null) c = c.withLimit(o.limit());
        if (o.seed() != null) c = c.withSeed(o.seed());
        for (var e : o.set().entrySet()) {
            String v = e.getValue();
            try {
                Setting setting = Keyword.lookup(Setting.values(), e.getKey()).orElse(null);
                if (setting != null) {
                    c = c.with(setting, setting.type().parse(v));
                    continue;
                }
                c = switch (e.getKey()) {
                    case "lr" -> c.withOptimizer(c.optimizer(), Double.parseDouble(v));
                    case "optimizer" -> c.withOptimizer(Keyword.parse(OptimizerKind.values(), v, "optimizer"), c.lr());
                    case "limit" -> c.withLimit(Integer.parseInt(v));
                    case "weight_decay" -> c.withRegularisation(Double.parseDouble(v), c.momentum(), c.nesterov());
                    case "momentum" -> c.withRegularisation(c.weightDecay(), Double.parseDouble(v), c.nesterov());
                    case "patience" -> c.withEarlyStopping(c.select(), Integer.parseInt(v));
                    default -> throw new SetupException("--set " + e.getKey() + ": unknown setting; known: lr, optimizer, limit, "
                            + "weight_decay, momentum, patience, " + String.join(", ", Keyword.keywords(Setting.values())));
                };
            } catch (NumberFormatException ex) {
                throw new SetupException("--set " + e.getKey() + "=" + v + ": not a number");
            } catch (IllegalArgumentException ex) {
                throw new SetupException("--set " + e.getKey() + "=" + v + ": " + ex.getMessage());
            }
        }
        // A cosine schedule spans the run's epochs, so it follows an --epochs override.
        if (c.schedule() instanceof LearningRateSchedule.Cosine cos && cos.epochs() != c.epochs()) {
            c = c.withSchedule(new LearningRateSchedule.Cosine(c.epochs(), cos.minLr()));
        }
        return c;
    }

    /**
     * {@code --set noise=NAME} and {@code --set shots=N|exact}: every quantum stage of the run
     * takes that noise model (declared in the program, or none) and shot count, whatever its
     * source says.
     */
    public static NetworkLowering.ExecutionOverride executionOverride(Program program, Overrides o) {
        dev.qnet.compiler.ir.NoiseIr noise = null;
        Integer shots = null;
        String name = o.set().get(Setting.NOISE.keyword());
        if (name != null) {
            if (name.equals(dev.qnet.core.SettingType.NO_NOISE)) {
                noise = dev.qnet.compiler.ir.NoiseIr.NONE;
            } else {
                noise = program.noiseModels().get(name);
                if (noise == null) {
                    throw new SetupException("--set noise=" + name + ": no noise model '" + name + "' in the program; declared: "
                            + (program.noiseModels().isEmpty() ? "none" : String.join(", ", program.noiseModels().keySet())));
                }
            }
        }
        String s = o.set().get(Setting.SHOTS.keyword());
        if (s != null) {
            try {
                shots = (int) (long) (Long) Setting.SHOTS.type().parse(s);
            } catch (IllegalArgumentException e) {
                throw new SetupException("--set shots=" + s + ": " + e.getMessage());
            }
        }
        return new NetworkLowering.ExecutionOverride(noise, shots);
    }

    /** Loads the train section's dataset (or {@code --data}), preprocessed as declared except normalisation. */
    public static DatasetSplits loadData(TrainIr t, Overrides o, DataLocator locator, Path sourceDir, long seed) {
        DatasetIr d = t.dataset();
        String name = o.data() != null ? o.data() : datasetName(d, sourceDir);
        DatasetSplits data = Datasets.open(name, locator, d.size(), seed);
        for (DatasetIr.Preprocess p : d.preprocessing()) {
            switch (p.kind()) {
                case RESIZE -> data = map(data, images -> new Resize(p.value(), p.value()).apply(images, new Random(0), false));
                case GRAYSCALE -> data = map(data, images -> images.mean(true, 1));
                case NORMALIZE -> { } // per batch, with statistics of the training split (Experiment)
            }
        }
        return data;
    }

    private static String datasetName(DatasetIr d, Path sourceDir) {
        return switch (d.source()) {
            case MEDMNIST -> d.size() == 28 ? d.name() : d.name() + "_" + d.size();
            case MNIST -> "mnist";
            case FASHIONMNIST -> "fashion-mnist";
            // Folder paths are relative to the .qnet file, like imports.
            case FOLDER -> sourceDir == null ? d.name() : sourceDir.resolve(d.name()).toString();
        };
    }

    private static DatasetSplits map(DatasetSplits s, java.util.function.UnaryOperator<INDArray> f) {
        return new DatasetSplits(s.name(), s.source(), s.md5(), map(s.train(), f), map(s.val(), f), map(s.test(), f));
    }

    private static LabeledImages map(LabeledImages l, java.util.function.UnaryOperator<INDArray> f) {
        return new LabeledImages(f.apply(l.images()), l.labels(), l.classNames());
    }

    /** Fails with one clear line when the data does not fit the network's input or output. */
    public static void checkFits(NetworkIr net, DatasetSplits data) {
        Shape in = net.body().input();
        long[] img = data.train().imageShape();
        List<Integer> want = in.dims();
        List<Integer> have = Arrays.stream(img).mapToObj(v -> (int) v).toList();
        if (!want.equals(have)) {
            throw new DataException("network " + net.title() + " takes input " + in + " but " + data.name() + " ("
                    + data.source() + ") has images " + have + "; change the network's input or add resize/grayscale"
                    + " to the dataset");
        }
        Shape out = net.body().output();
        if (!out.isVector() || out.dims().get(0) != data.train().numClasses()) {
            throw new DataException("network " + net.title() + " outputs " + out + " but " + data.name() + " has "
                    + data.train().numClasses() + " classes; pass classes: " + data.train().numClasses());
        }
    }

    /** Builds the whole plan: data, lowered model, settings and provenance. */
    public static ExperimentPlan plan(CompilationResult compiled, TrainIr t, Overrides o, DataLocator locator,
                                      Map<String, String> artifacts) {
        return plan(compiled, t, o, locator, artifacts, Set.of());
    }

    /**
     * Like {@link #plan(CompilationResult, TrainIr, Overrides, DataLocator, Map)}, with the paths of
     * the nodes whose parameters keep their initial values (an ablation's frozen variant).
     */
    public static ExperimentPlan plan(CompilationResult compiled, TrainIr t, Overrides o, DataLocator locator,
                                      Map<String, String> artifacts, Set<String> frozen) {
        TrainingConfig config = config(t, o);
        SourceFile main = compiled.source();
        Path dir = main.path().toAbsolutePath().getParent();
        DatasetSplits data = loadData(t, o, locator, dir, config.seed());
        checkFits(t.network(), data);
        if (config.positiveClass() >= data.train().numClasses()) {
            throw new SetupException("positive class " + config.positiveClass() + " does not exist: " + data.name()
                    + " has classes 0.." + (data.train().numClasses() - 1) + " " + data.train().classNames());
        }
        double[] weights = TrainingLowering.classWeights(t.classWeights(), data.train().labels(),
                data.train().numClasses());
        if (weights != null) {
            config = config.withClassWeights(weights);
        }
        Layer model = new NetworkLowering(DataType.FLOAT, config.seed(),
                config.settings().choice(Setting.PRECISION, Precision.class), frozen,
                executionOverride(compiled.program(), o)).lower(t.network());
        NetworkIr net = t.network();
        ParamCounts params = new ParamCounts(net.classicalParams(), net.circuitParams());
        Map<String, Object> provenance = provenance(compiled, t, o, config, data);
        return new ExperimentPlan(t.title(), model, params, data, TrainingLowering.augmentations(t),
                TrainingLowering.normalizes(t.dataset()), config, config.positiveClass(), provenance, artifacts);
    }

    static Map<String, Object> provenance(CompilationResult compiled, TrainIr t, Overrides o, TrainingConfig c,
                                          DatasetSplits data) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", compiled.source().path().toString());
        p.put("source_sha256", sha256(compiled.files()));
        p.put("train", t.title());
        p.put("network", t.network().title());
        p.put("dataset", data.name());
        p.put("data_source", data.source());
        p.put("data_md5", data.md5());
        p.put("train_samples", c.limit() > 0 ? Math.min(c.limit(), data.train().size()) : data.train().size());
        p.put("val_samples", data.val().size());
        p.put("test_samples", data.test().size());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("optimizer", c.optimizer().name().toLowerCase(Locale.ROOT));
        s.put("lr", c.lr());
        s.put("weight_decay", c.weightDecay());
        s.put("schedule", c.schedule().toString());
        s.put("epochs", c.epochs());
        s.put("batch", c.batchSize());
        s.put("seed", c.seed());
        s.put("select", c.select().name().toLowerCase(Locale.ROOT));
        s.put("patience", c.patience());
        s.put("augment", t.augment().stream().map(TrainIr.Augment::toSource).toList());
        s.put("normalize", TrainingLowering.normalizes(t.dataset()));
        s.put("class_weights", c.classWeights() == null ? "none" : Arrays.toString(c.classWeights()));
        s.put("positive", c.positiveClass());
        p.put("settings", s);
        p.put("overrides", o.asMap());
        List<Map<String, Object>> quantum = quantumParts(t.network(), executionOverride(compiled.program(), o));
        if (!quantum.isEmpty()) p.put("quantum", quantum);
        if (!compiled.arguments().isEmpty()) p.put("arguments", compiled.arguments());
        // LinkedHashMaps, not Map.of (whose order changes from one JVM to the next): two runs'
        // provenance must read the same, key for key.
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("qnet", String.valueOf(ExperimentBuilder.class.getPackage().getImplementationVersion()));
        versions.put("java", System.getProperty("java.version"));
        versions.put("nd4j", mavenVersion(Nd4j.class, "org.nd4j", "nd4j-api"));
        p.put("versions", versions);
        // With the thread count, the CPU decides whether two runs can agree bit for bit (CpuIsa).
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("model", CpuIsa.model());
        cpu.put("dnnl_isa", CpuIsa.dnnl());
        p.put("cpu", cpu);
        p.put("threads", ComputeThreads.count());
        p.put("started", Instant.now().toString());
        return p;
    }

    /**
     * How each quantum stage and quanvolution ran (after --set noise / shots): the line
     * {@code qnetc check} prints for it, and the same facts as fields for tools.
     */
    static List<Map<String, Object>> quantumParts(NetworkIr network, NetworkLowering.ExecutionOverride override) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (QuantumParts.Part part : QuantumParts.of(network.body(), override::apply)) {
            dev.qnet.compiler.ir.ExecutionIr e = part.execution();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", part.path());
            m.put("kind", part.kind().word());
            m.put("qubits", part.qubits());
            m.put("simulation", part.simulation());
            m.put("noise", e.noise().name());
            m.put("noise_rules", e.noise().statements());
            m.put("method", e.method().keyword());
            m.put("method_reason", e.reason());
            m.put("shots", e.exact() ? "exact" : e.shots());
            out.add(m);
        }
        return out;
    }

    /** A library's version from the pom.properties Maven puts in its jar (ND4J's manifest has none). */
    private static String mavenVersion(Class<?> inJar, String group, String artifact) {
        try (java.io.InputStream in = inJar.getResourceAsStream("/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            java.util.Properties props = new java.util.Properties();
            props.load(in);
            return props.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** One hash over every source file read, in load order. */
    static String sha256(List<SourceFile> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (SourceFile f : files) {
                md.update(f.text().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
