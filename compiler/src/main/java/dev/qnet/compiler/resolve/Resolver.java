package dev.qnet.compiler.resolve;

import dev.qnet.compiler.ast.Argument;
import dev.qnet.compiler.ast.Decl;
import dev.qnet.compiler.ast.GateStmt;
import dev.qnet.compiler.ast.Ident;
import dev.qnet.compiler.ast.Invocation;
import dev.qnet.compiler.ast.LayerStmt;
import dev.qnet.compiler.ast.Module;
import dev.qnet.compiler.ast.Param;
import dev.qnet.compiler.ast.QuantumStmt;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.diag.Suggestions;
import dev.qnet.compiler.ir.Angle;
import dev.qnet.compiler.ir.CircuitIr;
import dev.qnet.compiler.ir.GateIr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Name resolution and the checks that need no shapes: duplicate names, unknown layers, blocks,
 * circuits, networks and datasets (with did-you-mean hints), argument names of every call,
 * recursive blocks, constants, and circuits (gates, qubits, parameter arrays, affine angles).
 * Builtin layers live in the same namespace as user declarations.
 */
public final class Resolver {
    private final Diagnostics diagnostics;
    private final Map<String, Decl> symbols = new LinkedHashMap<>();
    private final Map<String, Value> constants = new HashMap<>();
    private final Evaluator evaluator = new Evaluator(constants);

    public Resolver(Diagnostics diagnostics) { this.diagnostics = diagnostics; }

    public ResolvedProgram resolve(List<Module> modules) {
        Module main = modules.get(modules.size() - 1);
        for (Module m : modules) {
            for (Decl d : m.declarations()) declare(d);
        }
        for (Module m : modules) {
            for (Decl d : m.declarations()) {
                if (d instanceof Decl.Const c && symbols.get(c.name().name()) == c) constant(c);
            }
        }
        Map<String, CircuitIr> circuits = new LinkedHashMap<>();
        List<Decl.Network> networks = new ArrayList<>();
        List<Decl.Dataset> datasets = new ArrayList<>();
        for (Decl d : symbols.values()) {
            try {
                if (d instanceof Decl.Circuit c) {
                    CircuitIr ir = circuit(c);
                    if (ir != null) circuits.put(c.name().name(), ir);
                } else if (d instanceof Decl.Block b) {
                    body(b.body(), false, "block '" + b.name().name() + "'");
                } else if (d instanceof Decl.Network n) {
                    networkBody(n);
                    networks.add(n);
                } else if (d instanceof Decl.Dataset ds) {
                    dataset(ds);
                    datasets.add(ds);
                }
            } catch (CheckError e) {
                e.report(diagnostics);
            }
        }
        checkRecursion();
        List<Decl.Train> trains = new ArrayList<>();
        for (Decl d : main.declarations()) {
            if (d instanceof Decl.Train t) {
                train(t);
                trains.add(t);
            }
        }
        return new ResolvedProgram(Map.copyOf(symbols), Map.copyOf(constants), circuits, networks, datasets, trains);
    }

    private static Ident nameOf(Decl d) {
        if (d instanceof Decl.Const c) return c.name();
        if (d instanceof Decl.Dataset c) return c.name();
        if (d instanceof Decl.Block c) return c.name();
        if (d instanceof Decl.Circuit c) return c.name();
        if (d instanceof Decl.Network c) return c.name();
        return null;
    }

    private void declare(Decl d) {
        Ident name = nameOf(d);
        if (name == null) return;
        if (Builtins.LAYERS.containsKey(name.name()) && (d instanceof Decl.Block || d instanceof Decl.Network)) {
            diagnostics.error("qnet.name.duplicate", name.span(), "'" + name.name() + "' is a builtin layer; choose another name");
            return;
        }
        Decl previous = symbols.get(name.name());
        if (previous != null) {
            diagnostics.error("qnet.name.duplicate", name.span(), "duplicate name '" + name.name() + "'",
                    "first declared at " + nameOf(previous).span());
            return;
        }
        symbols.put(name.name(), d);
    }

    private void constant(Decl.Const c) {
        try {
            Value v = evaluator.eval(c.value(), Map.of());
            if (v instanceof Value.Sym s) throw evaluator.notANumber(v, c.value(), Map.of(), Map.of());
            constants.put(c.name().name(), v);
        } catch (CheckError e) {
            e.report(diagnostics);
        }
    }

    // ---- networks and blocks -------------------------------------------------------------

    private void networkBody(Decl.Network n) {
        checkParams(n.params());
        for (Param p : n.params()) {
            // Parameters are written like defaults of blocks; nothing else to check here.
            if (p.defaultValue() != null) safeEval(p.defaultValue());
        }
        List<LayerStmt> body = n.body();
        if (body.isEmpty() || !(body.get(0) instanceof LayerStmt.Input)) {
            diagnostics.error("qnet.network.input", n.name().span(), "network '" + n.name().name()
                    + "' must start with its input shape", "write e.g. 'input [1, 28, 28]' as the first statement");
        }
        body(body, true, "network '" + n.name().name() + "'");
    }

    private void safeEval(dev.qnet.compiler.ast.Expr e) {
        try {
            evaluator.eval(e, Map.of());
        } catch (CheckError err) {
            err.report(diagnostics);
        }
    }

    private void checkParams(List<Param> params) {
        Set<String> seen = new HashSet<>();
        for (Param p : params) {
            if (!seen.add(p.name().name())) {
                diagnostics.error("qnet.name.duplicate", p.name().span(), "duplicate parameter '" + p.name().name() + "'");
            }
        }
    }

    private void body(List<LayerStmt> body, boolean topOfNetwork, String owner) {
        for (int i = 0; i < body.size(); i++) {
            LayerStmt s = body.get(i);
            if (s instanceof LayerStmt.Input in) {
                if (!topOfNetwork || i != 0) {
                    diagnostics.error("qnet.network.input", in.span(), "'input' may only be the first statement of a network");
                }
            } else if (s instanceof LayerStmt.Repeat r) {
                body(r.body(), false, owner);
            } else if (s instanceof LayerStmt.Residual r) {
                body(r.branch(), false, owner);
                if (r.shortcut() != null) body(r.shortcut(), false, owner);
            } else if (s instanceof LayerStmt.Quantum q) {
                quantum(q);
            } else if (s instanceof LayerStmt.Call c) {
                call(c.invocation());
            }
        }
    }

    private void call(Invocation inv) {
        String name = inv.name().name();
        Builtins.Signature sig = Builtins.LAYERS.get(name);
        if (sig != null) {
            ArgumentBinder.bind("'" + name + "'", inv.name().span(), sig.names(), sig.requiredNames(), inv.arguments(), diagnostics);
            return;
        }
        Decl d = symbols.get(name);
        if (d instanceof Decl.Block b) {
            bindBlock(b, inv);
            return;
        }
        if (d != null) {
            String kind = kindOf(d);
            diagnostics.error("qnet.name.kind", inv.name().span(), "'" + name + "' is a " + kind + ", not a layer or block");
            return;
        }
        Set<String> candidates = new LinkedHashSet<>(Builtins.LAYERS.keySet());
        symbols.forEach((k, v) -> { if (v instanceof Decl.Block) candidates.add(k); });
        diagnostics.error("qnet.name.unknown", inv.name().span(), "unknown layer or block '" + name + "'",
                Suggestions.didYouMean(name, candidates));
    }

    static String kindOf(Decl d) {
        if (d instanceof Decl.Network) return "network";
        if (d instanceof Decl.Circuit) return "circuit";
        if (d instanceof Decl.Dataset) return "dataset";
        if (d instanceof Decl.Const) return "constant";
        if (d instanceof Decl.Block) return "block";
        return "declaration";
    }

    static List<String> paramNames(List<Param> params) { return params.stream().map(p -> p.name().name()).toList(); }

    static Set<String> requiredParams(List<Param> params) {
        Set<String> r = new HashSet<>();
        for (Param p : params) if (p.defaultValue() == null) r.add(p.name().name());
        return r;
    }

    private void bindBlock(Decl.Block b, Invocation inv) {
        ArgumentBinder.bind("block '" + b.name().name() + "'", inv.name().span(), paramNames(b.params()),
                requiredParams(b.params()), inv.arguments(), diagnostics);
    }

    private void quantum(LayerStmt.Quantum q) {
        ArgumentBinder.bind("'quantum'", q.span(), List.of("qubits", "params"), Set.of("qubits"), q.arguments(), diagnostics);
        for (QuantumStmt s : q.body()) {
            if (s instanceof QuantumStmt.Encode e) {
                String kind = e.encoding().name().name();
                if (!Builtins.ENCODINGS.contains(kind)) {
                    diagnostics.error("qnet.quantum.encoding", e.encoding().name().span(), "unknown encoding '" + kind + "'",
                            hintOr(kind, Builtins.ENCODINGS));
                } else {
                    List<String> params = kind.equals("amplitude") ? List.of() : kind.equals("angle")
                            ? List.of("axis", "reupload") : List.of("reupload");
                    ArgumentBinder.bind("encoding '" + kind + "'", e.encoding().name().span(), params, Set.of(),
                            e.encoding().arguments(), diagnostics);
                }
            } else if (s instanceof QuantumStmt.QConv c) {
                circuitRef(c.circuit());
            } else if (s instanceof QuantumStmt.QPool p) {
                circuitRef(p.circuit());
            } else if (s instanceof QuantumStmt.Measure m) {
                if (!Builtins.MEASUREMENTS.contains(m.kind().name())) {
                    diagnostics.error("qnet.quantum.measure", m.kind().span(), "unknown measurement '" + m.kind().name() + "'",
                            hintOr(m.kind().name(), Builtins.MEASUREMENTS));
                }
            } else if (s instanceof QuantumStmt.Gate g) {
                gateName(g.gate());
            }
        }
    }

    private static String hintOr(String name, Set<String> choices) {
        String h = Suggestions.didYouMean(name, choices);
        return h != null ? h : "expected one of: " + String.join(", ", new java.util.TreeSet<>(choices));
    }

    private void circuitRef(Invocation inv) {
        String name = inv.name().name();
        Decl d = symbols.get(name);
        if (!(d instanceof Decl.Circuit c)) {
            if (d != null) {
                diagnostics.error("qnet.name.kind", inv.name().span(), "'" + name + "' is a " + kindOf(d) + ", not a circuit");
            } else {
                Set<String> circuits = new LinkedHashSet<>();
                symbols.forEach((k, v) -> { if (v instanceof Decl.Circuit) circuits.add(k); });
                diagnostics.error("qnet.name.unknown", inv.name().span(), "unknown circuit '" + name + "'",
                        Suggestions.didYouMean(name, circuits));
            }
            return;
        }
        if (c.qubits().size() != 2) {
            diagnostics.error("qnet.quantum.arity", inv.name().span(), "qconv and qpool need a circuit of 2 qubits; '"
                    + name + "' takes " + c.qubits().size());
        }
        ArgumentBinder.bind("'" + name + "'", inv.name().span(), List.of("shared"), Set.of(), inv.arguments(), diagnostics);
    }

    private Builtins.GateSpec gateName(GateStmt g) {
        Builtins.GateSpec spec = Builtins.GATES.get(g.gate().name());
        if (spec == null) {
            diagnostics.error("qnet.gate.unknown", g.gate().span(), "unknown gate '" + g.gate().name() + "'",
                    Suggestions.didYouMean(g.gate().name(), Builtins.GATES.keySet()));
            return null;
        }
        if (spec.angles() != g.angles().size()) {
            diagnostics.error("qnet.gate.angles", g.gate().span(), "gate '" + g.gate().name() + "' takes " + spec.angles()
                    + (spec.angles() == 1 ? " angle" : " angles") + ", found " + g.angles().size());
            return null;
        }
        int n = g.qubits().size();
        if (spec.qubits() > 0 ? spec.qubits() != n : n < 2) {
            diagnostics.error("qnet.gate.qubits", g.gate().span(), "gate '" + g.gate().name() + "' acts on "
                    + (spec.qubits() > 0 ? spec.qubits() + (spec.qubits() == 1 ? " qubit" : " qubits") : "at least 2 qubits")
                    + ", found " + n);
            return null;
        }
        return spec;
    }

    // ---- recursion -----------------------------------------------------------------------

    private void checkRecursion() {
        Map<String, List<Invocation>> calls = new LinkedHashMap<>();
        for (Decl d : symbols.values()) {
            if (d instanceof Decl.Block b) {
                List<Invocation> list = new ArrayList<>();
                collectCalls(b.body(), list);
                calls.put(b.name().name(), list);
            }
        }
        Set<String> done = new HashSet<>();
        for (String start : calls.keySet()) findCycle(start, calls, new ArrayList<>(), done);
    }

    private void findCycle(String block, Map<String, List<Invocation>> calls, List<String> path, Set<String> done) {
        if (done.contains(block)) return;
        path.add(block);
        for (Invocation inv : calls.get(block)) {
            String callee = inv.name().name();
            if (!calls.containsKey(callee)) continue;
            int at = path.indexOf(callee);
            if (at >= 0) {
                List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
                cycle.add(callee);
                diagnostics.error("qnet.block.recursive", inv.name().span(), "block '" + block + "' is recursive: "
                        + String.join(" -> ", cycle), "blocks are inlined, so a block cannot use itself; use 'repeat'");
            } else {
                findCycle(callee, calls, path, done);
            }
        }
        path.remove(path.size() - 1);
        done.add(block);
    }

    private static void collectCalls(List<LayerStmt> body, List<Invocation> out) {
        for (LayerStmt s : body) {
            if (s instanceof LayerStmt.Call c) out.add(c.invocation());
            else if (s instanceof LayerStmt.Repeat r) collectCalls(r.body(), out);
            else if (s instanceof LayerStmt.Residual r) {
                collectCalls(r.branch(), out);
                if (r.shortcut() != null) collectCalls(r.shortcut(), out);
            }
        }
    }

    // ---- circuits ------------------------------------------------------------------------

    private CircuitIr circuit(Decl.Circuit c) {
        int errors = diagnostics.errorCount();
        Map<String, Integer> qubits = new LinkedHashMap<>();
        for (Ident q : c.qubits()) {
            if (qubits.containsKey(q.name())) {
                diagnostics.error("qnet.name.duplicate", q.span(), "duplicate qubit '" + q.name() + "'");
            }
            qubits.put(q.name(), qubits.size());
        }
        Map<String, Evaluator.ParamArrayScope> arrays = new LinkedHashMap<>();
        List<CircuitIr.ParamArray> arrayList = new ArrayList<>();
        int offset = 0;
        for (Decl.CircuitParam p : c.params()) {
            int size = 1;
            if (p.size() != null) {
                try {
                    long n = evaluator.integer(evaluator.eval(p.size(), Map.of()), p.size(), "an array size", Map.of(), Map.of());
                    if (n <= 0 || n > 100_000) {
                        diagnostics.error("qnet.circuit.param.size", p.size().span(), "parameter array '" + p.name().name()
                                + "' must have a size between 1 and 100000, found " + n);
                        continue;
                    }
                    size = (int) n;
                } catch (CheckError e) {
                    e.report(diagnostics);
                    continue;
                }
            }
            if (arrays.containsKey(p.name().name()) || qubits.containsKey(p.name().name())) {
                diagnostics.error("qnet.name.duplicate", p.name().span(), "duplicate name '" + p.name().name() + "' in circuit");
                continue;
            }
            arrays.put(p.name().name(), new Evaluator.ParamArrayScope(offset, size));
            arrayList.add(new CircuitIr.ParamArray(p.name().name(), size, offset));
            offset += size;
        }
        List<GateIr> gates = new ArrayList<>();
        for (GateStmt g : c.body()) {
            Builtins.GateSpec spec = gateName(g);
            if (spec == null) continue;
            try {
                int[] q = new int[g.qubits().size()];
                for (int i = 0; i < q.length; i++) {
                    GateStmt.QubitRef ref = g.qubits().get(i);
                    Integer index = qubits.get(ref.name().name());
                    if (index == null || ref.index() != null) {
                        throw new CheckError("qnet.circuit.qubit", ref.span(), "unknown qubit '" + ref.name().name()
                                + "' in circuit '" + c.name().name() + "'", Suggestions.didYouMean(ref.name().name(), qubits.keySet()));
                    }
                    for (int j = 0; j < i; j++) {
                        if (q[j] == index) {
                            throw new CheckError("qnet.gate.duplicate-qubit", ref.span(), "qubit '" + ref.name().name()
                                    + "' is used twice in one '" + g.gate().name() + "' gate");
                        }
                    }
                    q[i] = index;
                }
                gates.add(new GateIr(spec.canonical(), q, angles(g, Map.of(), arrays)));
            } catch (CheckError e) {
                e.report(diagnostics);
            }
        }
        if (diagnostics.errorCount() > errors) return null;
        return new CircuitIr(c.name().name(), qubits.size(), arrayList, offset, gates, c.name().span());
    }

    /** Evaluates gate angles into affine form (shared with quantum stages). */
    List<Angle> angles(GateStmt g, Map<String, Value> locals, Map<String, Evaluator.ParamArrayScope> arrays) {
        return anglesOf(evaluator, g, locals, arrays);
    }

    public static List<Angle> anglesOf(Evaluator evaluator, GateStmt g, Map<String, Value> locals,
                                       Map<String, Evaluator.ParamArrayScope> arrays) {
        List<Angle> out = new ArrayList<>();
        for (dev.qnet.compiler.ast.Expr e : g.angles()) {
            Value v = evaluator.eval(e, locals, arrays);
            if (v instanceof Value.Affine a) {
                out.add(a.scale() == 0 ? Angle.constant(a.offset()) : new Angle(a.offset(), a.index(), a.scale()));
            } else {
                out.add(Angle.constant(evaluator.numeric(v, e, locals, arrays).value()));
            }
        }
        return out;
    }

    // ---- datasets and train sections ---------------------------------------------------------

    private void dataset(Decl.Dataset ds) {
        Invocation src = ds.source();
        String kind = src.name().name();
        if (!Builtins.DATASET_SOURCES.contains(kind)) {
            diagnostics.error("qnet.dataset.source", src.name().span(), "unknown dataset source '" + kind + "'",
                    hintOr(kind, Builtins.DATASET_SOURCES));
        } else {
            List<String> params = kind.equals("folder") ? List.of("path", "size", "channels", "split")
                    : List.of("name", "size");
            Set<String> required = kind.equals("medmnist") || kind.equals("folder") ? Set.of(params.get(0)) : Set.of();
            ArgumentBinder.bind("'" + kind + "'", src.name().span(), params, required, src.arguments(), diagnostics);
        }
        for (Invocation step : ds.preprocessing()) {
            String name = step.name().name();
            if (!Builtins.PREPROCESSING.contains(name)) {
                diagnostics.error("qnet.dataset.preprocess", step.name().span(), "unknown preprocessing step '" + name + "'",
                        hintOr(name, Builtins.PREPROCESSING));
                continue;
            }
            List<String> params = name.equals("resize") ? List.of("size") : List.of();
            ArgumentBinder.bind("'" + name + "'", step.name().span(), params, Set.copyOf(params), step.arguments(), diagnostics);
        }
    }

    private void train(Decl.Train t) {
        Decl net = symbols.get(t.network().name());
        if (!(net instanceof Decl.Network n)) {
            Set<String> names = new LinkedHashSet<>();
            symbols.forEach((k, v) -> { if (v instanceof Decl.Network) names.add(k); });
            if (net != null) {
                diagnostics.error("qnet.name.kind", t.network().span(), "'" + t.network().name() + "' is a " + kindOf(net)
                        + ", not a network");
            } else {
                diagnostics.error("qnet.name.unknown", t.network().span(), "unknown network '" + t.network().name() + "'",
                        Suggestions.didYouMean(t.network().name(), names));
            }
        } else {
            ArgumentBinder.bind("network '" + n.name().name() + "'", t.network().span(), paramNames(n.params()),
                    requiredParams(n.params()), t.arguments(), diagnostics);
        }
        Decl data = symbols.get(t.dataset().name());
        if (!(data instanceof Decl.Dataset)) {
            Set<String> names = new LinkedHashSet<>();
            symbols.forEach((k, v) -> { if (v instanceof Decl.Dataset) names.add(k); });
            if (data != null) {
                diagnostics.error("qnet.name.kind", t.dataset().span(), "'" + t.dataset().name() + "' is a " + kindOf(data)
                        + ", not a dataset");
            } else {
                diagnostics.error("qnet.name.unknown", t.dataset().span(), "unknown dataset '" + t.dataset().name() + "'",
                        Suggestions.didYouMean(t.dataset().name(), names));
            }
        }
    }

}
