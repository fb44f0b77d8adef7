package dev.qnet.compiler.shape;

import dev.qnet.compiler.ast.Argument;
import dev.qnet.compiler.ast.Decl;
import dev.qnet.compiler.ast.Expr;
import dev.qnet.compiler.ast.Ident;
import dev.qnet.compiler.ast.Invocation;
import dev.qnet.compiler.ast.Param;
import dev.qnet.compiler.ast.TrainSetting;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.diag.Suggestions;
import dev.qnet.compiler.ir.DatasetIr;
import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.Program;
import dev.qnet.compiler.ir.Shape;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.compiler.resolve.ArgumentBinder;
import dev.qnet.compiler.resolve.Builtins;
import dev.qnet.compiler.resolve.CheckError;
import dev.qnet.compiler.resolve.Evaluator;
import dev.qnet.compiler.resolve.ResolvedProgram;
import dev.qnet.compiler.resolve.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The last checking phase: datasets, network instances (one per train section, plus every
 * network whose parameters all have defaults) and train settings with their defaults.
 */
public final class ProgramChecker {
    private final ResolvedProgram program;
    private final Diagnostics diagnostics;
    private final Evaluator evaluator;
    private final NetworkBuilder builder;

    public ProgramChecker(ResolvedProgram program, Diagnostics diagnostics) {
        this.program = program;
        this.diagnostics = diagnostics;
        this.evaluator = new Evaluator(program.constants());
        this.builder = new NetworkBuilder(program, diagnostics);
    }

    public Program check() {
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
                NetworkIr ir = builder.instantiate(n, bindNetwork(n, List.of(), n.name()));
                if (ir != null) networks.add(ir);
            } catch (CheckError e) {
                e.report(diagnostics);
            }
        }
        return new Program(networks, List.copyOf(datasets.values()), trains, List.copyOf(program.circuits().values()));
    }

    private Map<String, Value> bindNetwork(Decl.Network n, List<Argument> arguments, Ident at) {
        Map<String, Expr> bound = ArgumentBinder.bind("network '" + n.name().name() + "'", at.span(),
                n.params().stream().map(p -> p.name().name()).toList(),
                new HashSet<>(n.params().stream().filter(p -> p.defaultValue() == null).map(p -> p.name().name()).toList()),
                arguments, diagnostics);
        if (bound == null) throw CheckError.alreadyReported();
        Map<String, Value> values = new LinkedHashMap<>();
        for (Param p : n.params()) {
            Expr e = bound.containsKey(p.name().name()) ? bound.get(p.name().name()) : p.defaultValue();
            Value v = evaluator.eval(e, bound.containsKey(p.name().name()) ? Map.of() : values);
            // A circuit name may be a network argument (for quanv's 'circuit'); other bare names are typos.
            if (v instanceof Value.Sym sym && !program.circuits().containsKey(sym.name())) throw evaluator.notANumber(v, e, values, Map.of());
            values.put(p.name().name(), v);
        }
        return values;
    }

    // ---- datasets ---------------------------------------------------------------------------

    private DatasetIr dataset(Decl.Dataset d) {
        Invocation src = d.source();
        String kind = src.name().name();
        List<String> params = kind.equals("folder") ? List.of("path", "size", "channels", "split") : List.of("name", "size");
        Set<String> required = kind.equals("medmnist") || kind.equals("folder") ? Set.of(params.get(0)) : Set.of();
        Map<String, Expr> args = ArgumentBinder.bind("'" + kind + "'", src.name().span(), params, required, src.arguments(), diagnostics);
        if (args == null) throw CheckError.alreadyReported();
        String name = kind;
        int channels = -1;
        int classes = -1;
        Map<String, String> options = new LinkedHashMap<>();
        if (kind.equals("medmnist")) {
            name = string(args.get("name"));
            int[] info = Builtins.MEDMNIST.get(name);
            if (info == null) {
                throw new CheckError("qnet.dataset.unknown", args.get("name").span(), "unknown MedMNIST dataset '" + name + "'",
                        Suggestions.didYouMean(name, Builtins.MEDMNIST.keySet()));
            }
            channels = info[0];
            classes = info[1];
        } else if (kind.equals("mnist") || kind.equals("fashionmnist")) {
            if (args.containsKey("name")) name = string(args.get("name"));
            channels = 1;
            classes = 10;
        } else {
            name = string(args.get("path"));
            if (args.containsKey("channels")) channels = (int) integer(args.get("channels"), "'channels'");
            if (args.containsKey("split")) options.put("split", evaluator.eval(args.get("split"), Map.of()).toString());
        }
        int size = 28;
        if (args.containsKey("size")) {
            size = (int) integer(args.get("size"), "'size'");
            boolean ok = kind.equals("medmnist") ? Set.of(28, 64, 128, 224).contains(size) : size > 0 && size <= 4096;
            if (!ok) {
                throw new CheckError("qnet.dataset.size", args.get("size").span(), kind.equals("medmnist")
                        ? "MedMNIST comes in sizes 28, 64, 128 and 224, not " + size : "image size must be positive");
            }
            if (kind.equals("mnist") || kind.equals("fashionmnist")) {
                if (size != 28) throw new CheckError("qnet.dataset.size", args.get("size").span(), kind + " images are 28x28");
            }
        }
        List<DatasetIr.Preprocess> steps = new ArrayList<>();
        int side = size;
        for (Invocation step : d.preprocessing()) {
            String s = step.name().name();
            int value = 0;
            if (s.equals("resize")) {
                Map<String, Expr> a = ArgumentBinder.bind("'resize'", step.name().span(), List.of("size"), Set.of("size"),
                        step.arguments(), diagnostics);
                if (a == null) continue;
                value = (int) integer(a.get("size"), "'size' of 'resize'");
                if (value <= 0 || value > 4096) throw new CheckError("qnet.args.range", step.span(), "resize size must be in 1..4096");
                side = value;
            } else if (s.equals("grayscale")) {
                channels = 1;
            }
            steps.add(new DatasetIr.Preprocess(s, value));
        }
        Shape image = channels > 0 ? Shape.image(channels, side, side) : null;
        return new DatasetIr(d.name().name(), kind, name, size, options, steps, channels, classes, image, d.name().span());
    }

    private String string(Expr e) {
        Value v = evaluator.eval(e, Map.of());
        if (v instanceof Value.Str s) return s.value();
        throw new CheckError("qnet.type", e.span(), "expected a string, found " + v);
    }

    private long integer(Expr e, String what) {
        return evaluator.integer(evaluator.eval(e, Map.of()), e, what, Map.of(), Map.of());
    }

    private double number(Expr e) {
        return evaluator.numeric(evaluator.eval(e, Map.of()), e, Map.of(), Map.of()).value();
    }

    // ---- train sections -----------------------------------------------------------------------

    private TrainIr train(Decl.Train t, Map<String, DatasetIr> datasets) {
        int errors = diagnostics.errorCount();
        Decl.Network net = (Decl.Network) program.symbols().get(t.network().name());
        NetworkIr network = null;
        try {
            network = builder.instantiate(net, bindNetwork(net, t.arguments(), t.network()));
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
        Settings s = new Settings();
        for (TrainSetting setting : t.settings()) {
            try {
                s.apply(setting);
            } catch (CheckError e) {
                e.report(diagnostics);
            }
        }
        if (network == null || data == null || diagnostics.errorCount() > errors) return null;
        if (data.classes() > 0 && (s.positive < 0 || s.positive >= data.classes())) {
            diagnostics.error("qnet.train.positive", t.span(), "positive class " + s.positive + " is not a class of '" + data.variable()
                    + "' (0.." + (data.classes() - 1) + ")");
            return null;
        }
        String title = t.title() != null ? t.title() : net.name().name() + " on " + data.variable();
        return new TrainIr(title, network, data, s.optimizer, s.schedule, s.epochs, s.batch, s.seed, s.augment, s.metrics,
                s.positive, s.select, s.earlyStop, s.classWeights, s.loss, t.span());
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
        if (data.preprocessing().stream().noneMatch(p -> p.kind().equals("normalize"))) return;
        diagnostics.warning("qnet.quanv.normalized", q.span(), "quanv encodes each pixel as the angle scale * pixel, meant for pixels in"
                + " [0, 1], but dataset '" + data.variable() + "' is normalized (mean 0, standard deviation 1)",
                "remove 'normalize' from dataset '" + data.variable() + "' (images load in [0, 1]), or choose 'scale'");
    }

    /** Train settings with their defaults: adam 1e-3, constant schedule, 10 epochs, batch 128, seed 7. */
    private final class Settings {
        TrainIr.Optimizer optimizer = new TrainIr.Optimizer("adam", 1e-3, 0.9, 0.999, 1e-8, 0, false, 0);
        TrainIr.Schedule schedule = new TrainIr.Schedule("constant", 0, 1, 0);
        int epochs = 10;
        int batch = 128;
        long seed = 7;
        List<TrainIr.Augment> augment = new ArrayList<>();
        List<String> metrics = new ArrayList<>(List.of("accuracy"));
        int positive = 1;
        String select = "val_loss";
        TrainIr.EarlyStop earlyStop;
        String classWeights = "none";
        String loss = "cross_entropy";
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
                    choice(id, Builtins.METRICS, "metric");
                    if (metrics.contains(id.name())) throw new CheckError("qnet.train.duplicate", id.span(), "metric '" + id.name() + "' is listed twice");
                    metrics.add(id.name());
                }
            } else if (setting instanceof TrainSetting.Choice c) {
                switch (c.keyword()) {
                    case "select" -> {
                        String m = c.value().name();
                        String base = m.startsWith("val_") ? m.substring(4) : m;
                        choice(new Ident(base, c.value().span()), Builtins.METRICS, "metric");
                        select = "val_" + base;
                    }
                    case "class_weights" -> classWeights = choice(c.value(), Builtins.CLASS_WEIGHTS, "class weighting");
                    default -> loss = choice(c.value(), Builtins.LOSSES, "loss");
                }
            } else if (setting instanceof TrainSetting.EarlyStop e) {
                Map<String, Expr> a = bind("'early_stop'", e.span(), List.of("patience", "min_delta"), Set.of(), e.arguments());
                int patience = a.containsKey("patience") ? (int) positiveInt(a.get("patience"), "'patience'") : 10;
                double minDelta = a.containsKey("min_delta") ? number(a.get("min_delta")) : 0;
                earlyStop = new TrainIr.EarlyStop(patience, minDelta);
            }
        }

        private void optimizer(Invocation inv) {
            String kind = choice(inv.name(), Builtins.OPTIMIZERS, "optimizer");
            List<String> names = kind.equals("sgd") ? List.of("lr", "momentum", "nesterov", "weight_decay")
                    : List.of("lr", "beta1", "beta2", "eps", "weight_decay");
            Map<String, Expr> a = bind("'" + kind + "'", inv.name().span(), names, Set.of(), inv.arguments());
            double lr = a.containsKey("lr") ? positiveNumber(a.get("lr"), "'lr'") : kind.equals("sgd") ? 0.01 : 1e-3;
            double beta1 = a.containsKey("beta1") ? number(a.get("beta1")) : 0.9;
            double beta2 = a.containsKey("beta2") ? number(a.get("beta2")) : 0.999;
            double eps = a.containsKey("eps") ? number(a.get("eps")) : 1e-8;
            double momentum = a.containsKey("momentum") ? number(a.get("momentum")) : 0;
            boolean nesterov = a.containsKey("nesterov") && bool(a.get("nesterov"));
            double wd = a.containsKey("weight_decay") ? number(a.get("weight_decay")) : kind.equals("adamw") ? 0.01 : 0;
            optimizer = new TrainIr.Optimizer(kind, lr, beta1, beta2, eps, momentum, nesterov, wd);
        }

        private void schedule(Invocation inv) {
            String kind = choice(inv.name(), Builtins.SCHEDULES, "schedule");
            List<String> names = switch (kind) {
                case "step" -> List.of("every", "factor");
                case "cosine" -> List.of("min_lr");
                default -> List.of();
            };
            Map<String, Expr> a = bind("'" + kind + "'", inv.name().span(), names, Set.of(), inv.arguments());
            int every = a.containsKey("every") ? (int) positiveInt(a.get("every"), "'every'") : kind.equals("step") ? 30 : 0;
            double factor = a.containsKey("factor") ? positiveNumber(a.get("factor"), "'factor'") : kind.equals("step") ? 0.1 : 1;
            double minLr = a.containsKey("min_lr") ? number(a.get("min_lr")) : 0;
            schedule = new TrainIr.Schedule(kind, every, factor, minLr);
        }

        private void value(TrainSetting.Value v) {
            switch (v.keyword()) {
                case "epochs" -> epochs = (int) positiveInt(v.value(), "'epochs'");
                case "batch" -> batch = (int) positiveInt(v.value(), "'batch'");
                case "seed" -> seed = integer(v.value(), "'seed'");
                default -> positive = (int) integer(v.value(), "'positive'");
            }
        }

        private TrainIr.Augment augmentation(Invocation inv) {
            String kind = choice(inv.name(), Builtins.AUGMENTATIONS, "augmentation");
            List<String> names = kind.equals("flip") ? List.of("mode") : kind.equals("rotate") ? List.of("degrees")
                    : kind.equals("zoom") ? List.of("amount") : List.of("pixels");
            Map<String, Expr> a = bind("'" + kind + "'", inv.name().span(), names, Set.of(), inv.arguments());
            Expr e = a.get(names.get(0));
            if (kind.equals("flip")) {
                String mode = "horizontal";
                if (e != null) {
                    Value m = evaluator.eval(e, Map.of());
                    if (!(m instanceof Value.Sym sym) || !Set.of("horizontal", "vertical", "both").contains(sym.name())) {
                        throw new CheckError("qnet.train.augment", e.span(), "flip mode must be horizontal, vertical or both, found " + m);
                    }
                    mode = sym.name();
                }
                return new TrainIr.Augment(kind, 0.5, mode);
            }
            if (e == null) {
                throw new CheckError("qnet.args.missing", inv.name().span(), "missing argument '" + names.get(0) + "' for '" + kind + "'");
            }
            Value v = evaluator.eval(e, Map.of());
            double value;
            if (kind.equals("rotate")) {
                if (v instanceof Value.Degrees d) value = d.degrees();
                else value = evaluator.numeric(v, e, Map.of(), Map.of()).value(); // plain numbers are degrees too
            } else {
                if (v instanceof Value.Degrees) throw new CheckError("qnet.type", e.span(), "'" + kind + "' takes a number, not an angle");
                value = evaluator.numeric(v, e, Map.of(), Map.of()).value();
            }
            if (value < 0 || (kind.equals("zoom") && value >= 1)) {
                throw new CheckError("qnet.args.range", e.span(), "'" + kind + "' amount out of range: " + value);
            }
            return new TrainIr.Augment(kind, value, "");
        }

        private String choice(Ident id, Set<String> allowed, String what) {
            if (!allowed.contains(id.name())) {
                String hint = Suggestions.didYouMean(id.name(), allowed);
                throw new CheckError("qnet.train.unknown", id.span(), "unknown " + what + " '" + id.name() + "'",
                        hint != null ? hint : "expected one of: " + String.join(", ", new TreeSet<>(allowed)));
            }
            return id.name();
        }

        private Map<String, Expr> bind(String what, dev.qnet.compiler.source.Span at, List<String> names, Set<String> required,
                                       List<Argument> args) {
            Map<String, Expr> a = ArgumentBinder.bind(what, at, names, required, args, diagnostics);
            if (a == null) throw CheckError.alreadyReported();
            return a;
        }

        private long positiveInt(Expr e, String what) {
            long v = integer(e, what);
            if (v <= 0) throw new CheckError("qnet.args.range", e.span(), what + " must be positive, found " + v);
            return v;
        }

        private double positiveNumber(Expr e, String what) {
            double v = number(e);
            if (v <= 0) throw new CheckError("qnet.args.range", e.span(), what + " must be positive, found " + v);
            return v;
        }

        private boolean bool(Expr e) {
            Value v = evaluator.eval(e, Map.of());
            if (v instanceof Value.Bool b) return b.value();
            throw new CheckError("qnet.type", e.span(), "expected true or false, found " + v);
        }
    }
}
