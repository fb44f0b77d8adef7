package dev.qnet.compiler.check;

import dev.qnet.compiler.ast.Decl;
import dev.qnet.compiler.ast.GateStmt;
import dev.qnet.compiler.ast.Ident;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.diag.Suggestions;
import dev.qnet.compiler.ir.Angle;
import dev.qnet.compiler.ir.CircuitIr;
import dev.qnet.compiler.ir.GateIr;
import dev.qnet.compiler.resolve.CheckError;
import dev.qnet.compiler.resolve.Evaluator;
import dev.qnet.compiler.resolve.Resolver;
import dev.qnet.compiler.resolve.Value;
import dev.qnet.core.Gate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a circuit declaration and builds its IR (circuits need no network values, so the
 * driver runs this with name resolution, and one run reports both): distinct qubit arguments, parameter array
 * sizes, each gate's qubits (known, none used twice in one gate) and angles (constants, or
 * affine in one circuit parameter: offset + scale * t[i]).
 */
public final class CircuitChecker {
    private final Evaluator evaluator;
    private final Diagnostics diagnostics;

    public CircuitChecker(Evaluator evaluator, Diagnostics diagnostics) {
        this.evaluator = evaluator;
        this.diagnostics = diagnostics;
    }

    /** Every circuit of the program by name; those with errors are left out (their errors reported). */
    public Map<String, CircuitIr> checkAll(List<Decl.Circuit> circuits) {
        Map<String, CircuitIr> out = new LinkedHashMap<>();
        for (Decl.Circuit c : circuits) {
            CircuitIr ir = check(c);
            if (ir != null) out.put(c.name().name(), ir);
        }
        return out;
    }

    /** The circuit's IR, or null when it had errors (all reported). */
    public CircuitIr check(Decl.Circuit c) {
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
            Gate gate = Resolver.gateName(g, diagnostics);
            if (gate == null) continue;
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
                gates.add(new GateIr(gate, q, angles(evaluator, g, Map.of(), arrays)));
            } catch (CheckError e) {
                e.report(diagnostics);
            }
        }
        if (diagnostics.errorCount() > errors) return null;
        return new CircuitIr(c.name().name(), qubits.size(), arrayList, offset, gates, c.name().span());
    }

    /** Evaluates gate angles into affine form (shared with quantum stages). */
    static List<Angle> angles(Evaluator evaluator, GateStmt g, Map<String, Value> locals,
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
}
