package dev.qnet.compiler.resolve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The builtin vocabulary: layers (with their signatures, registered like user blocks), gates,
 * encodings, measurements, dataset sources and train-section choices.
 */
public final class Builtins {
    private Builtins() {}

    /** The kind of value a builtin argument takes. */
    public enum Type { INT, FLOAT, BOOL, SYMBOL }

    /**
     * One builtin parameter. {@code defaultValue == null && required} means it must be given;
     * {@code defaultValue == null && !required} means the default is computed (conv padding = k/2).
     */
    public record ParamSpec(String name, Type type, Value defaultValue, boolean required) {
        static ParamSpec required(String name, Type type) { return new ParamSpec(name, type, null, true); }

        static ParamSpec optional(String name, Type type, Value defaultValue) { return new ParamSpec(name, type, defaultValue, false); }
    }

    public record Signature(String name, List<ParamSpec> params) {
        public List<String> names() { return params.stream().map(ParamSpec::name).toList(); }

        public Set<String> requiredNames() {
            return Set.copyOf(params.stream().filter(ParamSpec::required).map(ParamSpec::name).toList());
        }
    }

    private static Value i(long v) { return Value.Num.of(v); }

    private static Value f(double v) { return new Value.Num(v, false); }

    private static Value b(boolean v) { return new Value.Bool(v); }

    public static final Map<String, Signature> LAYERS = new LinkedHashMap<>();

    static {
        layer("conv", ParamSpec.required("out", Type.INT), ParamSpec.optional("k", Type.INT, i(3)),
                ParamSpec.optional("stride", Type.INT, i(1)), ParamSpec.optional("padding", Type.INT, null),
                ParamSpec.optional("groups", Type.INT, i(1)), ParamSpec.optional("bias", Type.BOOL, b(false)));
        layer("batchnorm", ParamSpec.optional("eps", Type.FLOAT, f(1e-5)), ParamSpec.optional("momentum", Type.FLOAT, f(0.1)));
        layer("bn", ParamSpec.optional("eps", Type.FLOAT, f(1e-5)), ParamSpec.optional("momentum", Type.FLOAT, f(0.1)));
        for (String a : List.of("relu", "gelu", "tanh", "sigmoid", "softmax", "flatten", "globalavgpool", "globalmaxpool")) layer(a);
        for (String p : List.of("maxpool", "avgpool")) {
            layer(p, ParamSpec.required("k", Type.INT), ParamSpec.optional("stride", Type.INT, null),
                    ParamSpec.optional("padding", Type.INT, i(0)));
        }
        layer("dropout", ParamSpec.optional("p", Type.FLOAT, f(0.5)));
        layer("dense", ParamSpec.required("units", Type.INT), ParamSpec.optional("bias", Type.BOOL, b(true)));
        // Quanvolution (Henderson et al. 2019). Computed defaults (null): stride = k; trainable =
        // true with a circuit; layers = 1 and seed = 0 for the random circuit (both only without one).
        layer("quanv", ParamSpec.required("k", Type.INT), ParamSpec.optional("stride", Type.INT, null),
                ParamSpec.optional("circuit", Type.SYMBOL, null), ParamSpec.optional("trainable", Type.BOOL, null),
                ParamSpec.optional("layers", Type.INT, null), ParamSpec.optional("seed", Type.INT, null),
                ParamSpec.optional("axis", Type.SYMBOL, new Value.Sym("ry")), ParamSpec.optional("scale", Type.FLOAT, f(Math.PI)));
    }

    /** Quanvolution kernel sizes: a k x k patch is simulated on k*k qubits. */
    public static final Set<Integer> QUANV_KERNELS = Set.of(2, 3);

    private static void layer(String name, ParamSpec... params) { LAYERS.put(name, new Signature(name, List.of(params))); }

    /** Gates: name -> (qubits, angles); qubits -1 = at least 2 (mcx: controls then target). */
    public record GateSpec(String canonical, int qubits, int angles) {}

    public static final Map<String, GateSpec> GATES = new LinkedHashMap<>();

    static {
        for (String g : List.of("h", "x", "y", "z", "s", "sdg", "t", "tdg", "sx")) GATES.put(g, new GateSpec(g, 1, 0));
        for (String g : List.of("rx", "ry", "rz", "phase")) GATES.put(g, new GateSpec(g, 1, 1));
        GATES.put("u3", new GateSpec("u3", 1, 3));
        for (String g : List.of("cnot", "cz", "cy", "swap")) GATES.put(g, new GateSpec(g, 2, 0));
        GATES.put("cx", new GateSpec("cnot", 2, 0));
        for (String g : List.of("crx", "cry", "crz", "cphase")) GATES.put(g, new GateSpec(g, 2, 1));
        GATES.put("ccx", new GateSpec("ccx", 3, 0));
        GATES.put("toffoli", new GateSpec("ccx", 3, 0));
        GATES.put("mcx", new GateSpec("mcx", -1, 0));
    }

    public static final Set<String> ENCODINGS = Set.of("angle", "amplitude", "iqp");
    public static final Set<String> MEASUREMENTS = Set.of("z", "zz", "probs");
    public static final Set<String> DATASET_SOURCES = Set.of("medmnist", "mnist", "fashionmnist", "folder");
    public static final Set<String> PREPROCESSING = Set.of("normalize", "resize", "grayscale");
    public static final Set<String> OPTIMIZERS = Set.of("adam", "adamw", "sgd");
    public static final Set<String> SCHEDULES = Set.of("step", "cosine", "constant");
    public static final Set<String> AUGMENTATIONS = Set.of("rotate", "flip", "zoom", "translate");
    public static final Set<String> METRICS = Set.of("accuracy", "precision", "recall", "f1", "auc", "loss");
    public static final Set<String> LOSSES = Set.of("cross_entropy");
    public static final Set<String> CLASS_WEIGHTS = Set.of("none", "balanced");

    /** MedMNIST 2D subsets: name -> {channels, classes}. */
    public static final Map<String, int[]> MEDMNIST = new LinkedHashMap<>();

    static {
        MEDMNIST.put("pathmnist", new int[] {3, 9});
        MEDMNIST.put("chestmnist", new int[] {1, 2});
        MEDMNIST.put("dermamnist", new int[] {3, 7});
        MEDMNIST.put("octmnist", new int[] {1, 4});
        MEDMNIST.put("pneumoniamnist", new int[] {1, 2});
        MEDMNIST.put("retinamnist", new int[] {3, 5});
        MEDMNIST.put("breastmnist", new int[] {1, 2});
        MEDMNIST.put("bloodmnist", new int[] {3, 8});
        MEDMNIST.put("tissuemnist", new int[] {1, 8});
        MEDMNIST.put("organamnist", new int[] {1, 11});
        MEDMNIST.put("organcmnist", new int[] {1, 11});
        MEDMNIST.put("organsmnist", new int[] {1, 11});
    }

    /** The statevector simulator's limit; a state needs 2^n * 16 bytes (complex double). */
    public static final int MAX_QUBITS = 24;
}
