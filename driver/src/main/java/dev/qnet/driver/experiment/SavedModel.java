package dev.qnet.driver.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.ablate.Ablation;
import dev.qnet.compiler.ablate.Variant;
import dev.qnet.compiler.ablate.VariantKind;
import dev.qnet.core.Keyword;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.compiler.source.SourceFile;
import dev.qnet.core.Precision;
import dev.qnet.core.Setting;
import dev.qnet.driver.experiment.Experiment;
import dev.qnet.driver.lower.ExperimentBuilder;
import dev.qnet.driver.lower.NetworkLowering;
import dev.qnet.runtime.data.Normalize;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.optim.OptimizerState;
import dev.qnet.runtime.report.AtomicDirectory;
import dev.qnet.runtime.train.BatchTransform;
import dev.qnet.runtime.train.CheckpointException;
import dev.qnet.runtime.train.ModelCheckpoint;
import dev.qnet.runtime.train.TrainingConfig;
import dev.qnet.runtime.train.TrainingResult;
import dev.qnet.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A trained model as a self-contained directory: the results directory of a run holds
 * {@code model/weights.qnetckpt}, copies of every source file under {@code model/sources/} (same
 * relative layout, so imports still resolve), and {@code model/model.json} naming the main file,
 * the train section and the command-line overrides. Rebuilding = compiling those sources exactly
 * as the run did and restoring the weights, so {@code qnetc eval} and {@code qnetc predict} need
 * nothing but the directory. This class owns the format: {@link Experiment} writes a finished
 * run's model through {@link #write}, eval and predict read it through {@link #load}.
 */
public final class SavedModel {

    public static final String MODEL_JSON = "model.json";
    /** Trained weights (best epoch) of a finished run, relative to the results directory. */
    public static final String WEIGHTS = "model/weights.qnetckpt";
    /** Normalisation statistics of the training split, so evaluation and prediction reuse them. */
    public static final String NORMALIZATION = "model/normalization.txt";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A rebuilt model, ready to predict (evaluation mode). */
    public record Loaded(Path dir, CompilationResult compiled, TrainIr train, ExperimentBuilder.Overrides overrides,
                         TrainingConfig config, Layer model, BatchTransform transform, int positive,
                         List<String> classNames) {}

    private SavedModel() {
    }

    /** The files (relative to {@code model/}) that let the run be rebuilt. */
    public static Map<String, String> artifacts(CompilationResult compiled, TrainIr train,
                                                ExperimentBuilder.Overrides overrides, List<String> classNames) {
        return artifacts(compiled, train, null, overrides, classNames);
    }

    /**
     * Like {@link #artifacts(CompilationResult, TrainIr, ExperimentBuilder.Overrides, List)} for a
     * variant of {@code --ablate} ({@code variant == null}: the model): {@code train} is the file's
     * train section and model.json records the variant, so loading rebuilds the same stand-ins.
     */
    public static Map<String, String> artifacts(CompilationResult compiled, TrainIr train, VariantKind variant,
                                                ExperimentBuilder.Overrides overrides, List<String> classNames) {
        Path root = commonRoot(compiled.files());
        Map<String, String> files = new LinkedHashMap<>();
        for (SourceFile f : compiled.files()) {
            files.put("sources/" + relative(root, f.path()), f.text());
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", 1);
        meta.put("main", relative(root, compiled.source().path()));
        meta.put("train", train.title());
        meta.put("network", train.network().title());
        meta.put("classes", classNames);
        meta.put("overrides", overrides.asMap());
        meta.put("arguments", compiled.arguments());
        if (variant != null) {
            meta.put("variant", variant.keyword());
        }
        try {
            files.put(MODEL_JSON, JSON.writeValueAsString(meta));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /** Rebuilds the model saved in a results directory. */
    public static Loaded load(Path dir) {
        return load(dir, null);
    }

    /**
     * Rebuilds the model saved in a results directory, its quantum stages running under
     * {@code execution} (null: as trained, with the run's own --set noise/shots).
     */
    public static Loaded load(Path dir, NetworkLowering.ExecutionOverride execution) {
        Path model = dir.resolve("model");
        Path metaFile = model.resolve(MODEL_JSON);
        if (!Files.isRegularFile(metaFile)) {
            throw new ExperimentBuilder.SetupException(dir + ": not a trained model (no model/" + MODEL_JSON
                    + "; pass the results directory written by `qnetc run`)");
        }
        Map<String, Object> meta;
        try {
            meta = JSON.readValue(metaFile.toFile(), new TypeReference<>() {});
        } catch (IOException e) {
            throw new ExperimentBuilder.SetupException(metaFile + ": unreadable (" + e.getMessage() + ")");
        }
        Path main = model.resolve("sources").resolve(String.valueOf(meta.get("main")));
        @SuppressWarnings("unchecked")
        Map<String, String> arguments = (Map<String, String>) meta.getOrDefault("arguments", Map.of());
        CompilationResult compiled = Compiler.compile(main, arguments);
        if (!compiled.ok()) {
            throw new ExperimentBuilder.SetupException(main + ": the saved source no longer compiles with this qnetc");
        }
        @SuppressWarnings("unchecked")
        Map<String, String> ov = (Map<String, String>) meta.getOrDefault("overrides", Map.of());
        ExperimentBuilder.Overrides overrides = ExperimentBuilder.Overrides.fromMap(ov);
        TrainIr train = ExperimentBuilder.select(compiled.program(), String.valueOf(meta.get("train")), main.toString());
        Set<String> frozen = Set.of();
        if (meta.get("variant") != null) {
            VariantKind kind;
            try {
                kind = Keyword.parse(VariantKind.values(), String.valueOf(meta.get("variant")), "ablation variant");
            } catch (IllegalArgumentException e) {
                throw new ExperimentBuilder.SetupException(metaFile + ": " + e.getMessage());
            }
            Variant v = Ablation.variant(train.network(), kind);
            train = Ablation.train(train, v);
            frozen = v.frozen();
        }
        TrainingConfig config = ExperimentBuilder.config(train, overrides);
        NetworkLowering.ExecutionOverride run = ExperimentBuilder.executionOverride(compiled.program(), overrides);
        // The command line's override on top of the run's own --set noise/shots; parts it does not name keep the run's.
        NetworkLowering.ExecutionOverride effective = execution == null ? run : new NetworkLowering.ExecutionOverride(
                execution.noise() != null ? execution.noise() : run.noise(), execution.shots() != null ? execution.shots() : run.shots(),
                execution.parts(), run);
        Layer layers = new NetworkLowering(DataType.FLOAT, config.seed(),
                config.settings().choice(Setting.PRECISION, Precision.class), frozen, effective).lower(train.network());
        ModelCheckpoint weights = new ModelCheckpoint(dir.resolve(WEIGHTS));
        if (!weights.exists()) {
            throw new ExperimentBuilder.SetupException(dir + ": no trained weights (" + WEIGHTS
                    + "); was the run interrupted? continue it with --resume " + dir);
        }
        ModelCheckpoint.restore(layers, weights.load().parameters());
        Normalize normalize = loadNormalization(dir);
        BatchTransform transform = Experiment.transform(List.of(), normalize);
        @SuppressWarnings("unchecked")
        List<String> classes = (List<String>) meta.getOrDefault("classes", List.of());
        return new Loaded(dir, compiled, train, overrides, config, layers, transform,
                config.positiveClass(), classes);
    }

    /**
     * Starts {@code model} from the trained weights of the finished run in {@code runDir} ({@code
     * qnetc run --init}): fine-tuning, for example under a noise model, from a model trained
     * without one. Every parameter name and shape must match (the same network); batch-norm running
     * statistics are parameters too, so they start where that run left them. The normalisation
     * statistics are not taken over: this run computes its own from its training split, as every
     * run does (identical when the data is the same).
     */
    public static void initialise(Layer model, Path runDir) {
        ModelCheckpoint weights = new ModelCheckpoint(runDir.resolve(WEIGHTS));
        if (!weights.exists()) {
            throw new ExperimentBuilder.SetupException(runDir + ": no trained weights to start from (" + WEIGHTS
                    + "); --init takes the results directory of a finished `qnetc run`");
        }
        try {
            ModelCheckpoint.restore(model, weights.load().parameters());
        } catch (CheckpointException e) {
            throw new ExperimentBuilder.SetupException(runDir + ": cannot start from its weights: " + e.getMessage());
        }
    }

    /**
     * Writes a finished run's model (best weights, normalisation statistics, the artifacts: sources
     * and model.json) through {@link AtomicDirectory}: a crash while saving leaves either no model
     * directory or a complete one, never a truncated model.json or weights file.
     */
    static void write(ExperimentPlan plan, Path dir, TrainingResult tr, Normalize normalize) throws IOException {
        Path weights = Path.of(WEIGHTS);
        AtomicDirectory.write(dir.resolve(weights.getParent()), model -> {
            new ModelCheckpoint(model.resolve(weights.getFileName())).save(new TrainingState(tr.history().size(),
                    ModelCheckpoint.snapshot(plan.model()), new OptimizerState("none", 0, Map.of()), tr.history(),
                    tr.bestEpoch(), tr.bestMetric(), 0, Map.of(), plan.config().seed()));
            if (normalize != null) {
                Files.writeString(model.resolve(Path.of(NORMALIZATION).getFileName()), formatNormalization(normalize),
                        StandardCharsets.UTF_8);
            }
            for (var e : plan.artifacts().entrySet()) {
                Path f = model.resolve(e.getKey()).normalize();
                if (!f.startsWith(model.normalize())) {
                    throw new IllegalArgumentException("artifact path escapes the model directory: " + e.getKey());
                }
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
            }
        });
    }

    /** Two lines, "mean m0 m1 ..." and "std s0 s1 ...", exact float round trip. */
    static String formatNormalization(Normalize n) {
        StringBuilder b = new StringBuilder("mean");
        for (float m : n.mean()) {
            b.append(' ').append(m);
        }
        b.append("\nstd");
        for (float s : n.std()) {
            b.append(' ').append(s);
        }
        return b.append('\n').toString();
    }

    /** Reads what {@link #formatNormalization} wrote; null when the model was trained without normalisation. */
    static Normalize loadNormalization(Path runDir) {
        Path f = runDir.resolve(NORMALIZATION);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            return new Normalize(floats(lines.get(0), "mean"), floats(lines.get(1), "std"));
        } catch (IOException | RuntimeException e) {
            throw new ExperimentBuilder.SetupException(f + ": unreadable normalisation statistics (" + e.getMessage() + ")", e);
        }
    }

    private static float[] floats(String line, String key) {
        String[] parts = line.trim().split("\\s+");
        if (!parts[0].equals(key)) {
            throw new IllegalArgumentException("expected '" + key + "'");
        }
        float[] v = new float[parts.length - 1];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i + 1]);
        }
        return v;
    }

    private static Path commonRoot(List<SourceFile> files) {
        Path root = files.get(files.size() - 1).path().toAbsolutePath().normalize().getParent();
        for (SourceFile f : files) {
            Path p = f.path().toAbsolutePath().normalize();
            while (!p.startsWith(root)) {
                root = root.getParent();
            }
        }
        return root;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
