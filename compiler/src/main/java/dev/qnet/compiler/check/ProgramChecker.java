package dev.qnet.compiler.check;

import dev.qnet.compiler.ast.Argument;
import dev.qnet.compiler.ast.Decl;
import dev.qnet.compiler.ast.Expr;
import dev.qnet.compiler.ast.Ident;
import dev.qnet.compiler.ast.Invocation;
import dev.qnet.compiler.ast.Param;
import dev.qnet.compiler.ast.TrainSetting;
import dev.qnet.compiler.builtin.Arguments;
import dev.qnet.compiler.builtin.Builtins;
import dev.qnet.compiler.builtin.Form;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.diag.Suggestions;
import dev.qnet.compiler.ir.CircuitIr;
import dev.qnet.compiler.ir.DatasetIr;
import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.Program;
import dev.qnet.compiler.ir.Shape;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.compiler.resolve.CheckError;
import dev.qnet.compiler.resolve.Evaluator;
import dev.qnet.compiler.resolve.ResolvedProgram;
import dev.qnet.compiler.resolve.Value;
import dev.qnet.core.AugmentationKind;
import dev.qnet.core.ClassWeighting;
import dev.qnet.core.Precision;
import dev.qnet.core.DatasetSource;
import dev.qnet.core.FlipMode;
import dev.qnet.core.Keyword;
import dev.qnet.core.Loss;
import dev.qnet.core.MedMnist;
import dev.qnet.core.Metric;
import dev.qnet.core.OptimizerKind;
import dev.qnet.core.Preprocessing;
import dev.qnet.core.ScheduleKind;
import dev.qnet.core.Setting;
import dev.qnet.core.TrainDefaults;
import dev.qnet.core.TrainSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checking phase: datasets, network instances (one per train section, plus every
 * network whose parameters all have defaults) and train settings with their defaults. Reads the
 * arguments the resolver bound; defaults come from {@link Builtins} and {@link TrainDefaults}.
 */
public final class ProgramChecker {
    private final ResolvedProgram program;
    private final Diagnostics diagnostics;
    private final Evaluator evaluator;
    private final Map<String, CircuitIr> circuits;
    private final NetworkBuilder builder;
    private final List<Argument> overrides;
    private final Map<String, dev.qnet.compiler.ir.NoiseIr> noiseModels;

    /** @param circuits the program's checked circuits ({@link CircuitChecker#checkAll}) */
    public ProgramChecker(ResolvedProgram program, Map<String, CircuitIr> circuits, Diagnostics diagnostics) {
        this(program, circuits, diagnostics, List.of());
    }

    /**
     * @param overrides network arguments given outside the file ({@code --arg width=32}): each replaces
     *                  that argument of every network instance whose network declares the parameter
     */
    public ProgramChecker(ResolvedProgram program, Map<String, CircuitIr> circuits, Diagnostics diagnostics,
                          List<Argument> overrides) {
        this.overrides = List.copyOf(overrides);
        this.program = program;
        this.circuits = circuits;
        this.diagnostics = diagnostics;
        this.evaluator = new Evaluator(program.constants());
        List<Decl.Noise> noise = new ArrayList<>();
        for (Decl d : program.symbols().values()) if (d instanceof Decl.Noise n) noise.add(n);
        noise.sort(java.util.Comparator.comparing((Decl.Noise n) -> n.span().file().path().toString()).thenComparingInt(n -> n.span().line()));
        this.noiseModels = new NoiseChecker(program.bindings(), evaluator, diagnostics).checkAll(noise);
        this.builder = new NetworkBuilder(program, circuits, noiseModels, diagnostics);
    }

    public Program check() {
        checkOverrideNames();
        Map<String, DatasetIr> datasets = new LinkedHashMap<>();
        for (Decl.Dataset d : program.datasets()) {
            try {
                datasets.put(d.name().name(), dataset(d));
            } catch (CheckError e) {
                e.report(diagnostics);
            }
        }
        List<NetworkIr> networks = new ArrayList<>();
        Set<String> trained = new HashSet<>();
        List<TrainIr> trains = new ArrayList<>();
        for (Decl.Train t : program.trains()) {
            trained.add(t.network().name());
            TrainIr ir = train(t, datasets);
            if (ir != null) {
                trains.add(ir);
                networks.add(ir.network());
            }
        }
        for (Decl.Network n : program.networks()) {
            if (trained.contains(n.name().name()) || n.params().stream().anyMatch(p -> p.defaultValue() == null)) continue;
            try {
                NetworkIr ir = builder.instantiate(n, bindNetwork(n, overridden(n, Map.of())));
                if (ir != null) networks.add(ir);
            } catch (CheckError e) {
                e.report(diagnostics);
            }
        }
        return new Program(networks, List.copyOf(datasets.values()), trains, List.copyOf(circuits.values()), noiseModels);
    }

    /** A name given with {@code --arg} must be a parameter of some network, or it is most likely a typo. */
    private void checkOverrideNames() {
        Set<String> declared = new TreeSet<>();
        for (Decl.Network n : program.networks()) n.params().forEach(p -> declared.add(p.name().name()));
        Set<String> seen = new HashSet<>();
        for (Argument a : overrides) {
            String name = a.name().name();
            if (!seen.add(name)) {
                diagnostics.error("qnet.args.duplicate", a.name().span(), "network argument '" + name + "' is given twice");
            } else if (!declared.contains(name)) {
                String hint = Suggestions.didYouMean(name, declared);
                if (hint == null) hint = declared.isEmpty() ? "no network of this program has parameters"
                        : "network parameters: " + String.join(", ", declared);
                diagnostics.error("qnet.args.unknown", a.name().span(), "no network declares a parameter '" + name + "'", hint);
            }
        }
    }

    /** The instance's arguments with the overrides of the parameters its network declares put in. */
    private Map<String, Expr> overridden(Decl.Network n, Map<String, Expr> bound) {
        if (overrides.isEmpty()) return bound;
        Map<String, Expr> out = new LinkedHashMap<>(bound);
        for (Argument a : overrides) {
            if (n.params().stream().anyMatch(p -> p.name().name().equals(a.name().name()))) out.put(a.name().name(), a.value());
        }
        return out;
    }

    /** The network's parameter values: the bound arguments, else the defaults (which may use earlier parameters). */
    private Map<String, Value> bindNetwork(Decl.Network n, Map<String, Expr> bound) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (Param p : n.params()) {
            Expr e = bound.containsKey(p.name().name()) ? bound.get(p.name().name()) : p.defaultValue();
            Value v = evaluator.eval(e, bound.containsKey(p.name().name()) ? Map.of() : values);
            // A circuit name may be a network argument (for quanv's 'circuit'); other bare names are typos.
            if (v instanceof Value.Sym sym && !circuits.containsKey(sym.name())) throw evaluator.notANumber(v, e, values, Map.of());
            values.put(p.name().name(), v);
        }
        return values;
    }

    // ---- datasets ---------------------------------------------------------------------------

    private Arguments arguments(Form form, Invocation inv) {
        Map<String, Expr> bound = program.bindings().of(inv);
        if (bound == null) throw CheckError.alreadyReported();
        return new Arguments(Builtins.lookup(form, inv.name().name()).orElseThrow(), bound, evaluator, Map.of());
    }

    private DatasetIr dataset(Decl.Dataset d) {
        Invocation src = d.source();
        DatasetSource kind = Keyword.lookup(DatasetSource.values(), src.name().name()).orElseThrow();
        Arguments args = arguments(Form.DATASET, src);
        String name = kind.keyword();
        int channels = -1;
        int classes = -1;
        Map<String, String> options = new LinkedHashMap<>();
        switch (kind) {
            case MEDMNIST -> {
                name = args.string("name");
                String flag = name;
                MedMnist set = Keyword.lookup(MedMnist.values(), flag).orElseThrow(() -> new CheckError("qnet.dataset.unknown",
                        args.span("name", src.span()), "unknown MedMNIST dataset '" + flag + "'",
                        Suggestions.didYouMean(flag, Keyword.keywords(MedMnist.values()))));
                channels = set.channels();
                classes = set.classes();
            }
            case MNIST, FASHIONMNIST -> {
                if (args.given("name")) name = args.string("name");
                channels = 1;
                classes = 10;
            }
            case FOLDER -> {
                name = args.string("path");
                if (args.given("channels")) channels = args.integer("channels");
                if (args.given("split")) options.put("split", args.value("split").toString());
            }
        }
        int size = args.integer("size");
        if (args.given("size")) {
            boolean ok = kind == DatasetSource.MEDMNIST ? MedMnist.SIZES.contains(size) : size > 0 && size <= 4096;
            if (!ok) {
                throw new CheckError("qnet.dataset.size", args.span("size", src.span()), kind == DatasetSource.MEDMNIST
                        ? "MedMNIST comes in sizes 28, 64, 128 and 224, not " + size : "image size must be positive");
            }
            if ((kind == DatasetSource.MNIST || kind == DatasetSource.FASHIONMNIST) && size != 28) {
                throw new CheckError("qnet.dataset.size", args.span("size", src.span()), kind.keyword() + " images are 28x28");
            }
        }
        List<DatasetIr.Preprocess> steps = new ArrayList<>();
        int side = size;
        for (Invocation step : d.preprocessing()) {
            Preprocessing s = Keyword.lookup(Preprocessing.values(), step.name().name()).orElseThrow();
            if (program.bindings().of(step) == null) continue;
            int value = 0;
            switch (s) {
                case RESIZE -> {
                    value = arguments(Form.PREPROCESS, step).integer("size");
                    if (value <= 0 || value > 4096) throw new CheckError("qnet.args.range", step.span(), "resize size must be in 1..4096");
                    side = value;
                }
                case GRAYSCALE -> channels = 1;
                case NORMALIZE -> { }
            }
            steps.add(new DatasetIr.Preprocess(s, value));
        }
        Shape image = channels > 0 ? Shape.image(channels, side, side) : null;
        return new DatasetIr(d.name().name(), kind, name, size, options, steps, channels, classes, image, d.name().span());
    }

    private long integer(Expr e, String what) {
        return evaluator.integer(evaluator.eval(e, Map.of()), e, what, Map.of(), Map.of());
    }

    // ---- train sections -----------------------------------------------------------------------

    private TrainIr train(Decl.Train t, Map<String, DatasetIr> datasets) {
        int errors = diagnostics.errorCount();
        Decl.Network net = (Decl.Network) program.symbols().get(t.network().name());
        // Settings first: the section's noise and shots are the defaults of the network's quantum stages.
        Settings s = new Settings();
        for (TrainSetting setting : t.settings()) {
            try {
                s.apply(setting);
            } catch (CheckError e) {
                e.report(diagnostics);
            }
        }
        NetworkIr network = null;
        try {
            Map<String, Expr> bound = program.bindings().of(t);
            if (bound == null) throw CheckError.alreadyReported();
            network = builder.instantiate(net, bindNetwork(net, overridden(net, bound)), s.executionDefaults);
        } catch (CheckError e) {
            e.report(diagnostics);
        }
        DatasetIr data = datasets.get(t.dataset().name());
        if (network != null && data != null) {
            Shape in = network.body().input();
            if (data.imageShape() != null && in.isImage() && !in.equals(data.imageShape())) {
                diagnostics.error("qnet.train.input", t.dataset().span(), "network '" + net.name().name() + "' takes input " + in
                        + " but dataset '" + data.variable() + "' gives images " + data.imageShape());
            }
            warnNormalizedQuanvolution(network, data);
            Shape out = network.body().output();
            if (data.classes() > 0 && !(out.isVector() && out.dims().get(0) == data.classes())) {
                diagnostics.error("qnet.train.classes", t.network().span(), "network '" + net.name().name() + "' outputs " + out
                        + " but dataset '" + data.variable() + "' has " + data.classes() + " classes");
            }
        }
        if (network == null || data == null || diagnostics.errorCount() > errors) return null;
        int positive = s.values.integer(Setting.POSITIVE);
        if (data.classes() > 0 && (positive < 0 || positive >= data.classes())) {
            diagnostics.error("qnet.train.positive", t.span(), "positive class " + positive + " is not a class of '" + data.variable()
                    + "' (0.." + (data.classes() - 1) + ")");
            return null;
        }
        String title = t.title() != null ? t.title() : net.name().name() + " on " + data.variable();
        return new TrainIr(title, network, data, s.optimizer, s.schedule, s.augment, s.metrics, s.earlyStop, s.values, t.span());
    }

    /**
     * Henderson et al. encode raw pixels in [0, 1] as angles pi * pixel; after 'normalize' pixels
     * are standardised, so angles leave [0, pi] and different pixels can alias. Worth a warning
     * when the network starts with a quanvolution.
     */
    private void warnNormalizedQuanvolution(NetworkIr network, DatasetIr data) {
        Node first = network.body();
        while (first instanceof Node.Sequence s && !s.nodes().isEmpty()) first = s.nodes().get(0);
        if (!(first instanceof Node.Quanvolution q)) return;
        if (data.preprocessing().stream().noneMatch(p -> p.kind() == Preprocessing.NORMALIZE)) return;
        diagnostics.warning("qnet.quanv.normalized", q.span(), "quanv encodes each pixel as the angle scale * pixel, meant for pixels in"
                + " [0, 1], but dataset '" + data.variable() + "' is normalized (mean 0, standard deviation 1)",
                "remove 'normalize' from dataset '" + data.variable() + "' (images load in [0, 1]), or choose 'scale'");
    }

    /** A train section's settings, starting from the defaults ({@link TrainDefaults}, {@link Setting}); each may appear once. */
    private final class Settings {
        TrainIr.Optimizer optimizer = new TrainIr.Optimizer(TrainDefaults.OPTIMIZER, TrainDefaults.LR, TrainDefaults.BETA1,
                TrainDefaults.BETA2, TrainDefaults.EPS, 0, false, 0);
        TrainIr.Schedule schedule = new TrainIr.Schedule(TrainDefaults.SCHEDULE, 0, 1, 0);
        List<TrainIr.Augment> augment = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>(List.of(TrainDefaults.METRIC));
        TrainIr.EarlyStop earlyStop;
        TrainSettings values = TrainSettings.defaults();
        ExecutionChecker.Defaults executionDefaults = ExecutionChecker.Defaults.IDEAL;
        private final Set<String> seen = new HashSet<>();

        void apply(TrainSetting setting) {
            if (!seen.add(setting.keyword())) {
                throw new CheckError("qnet.train.duplicate", setting.span(), "'" + setting.keyword() + "' is set twice");
            }
            if (setting instanceof TrainSetting.Optimizer o) optimizer(o.optimizer());
            else if (setting instanceof TrainSetting.Schedule sc) schedule(sc.schedule());
            else if (setting instanceof TrainSetting.Value v) value(v);
            else if (setting instanceof TrainSetting.Augment a) {
                for (Invocation step : a.steps()) augment.add(augmentation(step));
            } else if (setting instanceof TrainSetting.Metrics m) {
                metrics = new ArrayList<>();
                for (Ident id : m.metrics()) {
                    Metric metric = choice(id, Metric.values(), "metric");
                    if (metrics.contains(metric)) throw new CheckError("qnet.train.duplicate", id.span(), "metric '" + id.name() + "' is listed twice");
                    metrics.add(metric);
                }
            } else if (setting instanceof TrainSetting.EarlyStop e) {
                Map<String, Expr> bound = program.bindings().of(e);
                if (bound == null) throw CheckError.alreadyReported();
                Arguments a = new Arguments(Builtins.lookup(Form.EARLY_STOP, "early_stop").orElseThrow(), bound, evaluator, Map.of());
                earlyStop = new TrainIr.EarlyStop(positive(a, "patience"), a.real("min_delta"));
            }
        }

        private void optimizer(Invocation inv) {
            OptimizerKind kind = choice(inv.name(), OptimizerKind.values(), "optimizer");
            Arguments a = arguments(Form.OPTIMIZER, inv);
            double lr = positiveReal(a, "lr");
            if (kind == OptimizerKind.SGD) {
                optimizer = new TrainIr.Optimizer(kind, lr, TrainDefaults.BETA1, TrainDefaults.BETA2, TrainDefaults.EPS,
                        a.real("momentum"), a.bool("nesterov"), a.real("weight_decay"));
            } else {
                optimizer = new TrainIr.Optimizer(kind, lr, a.real("beta1"), a.real("beta2"), a.real("eps"), 0, false,
                        a.real("weight_decay"));
            }
        }

        private void schedule(Invocation inv) {
            ScheduleKind kind = choice(inv.name(), ScheduleKind.values(), "schedule");
            Arguments a = arguments(Form.SCHEDULE, inv);
            schedule = switch (kind) {
                case STEP -> new TrainIr.Schedule(kind, positive(a, "every"), positiveReal(a, "factor"), 0);
                case COSINE -> new TrainIr.Schedule(kind, 0, 1, a.real("min_lr"));
                case CONSTANT -> new TrainIr.Schedule(kind, 0, 1, 0);
            };
        }

        /** A {@code name value} setting: its type and default come from core's {@link Setting}. */
        private void value(TrainSetting.Value v) {
            String name = v.keyword();
            // The lexer's SettingName words and core's Setting constants are the same list (GrammarTest checks it).
            Setting setting = Keyword.lookup(Setting.values(), name).orElseThrow();
            String slot = "'" + name + "'";
            Object value = switch (setting.type()) {
                case INT -> integer(v.value(), slot);
                case POSITIVE_INT -> positiveInt(v.value(), slot);
                case NON_NEGATIVE_INT -> integer(v.value(), slot); // the range is checked with the value below
                case METRIC -> {
                    Ident word = word(v, slot);
                    String base = word.name().startsWith("val_") ? word.name().substring(4) : word.name();
                    yield choice(new Ident(base, word.span()), Metric.values(), "metric");
                }
                case CLASS_WEIGHTING -> choice(word(v, slot), ClassWeighting.values(), "class weighting");
                case LOSS -> choice(word(v, slot), Loss.values(), "loss");
                case PRECISION -> choice(word(v, slot), Precision.values(), "precision");
                case NOISE_MODEL -> {
                    Ident word = word(v, slot);
                    var model = ExecutionChecker.model(word.name(), word.span(), noiseModels);
                    executionDefaults = new ExecutionChecker.Defaults(model, executionDefaults.shots());
                    yield word.name();
                }
                case SHOTS -> {
                    int shots = ExecutionChecker.shots(evaluator.eval(v.value(), Map.of()), v.value().span());
                    executionDefaults = new ExecutionChecker.Defaults(executionDefaults.noise(), shots);
                    yield (long) shots;
                }
            };
            try {
                values = values.with(setting, value);
            } catch (IllegalArgumentException e) {
                throw new CheckError("qnet.args.range", v.value().span(), slot + " " + e.getMessage());
            }
        }

        /** The bare name a choice setting is written with ({@code select val_auc}). */
        private Ident word(TrainSetting.Value v, String slot) {
            if (v.value() instanceof Expr.Name n) return new Ident(n.name(), n.span());
            throw new CheckError("qnet.type", v.value().span(), "expected a name for " + slot + ", found "
                    + evaluator.eval(v.value(), Map.of()));
        }

        private TrainIr.Augment augmentation(Invocation inv) {
            AugmentationKind kind = choice(inv.name(), AugmentationKind.values(), "augmentation");
            Arguments a = arguments(Form.AUGMENTATION, inv);
            String param = a.signature().params().get(0).name();
            if (kind == AugmentationKind.FLIP) {
                Value m = a.value(param);
                FlipMode mode = m instanceof Value.Sym sym ? Keyword.lookup(FlipMode.values(), sym.name()).orElse(null) : null;
                if (mode == null) {
                    throw new CheckError("qnet.train.augment", a.span(param, inv.span()), "flip mode must be horizontal, vertical or both, found " + m);
                }
                return new TrainIr.Augment(kind, 0.5, mode);
            }
            if (kind != AugmentationKind.ROTATE && evaluator.eval(a.expr(param), Map.of()) instanceof Value.Degrees) {
                throw new CheckError("qnet.type", a.expr(param).span(), "'" + kind.keyword() + "' takes a number, not an angle");
            }
            double value = a.real(param); // plain numbers given to rotate are degrees too
            if (value < 0 || (kind == AugmentationKind.ZOOM && value >= 1)) {
                throw new CheckError("qnet.args.range", a.expr(param).span(), "'" + kind.keyword() + "' amount out of range: " + value);
            }
            return new TrainIr.Augment(kind, value, null);
        }

        private <E extends Enum<E> & Keyword> E choice(Ident id, E[] allowed, String what) {
            return Keyword.lookup(allowed, id.name()).orElseThrow(() -> {
                List<String> words = Keyword.keywords(allowed);
                String hint = Suggestions.didYouMean(id.name(), words);
                return new CheckError("qnet.train.unknown", id.span(), "unknown " + what + " '" + id.name() + "'",
                        hint != null ? hint : "expected one of: " + String.join(", ", new TreeSet<>(words)));
            });
        }

        private int positive(Arguments a, String name) {
            int v = a.integer(name);
            if (v <= 0) throw new CheckError("qnet.args.range", a.expr(name).span(), "'" + name + "' must be positive, found " + v);
            return v;
        }

        private double positiveReal(Arguments a, String name) {
            double v = a.real(name);
            if (v <= 0) throw new CheckError("qnet.args.range", a.expr(name).span(), "'" + name + "' must be positive, found " + v);
            return v;
        }

        private long positiveInt(Expr e, String what) {
            long v = integer(e, what);
            if (v <= 0) throw new CheckError("qnet.args.range", e.span(), what + " must be positive, found " + v);
            return v;
        }
    }
}
