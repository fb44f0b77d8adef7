package dev.qnet.compiler.builtin;

import static dev.qnet.compiler.builtin.Param.computed;
import static dev.qnet.compiler.builtin.Param.optional;
import static dev.qnet.compiler.builtin.Param.required;
import static dev.qnet.compiler.builtin.ParamType.ANGLE;
import static dev.qnet.compiler.builtin.ParamType.ANY;
import static dev.qnet.compiler.builtin.ParamType.BOOL;
import static dev.qnet.compiler.builtin.ParamType.FLOAT;
import static dev.qnet.compiler.builtin.ParamType.INT;
import static dev.qnet.compiler.builtin.ParamType.STRING;
import static dev.qnet.compiler.builtin.ParamType.SYMBOL;

import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.Shape;
import dev.qnet.compiler.resolve.CheckError;
import dev.qnet.compiler.resolve.Value;
import dev.qnet.compiler.source.Span;
import dev.qnet.core.ActivationKind;
import dev.qnet.core.ConvArithmetic;
import dev.qnet.core.NoiseChannel;
import dev.qnet.core.SimulationMethod;
import dev.qnet.core.PoolKind;
import dev.qnet.core.TrainDefaults;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signature of every builtin call-like form, declared once: layers (with their shape
 * rules), dataset sources, preprocessing, optimizers, schedules, augmentations, encodings,
 * {@code quantum}, circuit uses and {@code early_stop}. The resolver binds every call against
 * it; later phases read the bound arguments typed, through {@link Arguments}. Adding a builtin
 * layer is one entry here (signature and shape rule) and one case in lowering.
 *
 * <p>Layer shape rules follow PyTorch: floor division, zero padding on every side. conv pads
 * k/2 by default ("same" for odd k at stride 1); pools pad 0 and stride k by default. dense
 * accepts [F], or [C,1,1] with an implied flatten; any other image input is an error.
 */
public final class Builtins {
    private Builtins() {}

    private static final Map<Form, Map<String, Signature>> TABLE = new EnumMap<>(Form.class);

    private static Value i(long v) { return Value.Num.of(v); }

    private static Value f(double v) { return new Value.Num(v, false); }

    private static Value b(boolean v) { return new Value.Bool(v); }

    private static Value sym(String v) { return new Value.Sym(v); }

    static {
        layer("conv", Builtins::conv, required("out", INT), optional("k", INT, i(3)), optional("stride", INT, i(1)),
                computed("padding", INT), optional("groups", INT, i(1)), optional("bias", BOOL, b(false)));
        for (String bn : List.of("batchnorm", "bn")) {
            layer(bn, Builtins::batchNorm, optional("eps", FLOAT, f(1e-5)), optional("momentum", FLOAT, f(0.1)));
        }
        for (ActivationKind a : ActivationKind.values()) {
            layer(a.keyword(), (path, args, in, at) -> activation(path, a, in, at));
        }
        layer("flatten", (path, args, in, at) -> new Node.Flatten(path, in, Shape.vector(checkedSize(in, at)), at));
        for (PoolKind p : PoolKind.values()) {
            layer("global" + p.keyword() + "pool", (path, args, in, at) ->
                    new Node.GlobalPool(path, in, Shape.vector(image("global" + p.keyword() + "pool", in, at).channels()), p, at));
        }
        for (PoolKind p : PoolKind.values()) {
            layer(p.keyword() + "pool", (path, args, in, at) -> pool(path, p, args, in, at), required("k", INT),
                    computed("stride", INT), optional("padding", INT, i(0)));
        }
        layer("dropout", Builtins::dropout, optional("p", FLOAT, f(0.5)));
        layer("dense", Builtins::dense, required("units", INT), optional("bias", BOOL, b(true)));
        // Quanvolution (Henderson et al. 2019); its rule is the quanvolution checker's, which needs
        // the program's circuits. Computed defaults: stride = k; trainable = true with a circuit;
        // layers = 1 and seed = 0 for the random circuit (both only without one).
        layer("quanv", null, required("k", INT), computed("stride", INT), computed("circuit", SYMBOL),
                computed("trainable", BOOL), computed("layers", INT), computed("seed", INT),
                optional("axis", SYMBOL, sym("ry")), optional("scale", FLOAT, f(Math.PI)),
                computed("noise", SYMBOL), computed("shots", ANY), optional("simulation", SYMBOL, sym(SimulationMethod.AUTO.keyword())));

        add(Form.DATASET, "medmnist", required("name", STRING), optional("size", INT, i(28)));
        add(Form.DATASET, "mnist", computed("name", STRING), optional("size", INT, i(28)));
        add(Form.DATASET, "fashionmnist", computed("name", STRING), optional("size", INT, i(28)));
        add(Form.DATASET, "folder", required("path", STRING), optional("size", INT, i(28)), computed("channels", INT),
                computed("split", ANY));
        add(Form.PREPROCESS, "normalize");
        add(Form.PREPROCESS, "resize", required("size", INT));
        add(Form.PREPROCESS, "grayscale");

        for (String adam : List.of("adam", "adamw")) {
            add(Form.OPTIMIZER, adam, optional("lr", FLOAT, f(TrainDefaults.LR)), optional("beta1", FLOAT, f(TrainDefaults.BETA1)),
                    optional("beta2", FLOAT, f(TrainDefaults.BETA2)), optional("eps", FLOAT, f(TrainDefaults.EPS)),
                    optional("weight_decay", FLOAT, f(adam.equals("adamw") ? TrainDefaults.ADAMW_WEIGHT_DECAY : 0)));
        }
        add(Form.OPTIMIZER, "sgd", optional("lr", FLOAT, f(TrainDefaults.SGD_LR)), optional("momentum", FLOAT, f(0)),
                optional("nesterov", BOOL, b(false)), optional("weight_decay", FLOAT, f(0)));
        add(Form.SCHEDULE, "step", optional("every", INT, i(TrainDefaults.STEP_EVERY)),
                optional("factor", FLOAT, f(TrainDefaults.STEP_FACTOR)));
        add(Form.SCHEDULE, "cosine", optional("min_lr", FLOAT, f(0)));
        add(Form.SCHEDULE, "constant");
        add(Form.AUGMENTATION, "rotate", required("degrees", ANGLE));
        add(Form.AUGMENTATION, "flip", optional("mode", SYMBOL, sym("horizontal")));
        add(Form.AUGMENTATION, "zoom", required("amount", FLOAT));
        add(Form.AUGMENTATION, "translate", required("pixels", FLOAT));
        add(Form.EARLY_STOP, "early_stop", optional("patience", INT, i(TrainDefaults.PATIENCE)), optional("min_delta", FLOAT, f(0)));

        add(Form.ENCODING, "angle", optional("axis", SYMBOL, sym("ry")), optional("reupload", INT, i(1)));
        add(Form.ENCODING, "amplitude");
        add(Form.ENCODING, "iqp", optional("reupload", INT, i(1)));
        // noise and shots default to the train section's (none and exact without one).
        add(Form.QUANTUM, "quantum", required("qubits", INT), optional("params", INT, i(0)), computed("noise", SYMBOL),
                computed("shots", ANY), optional("simulation", SYMBOL, sym(SimulationMethod.AUTO.keyword())));
        // Noise channels take their probabilities by the names core's NoiseChannel declares, all required.
        for (NoiseChannel c : NoiseChannel.values()) {
            add(Form.NOISE, c.keyword(), c.parameters().stream().map(p -> required(p, FLOAT)).toArray(Param[]::new));
        }
        // readout(p10: P(read 1 | was 0), p01: P(read 0 | was 1)).
        add(Form.NOISE, "readout", optional("p10", FLOAT, f(0)), optional("p01", FLOAT, f(0)));
        add(Form.CIRCUIT_USE, "circuit", optional("shared", BOOL, b(true)));
    }

    private static void layer(String name, ShapeRule rule, Param... params) {
        TABLE.computeIfAbsent(Form.LAYER, k -> new LinkedHashMap<>()).put(name, new Signature(Form.LAYER, name, List.of(params), rule));
    }

    private static void add(Form form, String name, Param... params) {
        TABLE.computeIfAbsent(form, k -> new LinkedHashMap<>()).put(name, new Signature(form, name, List.of(params), null));
    }

    /** The builtin {@code name} of {@code form}. */
    public static Optional<Signature> lookup(Form form, String name) {
        return Optional.ofNullable(TABLE.getOrDefault(form, Map.of()).get(name));
    }

    /** The names of {@code form}'s builtins, in table order. */
    public static List<String> names(Form form) {
        return Collections.unmodifiableList(new ArrayList<>(TABLE.getOrDefault(form, Map.of()).keySet()));
    }

    // ---- layer shape rules ----------------------------------------------------------------

    private static Node conv(String path, Arguments a, Shape in, Span at) {
        Shape x = image("conv", in, at);
        int out = atLeast(a, "out", 1, at);
        int k = atLeast(a, "k", 1, at);
        int stride = atLeast(a, "stride", 1, at);
        int padding = a.value("padding") == null ? k / 2 : atLeast(a, "padding", 0, at);
        int groups = atLeast(a, "groups", 1, at);
        boolean bias = a.bool("bias");
        if (x.channels() % groups != 0 || out % groups != 0) {
            throw new CheckError("qnet.shape.groups", at, "conv groups " + groups + " must divide both input channels ("
                    + x.channels() + ") and output channels (" + out + ")");
        }
        int h = spatial("conv", x.height(), k, stride, padding, "height", at);
        int w = spatial("conv", x.width(), k, stride, padding, "width", at);
        long params = (long) out * (x.channels() / groups) * k * k + (bias ? out : 0);
        return new Node.Conv(path, in, Shape.image(out, h, w), x.channels(), out, k, stride, padding, groups, bias, params, at);
    }

    private static Node batchNorm(String path, Arguments a, Shape in, Span at) {
        if (!in.isImage() && !in.isVector()) throw new CheckError("qnet.shape.rank", at, "batchnorm needs [C, H, W] or [F]");
        double eps = a.real("eps");
        double momentum = a.real("momentum");
        if (eps <= 0 || momentum < 0 || momentum > 1) {
            throw new CheckError("qnet.args.range", at, "batchnorm needs eps > 0 and momentum in [0, 1]");
        }
        return new Node.BatchNorm(path, in, in, in.channels(), eps, momentum, 2L * in.channels(), at);
    }

    private static Node activation(String path, ActivationKind kind, Shape in, Span at) {
        if (kind == ActivationKind.SOFTMAX && !in.isVector()) {
            throw new CheckError("qnet.shape.rank", at, "softmax needs a vector input [F], found " + in);
        }
        return new Node.Activation(path, in, in, kind, at);
    }

    private static Node pool(String path, PoolKind kind, Arguments a, Shape in, Span at) {
        String name = kind.keyword() + "pool";
        Shape x = image(name, in, at);
        int k = atLeast(a, "k", 1, at);
        int stride = a.value("stride") == null ? k : atLeast(a, "stride", 1, at);
        int padding = atLeast(a, "padding", 0, at);
        if (padding > k / 2) {
            throw new CheckError("qnet.args.range", at, name + " padding must be at most half the kernel (" + k / 2
                    + "), found " + padding);
        }
        int h = spatial(name, x.height(), k, stride, padding, "height", at);
        int w = spatial(name, x.width(), k, stride, padding, "width", at);
        return new Node.Pool(path, in, Shape.image(x.channels(), h, w), kind, k, stride, padding, at);
    }

    private static Node dropout(String path, Arguments a, Shape in, Span at) {
        double p = a.real("p");
        if (p < 0 || p >= 1) throw new CheckError("qnet.args.range", at, "dropout probability must be in [0, 1), found " + p);
        return new Node.Dropout(path, in, in, p, at);
    }

    private static Node dense(String path, Arguments a, Shape in, Span at) {
        int units = atLeast(a, "units", 1, at);
        boolean bias = a.bool("bias");
        if (in.isImage() && in.height() == 1 && in.width() == 1) {
            Shape flat = Shape.vector(in.channels());
            Node flatten = new Node.Flatten(path + ".flatten", in, flat, at);
            Node dense = dense(path + ".dense", flat, units, bias, at);
            return new Node.Sequence(path, in, dense.output(), List.of(flatten, dense), dense.params(), at);
        }
        if (!in.isVector()) {
            throw new CheckError("qnet.shape.dense", at, "dense needs a vector input [F], found " + in,
                    "insert 'flatten' (or 'globalavgpool') before 'dense'");
        }
        return dense(path, in, units, bias, at);
    }

    private static Node dense(String path, Shape in, int units, boolean bias, Span at) {
        long params = (long) in.dims().get(0) * units + (bias ? units : 0);
        return new Node.Dense(path, in, Shape.vector(units), in.dims().get(0), units, bias, params, at);
    }

    private static int checkedSize(Shape in, Span at) {
        if (in.size() > Integer.MAX_VALUE) throw new CheckError("qnet.shape.size", at, "flattened size " + in.size() + " is too large");
        return (int) in.size();
    }

    private static Shape image(String layer, Shape in, Span at) {
        if (!in.isImage()) {
            throw new CheckError("qnet.shape.rank", at, layer + " needs an image input [C, H, W], found " + in);
        }
        return in;
    }

    private static int spatial(String layer, int size, int k, int stride, int padding, String dim, Span at) {
        long out = ConvArithmetic.outputSize(size, k, stride, padding);
        if (out <= 0) {
            throw new CheckError("qnet.shape.empty", at, layer + " makes the " + dim + " " + (out == 0 ? "0" : "negative")
                    + ": input " + size + ", kernel " + k + ", stride " + stride + ", padding " + padding);
        }
        return (int) out;
    }

    private static int atLeast(Arguments a, String name, int min, Span at) {
        double v = ((Value.Num) a.value(name)).value();
        if (v < min || v > 1_000_000) {
            throw new CheckError("qnet.args.range", at, a.signature().form().slot(name, a.signature().name()) + " must be "
                    + (min == 0 ? "non-negative" : "positive") + ", found " + (long) v);
        }
        return (int) v;
    }
}
