package dev.qnet.driver.lower;

import dev.qnet.runtime.quantum.noise.Execution;
import dev.qnet.compiler.ir.Angle;
import dev.qnet.compiler.ir.CircuitIr;
import dev.qnet.compiler.ir.GateIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.QuantumOp;
import dev.qnet.runtime.quantum.Circuit;
import dev.qnet.runtime.quantum.Encodings;
import dev.qnet.runtime.quantum.GateKind;
import dev.qnet.runtime.quantum.Observable;
import dev.qnet.runtime.quantum.QuantumLayer;
import dev.qnet.runtime.quantum.Quanvolution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Lowers quantum IR (stages, circuits) to the runtime's {@link Circuit}s.
 *
 * <p>The IR has already expanded QCNN levels into absolute qubit pairs and parameter slices, so
 * this is a substitution: a user circuit's local qubit i becomes the pair's i-th qubit and its
 * local parameter j becomes the stage parameter {@code base + j}.
 */
final class QuantumLowering {

    private QuantumLowering() {
    }

    static QuantumLayer lower(Node.QuantumStage stage, DataType dtype, Random rng, Execution execution) {
        Circuit circuit = circuit(stage);
        List<Observable> observables = new ArrayList<>();
        for (QuantumOp op : stage.ops()) {
            if (op instanceof QuantumOp.Measure m) {
                observables.addAll(observables(m));
            }
        }
        return new QuantumLayer(stage.path().isEmpty() ? "quantum" : stage.path(), circuit, observables, dtype,
                rng.nextLong(), execution);
    }

    /**
     * A quanvolution filter: angle encoding of the k*k patch pixels, then the user's (or the
     * generated random) circuit on qubits 0..k*k-1. Parameters start uniform in [0, 2pi) from the
     * run's random stream, whether they are then trained or stay fixed.
     */
    static Quanvolution lower(Node.Quanvolution q, DataType dtype, Random rng, Execution execution) {
        int n = q.qubits();
        CircuitIr body = q.circuit();
        Circuit.Builder b = Circuit.builder(n).features(n).parameters(body.paramCount());
        Encodings.angle(b, GateKind.of(q.axis().gate()), 0, q.scale());
        int[] qubits = new int[n];
        for (int i = 0; i < n; i++) {
            qubits[i] = i;
        }
        applyCircuit(b, body, qubits, 0);
        double[] init = new double[body.paramCount()];
        for (int i = 0; i < init.length; i++) {
            init[i] = rng.nextDouble() * 2 * Math.PI;
        }
        return new Quanvolution(q.path().isEmpty() ? "quanv" : q.path(), q.kernel(), q.stride(), b.build(), init,
                q.trainable(), dtype, execution);
    }

    /** The stage's circuit over its own parameter space, inputs read as features 0..F-1. */
    static Circuit circuit(Node.QuantumStage stage) {
        Circuit.Builder b = Circuit.builder(stage.qubits()).parameters(stage.circuitParams());
        List<QuantumOp> ops = stage.ops();
        QuantumOp.Encode encode = (QuantumOp.Encode) ops.get(0);
        List<QuantumOp> body = ops.subList(1, ops.size()).stream()
                .filter(op -> !(op instanceof QuantumOp.Measure)).toList();
        b.features((int) stage.input().size());
        for (int r = 0; r < encode.reupload(); r++) {
            switch (encode.kind()) {
                case ANGLE -> Encodings.angle(b, GateKind.of(encode.axis().gate()), 0, 1.0);
                case IQP -> Encodings.iqp(b, 0, 1);
                case AMPLITUDE -> Encodings.amplitude(b, 0);
            }
            for (QuantumOp op : body) {
                apply(b, op);
            }
        }
        return b.build();
    }

    private static void apply(Circuit.Builder b, QuantumOp op) {
        if (op instanceof QuantumOp.QConv c) {
            applyPairs(b, c.circuit(), c.pairs(), c.shared(), c.paramOffset());
        } else if (op instanceof QuantumOp.QPool p) {
            applyPairs(b, p.circuit(), p.pairs(), p.shared(), p.paramOffset());
        } else if (op instanceof QuantumOp.GateOp g) {
            gate(b, g.gate(), g.gate().qubits(), 0);
        } else {
            throw new IllegalStateException("unexpected quantum op " + op);
        }
    }

    private static void applyPairs(Circuit.Builder b, CircuitIr c, int[][] pairs, boolean shared, int offset) {
        for (int k = 0; k < pairs.length; k++) {
            int base = shared ? offset : offset + k * c.paramCount();
            applyCircuit(b, c, pairs[k], base);
        }
    }

    /** Appends user circuit {@code c} with its qubit arguments bound to {@code qubits}. */
    static void applyCircuit(Circuit.Builder b, CircuitIr c, int[] qubits, int paramBase) {
        for (GateIr g : c.gates()) {
            int[] abs = new int[g.qubits().length];
            for (int i = 0; i < abs.length; i++) {
                abs[i] = qubits[g.qubits()[i]];
            }
            gate(b, g, abs, paramBase);
        }
    }

    private static void gate(Circuit.Builder b, GateIr g, int[] qubits, int paramBase) {
        dev.qnet.runtime.quantum.Angle[] angles = new dev.qnet.runtime.quantum.Angle[g.angles().size()];
        for (int i = 0; i < angles.length; i++) {
            Angle a = g.angles().get(i);
            angles[i] = a.isConstant()
                    ? dev.qnet.runtime.quantum.Angle.constant(a.offset())
                    : dev.qnet.runtime.quantum.Angle.param(paramBase + a.paramIndex(), a.scale(), a.offset());
        }
        int controls = g.gate().controls(qubits.length);
        b.add(GateKind.of(g.gate()), Arrays.copyOfRange(qubits, 0, controls), Arrays.copyOfRange(qubits, controls, qubits.length),
                angles);
    }

    private static List<Observable> observables(QuantumOp.Measure m) {
        List<Observable> out = new ArrayList<>();
        switch (m.kind()) {
            case Z -> {
                for (int q : m.qubits()) {
                    out.add(new Observable.Z(q));
                }
            }
            case ZZ -> out.add(new Observable.ZProduct(m.qubits()));
            case PROBS -> {
                for (int v = 0; v < 1 << m.qubits().length; v++) {
                    out.add(new Observable.Probability(m.qubits(), v));
                }
            }
        }
        return out;
    }
}
