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
import dev.qnet.compiler.ast.TrainSetting;
import dev.qnet.compiler.builtin.Builtins;
import dev.qnet.compiler.builtin.Form;
import dev.qnet.compiler.builtin.Signature;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.diag.Suggestions;
import dev.qnet.core.Encoding;
import dev.qnet.core.Gate;
import dev.qnet.core.Keyword;
import dev.qnet.core.Measurement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Name resolution and the checks that need no values: duplicate names, unknown layers, blocks,
 * circuits, networks, datasets, encodings, measurements and gates (with did-you-mean hints),
 * recursive blocks, constants. It binds the arguments of every call-like form to its signature
 * ({@link Builtins} for builtins, the declaration for blocks and networks) once, into
 * {@link Bindings}; later phases read those bindings. Builtin layers live in the same namespace
 * as user declarations. The keyword choices of train settings (optimizer, schedule,
 * augmentation and metric names) are checked with the other settings by the checker, so one
 * run reports every problem of a train section; their arguments are bound here when the name
 * is known.
 */
public final class Resolver {
    private final Diagnostics diagnostics;
    private final Map<String, Decl> symbols = new LinkedHashMap<>();
    private final Map<String, Value> constants = new HashMap<>();
    private final Evaluator evaluator = new Evaluator(constants);
    private final Bindings bindings = new Bindings();

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
        List<Decl.Circuit> circuits = new ArrayList<>();
        List<Decl.Network> networks = new ArrayList<>();
        List<Decl.Dataset> datasets = new ArrayList<>();
        for (Decl d : symbols.values()) {
            try {
                if (d instanceof Decl.Circuit c) {
                    circuits.add(c); // checked by CircuitChecker in the same phase
                } else if (d instanceof Decl.Block b) {
                    body(b.body(), false, "block '" + b.name().name() + "'");
                } else if (d instanceof Decl.Network n) {
                    networkBody(n);
                    networks.add(n);
                } else if (d instanceof Decl.Dataset ds) {
                    dataset(ds);
                    datasets.add(ds);
                } else if (d instanceof Decl.Noise n) {
                    noise(n);
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
        return new ResolvedProgram(Map.copyOf(symbols), Map.copyOf(constants), circuits, networks, datasets, trains, bindings);
    }

    private static Ident nameOf(Decl d) {
        if (d instanceof Decl.Const c) return c.name();
        if (d instanceof Decl.Dataset c) return c.name();
        if (d instanceof Decl.Block c) return c.name();
        if (d instanceof Decl.Circuit c) return c.name();
        if (d instanceof Decl.Network c) return c.name();
        if (d instanceof Decl.Noise c) return c.name();
        return null;
    }

    private void declare(Decl d) {
        Ident name = nameOf(d);
        if (name == null) return;
        if (Builtins.lookup(Form.LAYER, name.name()).isPresent() && (d instanceof Decl.Block || d instanceof Decl.Network)) {
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
        Signature sig = Builtins.lookup(Form.LAYER, name).orElse(null);
        if (sig != null) {
            bind(inv, sig, inv.name().span(), inv.arguments());
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
        Set<String> candidates = new LinkedHashSet<>(Builtins.names(Form.LAYER));
        symbols.forEach((k, v) -> { if (v instanceof Decl.Block) candidates.add(k); });
        diagnostics.error("qnet.name.unknown", inv.name().span(), "unknown layer or block '" + name + "'",
                Suggestions.didYouMean(name, candidates));
    }

    /** Binds a builtin call and records the result; false when it had errors (all reported). */
    private boolean bind(Object node, Signature sig, dev.qnet.compiler.source.Span at, List<Argument> arguments) {
        return record(node, ArgumentBinder.bind(sig.call(), at, sig.names(), sig.requiredNames(), arguments, diagnostics));
    }

    private boolean record(Object node, Map<String, dev.qnet.compiler.ast.Expr> bound) {
        if (bound == null) return false;
        bindings.put(node, bound);
        return true;
    }

    /** How messages name a declaration's kind: "network", "circuit", ... */
    public static String kindOf(Decl d) {
        if (d instanceof Decl.Network) return "network";
        if (d instanceof Decl.Circuit) return "circuit";
        if (d instanceof Decl.Dataset) return "dataset";
        if (d instanceof Decl.Const) return "constant";
        if (d instanceof Decl.Block) return "block";
        if (d instanceof Decl.Noise) return "noise model";
        return "declaration";
    }

    static List<String> paramNames(List<Param> params) { return params.stream().map(p -> p.name().name()).toList(); }

    static Set<String> requiredParams(List<Param> params) {
        Set<String> r = new HashSet<>();
        for (Param p : params) if (p.defaultValue() == null) r.add(p.name().name());
        return r;
    }

    private void bindBlock(Decl.Block b, Invocation inv) {
        record(inv, ArgumentBinder.bind("block '" + b.name().name() + "'", inv.name().span(), paramNames(b.params()),
                requiredParams(b.params()), inv.arguments(), diagnostics));
    }

    private void quantum(LayerStmt.Quantum q) {
        bind(q, Builtins.lookup(Form.QUANTUM, "quantum").orElseThrow(), q.span(), q.arguments());
        for (QuantumStmt s : q.body()) {
            if (s instanceof QuantumStmt.Encode e) {
                String kind = e.encoding().name().name();
                Signature sig = Builtins.lookup(Form.ENCODING, kind).orElse(null);
                if (sig == null) {
                    diagnostics.error("qnet.quantum.encoding", e.encoding().name().span(), "unknown encoding '" + kind + "'",
                            hintOr(kind, Keyword.keywords(Encoding.values())));
                } else {
                    bind(e.encoding(), sig, e.encoding().name().span(), e.encoding().arguments());
                }
            } else if (s instanceof QuantumStmt.QConv c) {
                circuitRef(c.circuit());
            } else if (s instanceof QuantumStmt.QPool p) {
                circuitRef(p.circuit());
            } else if (s instanceof QuantumStmt.Measure m) {
                if (Keyword.lookup(Measurement.values(), m.kind().name()).isEmpty()) {
                    diagnostics.error("qnet.quantum.measure", m.kind().span(), "unknown measurement '" + m.kind().name() + "'",
                            hintOr(m.kind().name(), Keyword.keywords(Measurement.values())));
                }
            } else if (s instanceof QuantumStmt.Gate g) {
                gateName(g.gate());
            }
        }
    }

    private static String hintOr(String name, java.util.Collection<String> choices) {
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
        Signature use = Builtins.lookup(Form.CIRCUIT_USE, "circuit").orElseThrow();
        record(inv, ArgumentBinder.bind("'" + name + "'", inv.name().span(), use.names(), use.requiredNames(), inv.arguments(),
                diagnostics));
    }

    /** The gate of a gate statement, checked for its angle and qubit counts; null after reporting a problem. */
    public static Gate gateName(GateStmt g, Diagnostics diagnostics) {
        Gate gate = Keyword.lookup(Gate.values(), g.gate().name()).orElse(null);
        if (gate == null) {
            diagnostics.error("qnet.gate.unknown", g.gate().span(), "unknown gate '" + g.gate().name() + "'",
                    Suggestions.didYouMean(g.gate().name(), Keyword.spellings(Gate.values())));
            return null;
        }
        if (gate.angles() != g.angles().size()) {
            diagnostics.error("qnet.gate.angles", g.gate().span(), "gate '" + g.gate().name() + "' takes " + gate.angles()
                    + (gate.angles() == 1 ? " angle" : " angles") + ", found " + g.angles().size());
            return null;
        }
        int n = g.qubits().size();
        if (!gate.acceptsQubits(n)) {
            diagnostics.error("qnet.gate.qubits", g.gate().span(), "gate '" + g.gate().name() + "' acts on "
                    + (gate.qubits() > 0 ? gate.qubits() + (gate.qubits() == 1 ? " qubit" : " qubits") : "at least 2 qubits")
                    + ", found " + n);
            return null;
        }
        return gate;
    }

    private Gate gateName(GateStmt g) {
        return gateName(g, diagnostics);
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

    // ---- datasets and train sections ---------------------------------------------------------

    private void dataset(Decl.Dataset ds) {
        Invocation src = ds.source();
        String kind = src.name().name();
        Signature sig = Builtins.lookup(Form.DATASET, kind).orElse(null);
        if (sig == null) {
            diagnostics.error("qnet.dataset.source", src.name().span(), "unknown dataset source '" + kind + "'",
                    hintOr(kind, Builtins.names(Form.DATASET)));
        } else {
            bind(src, sig, src.name().span(), src.arguments());
        }
        for (Invocation step : ds.preprocessing()) {
            String name = step.name().name();
            Signature pre = Builtins.lookup(Form.PREPROCESS, name).orElse(null);
            if (pre == null) {
                diagnostics.error("qnet.dataset.preprocess", step.name().span(), "unknown preprocessing step '" + name + "'",
                        hintOr(name, Builtins.names(Form.PREPROCESS)));
                continue;
            }
            bind(step, pre, step.name().span(), step.arguments());
        }
    }

    private void train(Decl.Train t) {
        Decl net = declared(t.network(), Decl.Network.class, "network");
        if (net instanceof Decl.Network n) {
            record(t, ArgumentBinder.bind("network '" + n.name().name() + "'", t.network().span(), paramNames(n.params()),
                    requiredParams(n.params()), t.arguments(), diagnostics));
        }
        for (TrainSetting setting : t.settings()) settingArguments(setting);
        declared(t.dataset(), Decl.Dataset.class, "dataset");
    }

    /** The declaration {@code name} refers to if it is a {@code kind}; otherwise reports why not and returns null. */
    private Decl declared(Ident name, Class<? extends Decl> kind, String what) {
        Decl d = symbols.get(name.name());
        if (kind.isInstance(d)) return d;
        if (d != null) {
            diagnostics.error("qnet.name.kind", name.span(), "'" + name.name() + "' is a " + kindOf(d) + ", not a " + what);
        } else {
            Set<String> names = new LinkedHashSet<>();
            symbols.forEach((k, v) -> { if (kind.isInstance(v)) names.add(k); });
            diagnostics.error("qnet.name.unknown", name.span(), "unknown " + what + " '" + name.name() + "'",
                    Suggestions.didYouMean(name.name(), names));
        }
        return null;
    }

    /** Binds the arguments of a setting's call when its name is known (the checker reports unknown names). */
    private void settingArguments(TrainSetting setting) {
        if (setting instanceof TrainSetting.Optimizer o) {
            bindKnown(Form.OPTIMIZER, o.optimizer());
        } else if (setting instanceof TrainSetting.Schedule sc) {
            bindKnown(Form.SCHEDULE, sc.schedule());
        } else if (setting instanceof TrainSetting.Augment a) {
            for (Invocation step : a.steps()) bindKnown(Form.AUGMENTATION, step);
        } else if (setting instanceof TrainSetting.EarlyStop e) {
            bind(e, Builtins.lookup(Form.EARLY_STOP, "early_stop").orElseThrow(), e.span(), e.arguments());
        }
    }

    /** The channels of a noise model: known names (did-you-mean otherwise) and their arguments. */
    private void noise(Decl.Noise n) {
        if (n.name().name().equals(dev.qnet.core.SettingType.NO_NOISE)) {
            diagnostics.error("qnet.name.duplicate", n.name().span(), "'none' means no noise; choose another name");
        }
        for (dev.qnet.compiler.ast.NoiseStmt r : n.rules()) {
            String name = r.call().name().name();
            Signature sig = Builtins.lookup(Form.NOISE, name).orElse(null);
            if (sig == null) {
                diagnostics.error("qnet.noise.channel", r.call().name().span(), "unknown noise channel '" + name + "'",
                        hintOr(name, Builtins.names(Form.NOISE)));
                continue;
            }
            bind(r.call(), sig, r.call().name().span(), r.call().arguments());
        }
    }

    private void bindKnown(Form form, Invocation inv) {
        Builtins.lookup(form, inv.name().name()).ifPresent(sig -> bind(inv, sig, inv.name().span(), inv.arguments()));
    }
}
