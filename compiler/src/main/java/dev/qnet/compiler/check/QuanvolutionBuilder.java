package dev.qnet.compiler.check;

import dev.qnet.compiler.ast.Decl;
import dev.qnet.compiler.ast.Expr;
import dev.qnet.compiler.builtin.Arguments;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.diag.Suggestions;
import dev.qnet.compiler.ir.CircuitIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.Shape;
import dev.qnet.compiler.resolve.CheckError;
import dev.qnet.compiler.resolve.ResolvedProgram;
import dev.qnet.compiler.resolve.Resolver;
import dev.qnet.compiler.resolve.Value;
import dev.qnet.compiler.source.Span;
import dev.qnet.core.Axis;
import dev.qnet.core.ConvArithmetic;
import dev.qnet.core.Keyword;
import dev.qnet.core.Limits;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks a {@code quanv(...)} call and builds its {@link Node.Quanvolution}: image input, kernel
 * 2 or 3, stride, the body (a user circuit of k*k qubits, or the fixed random circuit described by
 * {@code layers} and {@code seed}, never both), the encoding, the output shape and the
 * trainable parameter count. Arguments arrive bound and typed by {@link NetworkBuilder}.
 */
final class QuanvolutionBuilder {
    private static final int MAX_RANDOM_LAYERS = 100;

    private final ResolvedProgram program;
    private final Map<String, CircuitIr> circuits;
    private final Diagnostics diagnostics;

    QuanvolutionBuilder(ResolvedProgram program, Map<String, CircuitIr> circuits, Diagnostics diagnostics) {
        this.program = program;
        this.circuits = circuits;
        this.diagnostics = diagnostics;
    }

    /**
     * @param args      the quanv call's typed arguments (a computed default reads as null)
     * @param nameSpans where named arguments were named (for carets under a misplaced argument)
     */
    Node build(String path, Arguments args, Map<String, Span> nameSpans, Shape in, Span at, ExecutionChecker.Defaults defaults,
               Map<String, dev.qnet.compiler.ir.NoiseIr> noiseModels) {
        int k = args.integer("k");
        Span kAt = args.span("k", at);
        if (!Limits.QUANV_KERNELS.contains(k)) {
            throw new CheckError("qnet.quanv.kernel", kAt, "quanv kernel size k must be 2 or 3, found " + k,
                    k > 3 ? "a k x k patch is encoded into k*k qubits: k = " + k + " would simulate " + (long) k * k
                            + " qubits per patch (at most 9)" : null);
        }
        int stride = args.value("stride") == null ? k : args.integer("stride");
        Span strideAt = args.span("stride", at);
        if (stride < 1) throw new CheckError("qnet.args.range", strideAt, "'stride' of 'quanv' must be positive, found " + stride);

        Value axisValue = args.value("axis");
        if (!(axisValue instanceof Value.Sym axisName)) {
            throw new CheckError("qnet.type", args.span("axis", at), "expected a gate name for 'axis' of 'quanv', found " + axisValue);
        }
        Axis axis = Keyword.lookup(Axis.values(), axisName.name()).orElseThrow(() -> new CheckError("qnet.quanv.encoding",
                args.span("axis", at), "quanv encodes pixels with rx, ry or rz, found '" + axisName.name() + "'",
                Suggestions.didYouMean(axisName.name(), Keyword.keywords(Axis.values()))));
        double scale = args.real("scale");
        if (!Double.isFinite(scale) || scale == 0) {
            throw new CheckError("qnet.args.range", args.span("scale", at), "'scale' of 'quanv' must be a non-zero number, found " + scale);
        }

        CircuitIr body = null;
        int layers = 0;
        long seed = 0;
        boolean trainable = false;
        if (args.value("circuit") != null) {
            body = circuit(args.value("circuit"), args.expr("circuit"), k);
            for (String random : new String[] {"layers", "seed"}) {
                if (args.given(random)) {
                    throw new CheckError("qnet.args.conflict", nameSpans.getOrDefault(random, args.expr(random).span()), "'" + random
                            + "' describes quanv's random circuit and cannot be combined with 'circuit'",
                            "remove '" + random + "', or remove 'circuit' to use a random circuit");
                }
            }
            trainable = args.value("trainable") == null || args.bool("trainable");
        } else {
            if (args.value("trainable") != null && args.bool("trainable")) {
                throw new CheckError("qnet.args.conflict", nameSpans.getOrDefault("trainable", args.expr("trainable").span()),
                        "quanv's random circuit is fixed and has no trainable parameters",
                        "give a parameterised circuit, e.g. 'quanv(k: " + k + ", circuit: myfilter)'");
            }
            layers = args.value("layers") == null ? 1 : args.integer("layers");
            if (layers < 1 || layers > MAX_RANDOM_LAYERS) {
                throw new CheckError("qnet.args.range", args.span("layers", at), "'layers' of 'quanv' must be between 1 and "
                        + MAX_RANDOM_LAYERS + ", found " + layers);
            }
            seed = args.value("seed") == null ? 0 : args.whole("seed");
        }

        if (!in.isImage()) {
            throw new CheckError("qnet.shape.rank", at, "quanv needs an image input [C, H, W], found " + in,
                    "quanv filters k x k image patches; for a vector use a 'quantum(qubits: n) { ... }' stage");
        }
        if (stride > k) {
            diagnostics.warning("qnet.quanv.stride", strideAt, "quanv stride " + stride + " is larger than its kernel " + k
                    + ": the pixels between patches are never read", null);
        }
        int h = size(in.height(), k, stride, "height", at);
        int w = size(in.width(), k, stride, "width", at);
        long channels = (long) in.channels() * k * k;
        if (channels > 1_000_000) throw new CheckError("qnet.shape.size", at, "quanv would give " + channels + " channels");
        long params = trainable ? body.paramCount() : 0;
        var execution = ExecutionChecker.check(args, at, k * k, defaults, noiseModels);
        return new Node.Quanvolution(path, in, Shape.image((int) channels, h, w), k, stride, axis, scale, body, layers, seed,
                trainable, params, execution, at);
    }

    private CircuitIr circuit(Value v, Expr e, int k) {
        if (!(v instanceof Value.Sym sym)) {
            throw new CheckError("qnet.type", e.span(), "expected a circuit name for 'circuit' of 'quanv', found " + v);
        }
        String name = sym.name();
        CircuitIr c = circuits.get(name);
        if (c == null) {
            Decl d = program.symbols().get(name);
            if (d != null) {
                throw new CheckError("qnet.name.kind", e.span(), "'" + name + "' is a " + Resolver.kindOf(d) + ", not a circuit");
            }
            String hint = Suggestions.didYouMean(name, circuits.keySet());
            if (hint == null && !circuits.isEmpty()) {
                hint = "circuits: " + String.join(", ", new TreeSet<>(circuits.keySet()));
            }
            throw new CheckError("qnet.name.unknown", e.span(), "unknown circuit '" + name + "'", hint);
        }
        int qubits = k * k;
        if (c.qubitCount() != qubits) {
            throw new CheckError("qnet.quanv.arity", e.span(), "quanv(k: " + k + ") needs a circuit of " + qubits
                    + " qubits, one per pixel of a " + k + "x" + k + " patch; '" + name + "' takes " + c.qubitCount(),
                    c.qubitCount() == 4 || c.qubitCount() == 9 ? "for this circuit write 'k: " + (c.qubitCount() == 4 ? 2 : 3) + "'" : null);
        }
        return c;
    }

    private static int size(int in, int k, int stride, String dim, Span at) {
        long out = ConvArithmetic.outputSize(in, k, stride, 0);
        if (out <= 0) {
            throw new CheckError("qnet.shape.empty", at, "quanv makes the " + dim + " 0: input " + in + ", kernel " + k + ", stride "
                    + stride + " (quanv does not pad)", "the input must be at least " + k + " pixels high and wide");
        }
        return (int) out;
    }
}
