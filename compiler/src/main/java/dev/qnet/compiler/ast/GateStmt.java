package dev.qnet.compiler.ast;

import dev.qnet.compiler.source.Span;
import java.util.List;

/** {@code rz(t[0]) a;} or {@code cnot q[0], q[1];}. */
public record GateStmt(Ident gate, List<Expr> angles, List<QubitRef> qubits, Span span) {

    /** A qubit operand: a circuit's qubit argument {@code a} or a stage qubit {@code q[3]}. */
    public record QubitRef(Ident name, Expr index, Span span) {}
}
