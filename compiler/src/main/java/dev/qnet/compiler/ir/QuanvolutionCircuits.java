package dev.qnet.compiler.ir;

import dev.qnet.compiler.source.Span;
import dev.qnet.core.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The fixed random circuits of {@link Node.Quanvolution} (Henderson et al. 2019 use random
 * circuits as untrained quantum filters). Generated here, once, so that the checker, the
 * lowering and any other tool produce the same gates for the same seed.
 *
 * <p>The exact recipe, for {@code n} qubits, {@code layers} layers and {@code seed}:
 * <pre>
 *   rng = new java.util.Random(seed)        // the JDK's specified 48-bit LCG
 *   repeat layers times:
 *       for q in 0 .. n-1:
 *           axis  = ["rx", "ry", "rz"][rng.nextInt(3)]
 *           angle = 2 * pi * rng.nextDouble()  // in [0, 2pi)
 *           gate axis(angle) on q
 *       for q in 0 .. n-1:
 *           cnot q, (q + 1) mod n              // a ring: control q, target q+1
 * </pre>
 * The two draws per qubit are made in this order (axis, then angle). All angles are constants.
 */
public final class QuanvolutionCircuits {
    private static final Gate[] AXES = {Gate.RX, Gate.RY, Gate.RZ};

    private QuanvolutionCircuits() {}

    /** The random circuit as a parameterless {@link CircuitIr} named {@code random_n<q>_l<layers>_s<seed>}. */
    public static CircuitIr random(int qubits, int layers, long seed, Span span) {
        if (qubits < 2 || layers < 1) throw new IllegalArgumentException("random circuit needs >= 2 qubits and >= 1 layer");
        Random rng = new Random(seed);
        List<GateIr> gates = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            for (int q = 0; q < qubits; q++) {
                Gate axis = AXES[rng.nextInt(3)];
                double angle = 2 * Math.PI * rng.nextDouble();
                gates.add(new GateIr(axis, new int[] {q}, List.of(Angle.constant(angle))));
            }
            for (int q = 0; q < qubits; q++) gates.add(new GateIr(Gate.CNOT, new int[] {q, (q + 1) % qubits}, List.of()));
        }
        return new CircuitIr("random_n" + qubits + "_l" + layers + "_s" + seed, qubits, List.of(), 0, gates, span);
    }
}
