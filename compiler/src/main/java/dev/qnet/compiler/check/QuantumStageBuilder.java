package dev.qnet.compiler.check;

import dev.qnet.compiler.ast.Expr;
import dev.qnet.compiler.ast.GateStmt;
import dev.qnet.compiler.ast.Invocation;
import dev.qnet.compiler.ast.LayerStmt;
import dev.qnet.compiler.ast.QuantumStmt;
import dev.qnet.compiler.builtin.Arguments;
import dev.qnet.compiler.builtin.Builtins;
import dev.qnet.compiler.builtin.Form;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.ir.CircuitIr;
import dev.qnet.compiler.ir.GateIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.QuantumOp;
import dev.qnet.compiler.ir.Shape;
import dev.qnet.compiler.resolve.Bindings;
import dev.qnet.compiler.resolve.CheckError;
import dev.qnet.compiler.resolve.Evaluator;
import dev.qnet.compiler.resolve.Value;
import dev.qnet.compiler.source.Span;
import dev.qnet.core.Axis;
import dev.qnet.core.Encoding;
import dev.qnet.core.Gate;
import dev.qnet.core.Keyword;
import dev.qnet.core.Limits;
import dev.qnet.core.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a quantum stage and computes its active-qubit bookkeeping (Cong et al. QCNN):
 * qconv on pairs (A0,A1),(A2,A3),... then (A1,A2),(A3,A4),...,(A[n-1],A0) (wrap only for n > 2);
 * qpool on (A[i], A[i + n/2]) for i < n/2, then the first n/2 active qubits are dropped.
 */
final class QuantumStageBuilder {
    private final Bindings bindings;
    private final Map<String, CircuitIr> circuits;
    private final Evaluator evaluator;
    private final Diagnostics diagnostics;

    QuantumStageBuilder(Bindings bindings, Map<String, CircuitIr> circuits, Evaluator evaluator, Diagnostics diagnostics) {
        this.bindings = bindings;
        this.circuits = circuits;
        this.evaluator = evaluator;
        this.diagnostics = diagnostics;
    }

    private Arguments arguments(Form form, String name, Object node, Map<String, Value> scope) {
        Map<String, Expr> bound = bindings.of(node);
        if (bound == null) throw CheckError.alreadyReported();
        return new Arguments(Builtins.lookup(form, name).orElseThrow(), bound, evaluator, scope);
    }

    Node build(String path, LayerStmt.Quantum q, Shape in, Map<String, Value> scope, ExecutionChecker.Defaults defaults,
               Map<String, dev.qnet.compiler.ir.NoiseIr> noiseModels) {
        Arguments args = arguments(Form.QUANTUM, "quantum", q, scope);
        long n = args.whole("qubits");
        Span qubitsAt = args.span("qubits", q.span());
        if (n < 1) throw new CheckError("qnet.quantum.qubits", qubitsAt, "a quantum stage needs at least 1 qubit, found " + n);
        if (n > Limits.MAX_QUBITS) {
            throw new CheckError("qnet.quantum.qubits", qubitsAt, n + " qubits exceed the simulator limit of "
                    + Limits.MAX_QUBITS + ": one state alone would need " + bytes(n) + " (2^" + n + " amplitudes x 16 bytes)");
        }
        int qubits = (int) n;
        long v = args.whole("params");
        if (v < 0 || v > 100_000) throw new CheckError("qnet.args.range", args.span("params", q.span()), "'params' must be between 0 and 100000");
        int stageParams = (int) v;
        if (in != null && !in.isVector()) {
            throw new CheckError("qnet.shape.rank", q.span(), "a quantum stage needs a vector input [F], found " + in,
                    "insert 'flatten' and 'dense(" + qubits + ")' before it");
        }
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < qubits; i++) active.add(i);
        List<QuantumOp> ops = new ArrayList<>();
        int paramCount = stageParams;
        Shape out = null;
        boolean encoded = false;
        boolean failed = false;
        Map<String, Evaluator.ParamArrayScope> stageArrays = stageParams > 0
                ? Map.of("t", new Evaluator.ParamArrayScope(0, stageParams)) : Map.of();
        for (QuantumStmt s : q.body()) {
            try {
                if (out != null) throw new CheckError("qnet.quantum.order", s.span(), "nothing may follow 'measure' in a quantum stage");
                if (s instanceof QuantumStmt.Encode e) {
                    if (encoded) throw new CheckError("qnet.quantum.order", s.span(), "a quantum stage encodes its input only once");
                    if (!ops.isEmpty()) throw new CheckError("qnet.quantum.order", s.span(), "'encode' must come first in a quantum stage");
                    encoded = true;
                    ops.add(encode(e.encoding(), qubits, in, scope));
                    continue;
                }
                if (!encoded) throw new CheckError("qnet.quantum.order", s.span(), "a quantum stage must start with 'encode'");
                if (s instanceof QuantumStmt.QConv c) {
                    CircuitIr circuit = circuit(c.circuit());
                    boolean shared = shared(c.circuit(), scope);
                    int[][] pairs = convPairs(active);
                    if (active.size() < 2) {
                        throw new CheckError("qnet.quantum.active", s.span(), "qconv needs at least 2 active qubits, found " + active.size());
                    }
                    int count = shared ? circuit.paramCount() : circuit.paramCount() * pairs.length;
                    ops.add(new QuantumOp.QConv(circuit, shared, pairs, paramCount, count));
                    paramCount += count;
                } else if (s instanceof QuantumStmt.QPool p) {
                    CircuitIr circuit = circuit(p.circuit());
                    boolean shared = shared(p.circuit(), scope);
                    if (active.size() < 2) {
                        throw new CheckError("qnet.quantum.active", s.span(), "qpool needs at least 2 active qubits, found " + active.size());
                    }
                    int half = active.size() / 2;
                    int[][] pairs = new int[half][];
                    for (int i = 0; i < half; i++) pairs[i] = new int[] {active.get(i), active.get(i + half)};
                    active = new ArrayList<>(active.subList(half, active.size()));
                    int count = shared ? circuit.paramCount() : circuit.paramCount() * pairs.length;
                    ops.add(new QuantumOp.QPool(circuit, shared, pairs, active.stream().mapToInt(Integer::intValue).toArray(),
                            paramCount, count));
                    paramCount += count;
                } else if (s instanceof QuantumStmt.Gate g) {
                    ops.add(new QuantumOp.GateOp(gate(g.gate(), qubits, scope, stageArrays)));
                } else if (s instanceof QuantumStmt.Measure m) {
                    int[] measured = active.stream().mapToInt(Integer::intValue).toArray();
                    Measurement kind = Keyword.lookup(Measurement.values(), m.kind().name()).orElseThrow();
                    ops.add(new QuantumOp.Measure(kind, measured));
                    out = switch (kind) {
                        case Z -> Shape.vector(measured.length);
                        case ZZ -> Shape.vector(1);
                        case PROBS -> {
                            if (measured.length > 20) {
                                throw new CheckError("qnet.quantum.measure", m.span(), "'measure probs' on " + measured.length
                                        + " qubits gives 2^" + measured.length + " outputs; measure at most 20 qubits");
                            }
                            yield Shape.vector(1 << measured.length);
                        }
                    };
                }
            } catch (CheckError e) {
                e.report(diagnostics);
                failed = true;
            }
        }
        if (failed) return null;
        if (out == null) {
            throw new CheckError("qnet.quantum.measure", q.span(), "a quantum stage must end with 'measure z', 'measure zz' or 'measure probs'");
        }
        if (!encoded) throw new CheckError("qnet.quantum.order", q.span(), "a quantum stage must start with 'encode'");
        checkReupload(ops, q);
        var execution = ExecutionChecker.check(args, q.span(), qubits, defaults, noiseModels);
        return new Node.QuantumStage(path, in, out, qubits, ops, paramCount, execution, q.span());
    }

    /** Re-uploading repeats the body between encode and measure; it must keep the active register. */
    private void checkReupload(List<QuantumOp> ops, LayerStmt.Quantum q) {
        if (!(ops.get(0) instanceof QuantumOp.Encode e) || e.reupload() == 1) return;
        List<QuantumOp> body = ops.subList(1, ops.size() - 1);
        if (body.stream().anyMatch(op -> op instanceof QuantumOp.QPool)) {
            throw new CheckError("qnet.quantum.reupload", q.body().get(0).span(), "re-uploading (reupload: " + e.reupload()
                    + ") repeats the stage body, which must not contain 'qpool': the active qubits would change between uploads",
                    "remove 'reupload', or move the pooling into a stage of its own");
        }
        if (body.isEmpty()) {
            diagnostics.warning("qnet.quantum.reupload", q.body().get(0).span(), "re-uploading (reupload: " + e.reupload()
                    + ") with no gates between the uploads only multiplies the encoded angles", "add trainable gates or a 'qconv' after 'encode'");
        }
    }

    static String bytes(long n) {
        double b = Math.pow(2, n) * 16;
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return (b == Math.rint(b) ? String.valueOf((long) b) : String.format("%.1f", b)) + " " + units[u];
    }

    static int[][] convPairs(List<Integer> active) {
        int n = active.size();
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < n; i += 2) pairs.add(new int[] {active.get(i), active.get(i + 1)});
        for (int i = 1; i + 1 < n; i += 2) pairs.add(new int[] {active.get(i), active.get(i + 1)});
        if (n > 2) {
            // Close the ring with (A[n-1], A[0]) unless the strides above already did (odd n ends on it).
            int[] wrap = {active.get(n - 1), active.get(0)};
            pairs.add(wrap);
        }
        return pairs.toArray(new int[0][]);
    }

    private QuantumOp encode(Invocation inv, int qubits, Shape in, Map<String, Value> scope) {
        Encoding kind = Keyword.lookup(Encoding.values(), inv.name().name()).orElseThrow();
        Arguments args = arguments(Form.ENCODING, kind.keyword(), inv, scope);
        Axis axis = null;
        if (kind == Encoding.ANGLE) {
            Value v = args.value("axis");
            axis = v instanceof Value.Sym s ? Keyword.lookup(Axis.values(), s.name()).orElse(null) : null;
            if (axis == null) {
                throw new CheckError("qnet.quantum.encoding", args.span("axis", inv.span()), "angle encoding axis must be rx, ry or rz, found " + v);
            }
        }
        int reupload = 1;
        if (kind != Encoding.AMPLITUDE) {
            long r = args.whole("reupload");
            if (r < 1 || r > 100) throw new CheckError("qnet.args.range", args.span("reupload", inv.span()), "'reupload' must be between 1 and 100, found " + r);
            reupload = (int) r;
        }
        if (in != null) {
            long features = in.size();
            long needed = kind == Encoding.AMPLITUDE ? 1L << qubits : qubits;
            if (features != needed) {
                String rule = kind == Encoding.AMPLITUDE ? "2^qubits = " + needed : "one per qubit: " + needed;
                throw new CheckError("qnet.quantum.encoding", inv.name().span(), kind.keyword() + " encoding of " + qubits + " qubits needs "
                        + rule + " features, but the input has " + features, "add 'dense(" + needed + ")' before the quantum stage");
            }
        }
        return new QuantumOp.Encode(kind, axis, reupload);
    }

    private CircuitIr circuit(Invocation inv) {
        CircuitIr c = circuits.get(inv.name().name());
        if (c == null) throw new CheckError("qnet.name.unknown", inv.name().span(), "unknown circuit '" + inv.name().name() + "'");
        if (c.qubitCount() != 2) {
            throw new CheckError("qnet.quantum.arity", inv.name().span(), "qconv and qpool need a circuit of 2 qubits");
        }
        return c;
    }

    private boolean shared(Invocation inv, Map<String, Value> scope) {
        return arguments(Form.CIRCUIT_USE, "circuit", inv, scope).bool("shared");
    }

    private GateIr gate(GateStmt g, int qubits, Map<String, Value> scope, Map<String, Evaluator.ParamArrayScope> arrays) {
        Gate gate = Keyword.lookup(Gate.values(), g.gate().name()).orElseThrow(); // the resolver checked the name
        int[] q = new int[g.qubits().size()];
        for (int i = 0; i < q.length; i++) {
            GateStmt.QubitRef ref = g.qubits().get(i);
            if (!ref.name().name().equals("q") || ref.index() == null) {
                throw new CheckError("qnet.quantum.qubit", ref.span(), "qubits of a quantum stage are written q[0] .. q[" + (qubits - 1) + "]");
            }
            long index = evaluator.integer(evaluator.eval(ref.index(), scope), ref.index(), "a qubit index", scope, Map.of());
            if (index < 0 || index >= qubits) {
                throw new CheckError("qnet.quantum.qubit.range", ref.span(), "qubit index " + index + " is out of range: the stage has "
                        + qubits + " qubits (q[0] .. q[" + (qubits - 1) + "])");
            }
            for (int j = 0; j < i; j++) {
                if (q[j] == index) {
                    throw new CheckError("qnet.gate.duplicate-qubit", ref.span(), "qubit q[" + index + "] is used twice in one '"
                            + g.gate().name() + "' gate");
                }
            }
            q[i] = (int) index;
        }
        return new GateIr(gate, q, CircuitChecker.angles(evaluator, g, scope, arrays));
    }

}
