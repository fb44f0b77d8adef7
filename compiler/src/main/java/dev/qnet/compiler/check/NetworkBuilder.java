package dev.qnet.compiler.check;

import dev.qnet.compiler.ast.Decl;
import dev.qnet.compiler.ast.Expr;
import dev.qnet.compiler.ast.Invocation;
import dev.qnet.compiler.ast.LayerStmt;
import dev.qnet.compiler.ast.Param;
import dev.qnet.compiler.builtin.Arguments;
import dev.qnet.compiler.builtin.Builtins;
import dev.qnet.compiler.builtin.Form;
import dev.qnet.compiler.builtin.Signature;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.ir.CircuitIr;
import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.QuantumOp;
import dev.qnet.compiler.ir.Shape;
import dev.qnet.compiler.resolve.CheckError;
import dev.qnet.compiler.resolve.Evaluator;
import dev.qnet.compiler.resolve.ResolvedProgram;
import dev.qnet.compiler.resolve.Value;
import dev.qnet.compiler.source.Span;
import dev.qnet.core.Measurement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instantiates a network for concrete arguments: inlines blocks and {@code repeat}, infers
 * every layer's output shape, counts parameters and builds the IR tree. A failing statement is
 * reported and its output shape becomes unknown; later statements are still checked for their
 * own errors but produce no shape errors of their own (no cascades).
 */
public final class NetworkBuilder {
    private final ResolvedProgram program;
    private final Map<String, CircuitIr> circuits;
    private final Diagnostics diagnostics;
    private final Evaluator evaluator;

    private final Map<String, dev.qnet.compiler.ir.NoiseIr> noiseModels;
    /** The train section's noise and shots while one of its instances is built. */
    private ExecutionChecker.Defaults executionDefaults = ExecutionChecker.Defaults.IDEAL;

    NetworkBuilder(ResolvedProgram program, Map<String, CircuitIr> circuits, Map<String, dev.qnet.compiler.ir.NoiseIr> noiseModels,
                   Diagnostics diagnostics) {
        this.noiseModels = noiseModels;
        this.program = program;
        this.circuits = circuits;
        this.diagnostics = diagnostics;
        this.evaluator = new Evaluator(program.constants());
    }

    /** A network instance whose quantum stages run under {@code defaults} unless they say otherwise. */
    NetworkIr instantiate(Decl.Network network, Map<String, Value> arguments, ExecutionChecker.Defaults defaults) {
        executionDefaults = defaults;
        try {
            return instantiate(network, arguments);
        } finally {
            executionDefaults = ExecutionChecker.Defaults.IDEAL;
        }
    }

    /** A network instance, or null when it had errors (all reported). */
    public NetworkIr instantiate(Decl.Network network, Map<String, Value> arguments) {
        int errors = diagnostics.errorCount();
        List<LayerStmt> body = network.body();
        if (body.isEmpty() || !(body.get(0) instanceof LayerStmt.Input input)) return null;
        Map<String, Value> scope = new LinkedHashMap<>(arguments);
        Shape in;
        try {
            in = inputShape(input, scope);
        } catch (CheckError e) {
            e.report(diagnostics);
            return null;
        }
        Node.Sequence seq = sequence("", body.subList(1, body.size()), in, scope, network.name().span());
        if (seq == null || diagnostics.errorCount() > errors) return null;
        warnUntrainedQuantumOutput(seq);
        long circuit = circuitParams(seq);
        Map<String, String> args = new LinkedHashMap<>();
        arguments.forEach((k, v) -> args.put(k, v.toString()));
        return new NetworkIr(network.name().name(), args, seq, seq.params(), circuit, maxQubits(seq), network.name().span());
    }

    private Shape inputShape(LayerStmt.Input input, Map<String, Value> scope) {
        if (input.dims().size() != 1 && input.dims().size() != 3) {
            throw new CheckError("qnet.shape.input", input.span(), "input shape must be [C, H, W] or [F], found "
                    + input.dims().size() + " dimensions");
        }
        List<Integer> dims = new ArrayList<>();
        for (Expr e : input.dims()) dims.add(positive(e, scope, "an input dimension"));
        return new Shape(dims);
    }

    // ---- sequences -------------------------------------------------------------------------

    /** Null when the output shape is unknown because of an error. */
    private Node.Sequence sequence(String path, List<LayerStmt> body, Shape in, Map<String, Value> scope, Span span) {
        List<Node> nodes = new ArrayList<>();
        Shape cur = in;
        boolean failed = in == null;
        for (LayerStmt s : body) cur = statement(path, s, cur, scope, nodes, failed);
        if (cur == null) failed = true;
        if (failed) return null;
        long params = nodes.stream().mapToLong(Node::params).sum();
        return new Node.Sequence(path, in, cur, nodes, params, span);
    }

    /** Appends the nodes of one statement; returns the new shape or null if unknown. */
    private Shape statement(String path, LayerStmt s, Shape in, Map<String, Value> scope, List<Node> out, boolean failed) {
        try {
            if (s instanceof LayerStmt.Repeat r) {
                long n = evaluator.integer(evaluator.eval(r.count(), scope), r.count(), "the repeat count", scope, Map.of());
                if (n < 0 || n > 10_000) {
                    throw new CheckError("qnet.repeat.count", r.count().span(), "repeat count must be between 0 and 10000, found " + n);
                }
                Shape cur = in;
                for (int i = 0; i < n; i++) {
                    for (LayerStmt inner : r.body()) cur = statement(path, inner, cur, scope, out, failed || cur == null);
                }
                return cur;
            }
            String name = childName(path, s, out.size());
            Node node = node(name, s, in, scope);
            if (node == null) return null;
            out.add(node);
            return node.output();
        } catch (CheckError e) {
            e.report(diagnostics);
            return null;
        }
    }

    private static String childName(String path, LayerStmt s, int index) {
        String label;
        if (s instanceof LayerStmt.Call c) label = c.invocation().name().name();
        else if (s instanceof LayerStmt.Residual) label = "residual";
        else if (s instanceof LayerStmt.Quantum) label = "quantum";
        else label = "input";
        return (path.isEmpty() ? "" : path + ".") + label + index;
    }

    private Node node(String path, LayerStmt s, Shape in, Map<String, Value> scope) {
        if (s instanceof LayerStmt.Input i) {
            throw new CheckError("qnet.network.input", i.span(), "'input' may only be the first statement of a network");
        } else if (s instanceof LayerStmt.Call c) {
            return call(path, c.invocation(), in, scope);
        } else if (s instanceof LayerStmt.Residual r) {
            return residual(path, r, in, scope);
        } else if (s instanceof LayerStmt.Quantum q) {
            return new QuantumStageBuilder(program.bindings(), circuits, evaluator, diagnostics)
                    .build(path, q, in, scope, executionDefaults, noiseModels);
        }
        throw new IllegalStateException("statement " + s.getClass().getSimpleName());
    }

    // ---- residual --------------------------------------------------------------------------

    private Node residual(String path, LayerStmt.Residual r, Shape in, Map<String, Value> scope) {
        Node.Sequence branch = sequence(path + ".branch", r.branch(), in, scope, r.span());
        Node.Sequence shortcut = r.shortcut() == null ? null : sequence(path + ".shortcut", r.shortcut(), in, scope, r.span());
        if (in == null || branch == null || (r.shortcut() != null && shortcut == null)) return null;
        boolean inferred = false;
        if (shortcut != null && shortcut.nodes().isEmpty()) {
            shortcut = null; // `shortcut { }` is the identity, represented as null in the IR
            if (!branch.output().equals(in)) {
                throw new CheckError("qnet.shape.mismatch", r.span(), "residual branches cannot be added: the branch gives "
                        + branch.output() + " but the identity shortcut gives " + in);
            }
        } else if (shortcut != null) {
            if (!shortcut.output().equals(branch.output())) {
                throw new CheckError("qnet.shape.mismatch", r.span(), "residual branches cannot be added: the branch gives "
                        + branch.output() + " but the shortcut gives " + shortcut.output());
            }
        } else if (!branch.output().equals(in)) {
            shortcut = projection(path + ".shortcut", in, branch.output(), r.span());
            inferred = true;
        }
        long params = branch.params() + (shortcut == null ? 0 : shortcut.params());
        return new Node.Residual(path, in, branch.output(), branch, shortcut, inferred, params, r.span());
    }

    /** torchvision's downsample: 1x1 conv (no bias, stride s) + batch norm, when some stride s fits. */
    private Node.Sequence projection(String path, Shape in, Shape out, Span span) {
        String why = "write an explicit 'shortcut { ... }' that produces " + out;
        if (!in.isImage() || !out.isImage()) {
            throw new CheckError("qnet.shape.mismatch", span, "residual branch changes the shape from " + in + " to " + out
                    + " and no projection shortcut can be inferred", why);
        }
        for (int s = 1; s <= Math.max(in.height(), in.width()); s++) {
            if ((in.height() - 1) / s + 1 == out.height() && (in.width() - 1) / s + 1 == out.width()) {
                long convParams = (long) in.channels() * out.channels();
                Node conv = new Node.Conv(path + ".conv0", in, out, in.channels(), out.channels(), 1, s, 0, 1, false, convParams, span);
                Node bn = new Node.BatchNorm(path + ".bn1", out, out, out.channels(), 1e-5, 0.1, 2L * out.channels(), span);
                return new Node.Sequence(path, in, out, List.of(conv, bn), convParams + 2L * out.channels(), span);
            }
        }
        throw new CheckError("qnet.shape.mismatch", span, "residual branch changes the shape from " + in + " to " + out
                + " and no 1x1 projection stride maps one onto the other", why);
    }

    // ---- layer calls -----------------------------------------------------------------------

    private Node call(String path, Invocation inv, Shape in, Map<String, Value> scope) {
        String name = inv.name().name();
        Map<String, Expr> bound = program.bindings().of(inv);
        if (bound == null) return null;
        Signature sig = Builtins.lookup(Form.LAYER, name).orElse(null);
        if (sig != null) {
            Arguments args = new Arguments(sig, bound, evaluator, scope).checkAll();
            if (in == null) return null;
            if (sig.rule() == null) {
                Map<String, Span> names = new LinkedHashMap<>();
                for (var a : inv.arguments()) if (a.isNamed()) names.put(a.name().name(), a.name().span());
                return new QuanvolutionBuilder(program, circuits, diagnostics)
                        .build(path, args, names, in, inv.name().span(), executionDefaults, noiseModels);
            }
            return sig.rule().infer(path, args, in, inv.name().span());
        }
        Decl.Block block = (Decl.Block) program.symbols().get(name);
        Map<String, Value> inner = new LinkedHashMap<>();
        for (Param p : block.params()) {
            Expr given = bound.get(p.name().name());
            Value v = given != null ? evaluator.eval(given, scope) : evaluator.eval(p.defaultValue(), inner);
            // A circuit name may be passed on (to quanv's 'circuit'); other bare names are typos.
            if (v instanceof Value.Sym sym && !circuits.containsKey(sym.name())) throw evaluator.notANumber(v, given != null ? given : p.defaultValue(), scope, Map.of());
            inner.put(p.name().name(), v);
        }
        return sequence(path, block.body(), in, inner, inv.name().span());
    }

    private int positive(Expr e, Map<String, Value> scope, String what) {
        long n = evaluator.integer(evaluator.eval(e, scope), e, what, scope, Map.of());
        if (n <= 0 || n > 1_000_000) throw new CheckError("qnet.shape.empty", e.span(), what + " must be positive, found " + n);
        return (int) n;
    }

    // ---- warnings -------------------------------------------------------------------------

    /**
     * A quantum stage's measurements are expectation values in [-1, 1] (probabilities in [0, 1]);
     * used directly as logits they cap the confidence the loss can reach, which is almost never
     * intended. Warn when nothing trainable follows the last quantum stage.
     */
    private void warnUntrainedQuantumOutput(Node.Sequence body) {
        List<Node> order = new ArrayList<>();
        executionOrder(body, order);
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            boolean stage = n instanceof Node.QuantumStage;
            if (!stage && !(n instanceof Node.Quanvolution)) {
                if (n.params() > 0) return;
                continue;
            }
            boolean probs = stage && ((Node.QuantumStage) n).ops().get(((Node.QuantumStage) n).ops().size() - 1)
                    instanceof QuantumOp.Measure m && m.kind() == Measurement.PROBS;
            diagnostics.warning("qnet.quantum.output", n.span(), "the measured output of this " + (stage ? "quantum stage" : "quanvolution")
                    + " (values in " + (probs ? "[0, 1]" : "[-1, 1]") + ") reaches the network output without a trainable layer after it",
                    "add e.g. 'dense(" + body.output().size() + ")' after it to scale the logits");
            return;
        }
    }

    /** Leaves in the order they run; a residual counts as one unit (its branches run side by side). */
    private static void executionOrder(Node n, List<Node> out) {
        if (n instanceof Node.Sequence s) {
            for (Node c : s.nodes()) executionOrder(c, out);
        } else {
            out.add(n);
        }
    }

    // ---- totals --------------------------------------------------------------------------

    static long circuitParams(Node n) {
        if (n instanceof Node.QuantumStage q) return q.circuitParams();
        if (n instanceof Node.Quanvolution q) return q.params();
        if (n instanceof Node.Sequence s) return s.nodes().stream().mapToLong(NetworkBuilder::circuitParams).sum();
        if (n instanceof Node.Residual r) return circuitParams(r.branch()) + (r.shortcut() == null ? 0 : circuitParams(r.shortcut()));
        return 0;
    }

    static int maxQubits(Node n) {
        if (n instanceof Node.QuantumStage q) return q.qubits();
        if (n instanceof Node.Quanvolution q) return q.qubits();
        if (n instanceof Node.Sequence s) return s.nodes().stream().mapToInt(NetworkBuilder::maxQubits).max().orElse(0);
        if (n instanceof Node.Residual r) return Math.max(maxQubits(r.branch()), r.shortcut() == null ? 0 : maxQubits(r.shortcut()));
        return 0;
    }

}
