package dev.qnet.driver.lower;

import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Residual;
import dev.qnet.runtime.nn.Sequential;
import dev.qnet.runtime.quantum.OpenQasmWriter;
import dev.qnet.runtime.quantum.QuantumLayer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenQASM 3 text for the quantum stages of a network: symbolic ({@code input float[N] theta})
 * for a source file, or with the trained angles bound for a saved model.
 */
public final class QasmExport {

    private QasmExport() {
    }

    /** Stage path (or "quantum") -> OpenQASM 3, in network order. */
    public static Map<String, String> symbolic(NetworkIr network) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Node.QuantumStage s : stages(network.body(), new ArrayList<>())) {
            out.put(name(s), OpenQasmWriter.write(QuantumLowering.circuit(s)));
        }
        return out;
    }

    /** The same with the parameters of a trained model bound (stages matched in network order). */
    public static Map<String, String> bound(NetworkIr network, Layer trained) {
        List<Node.QuantumStage> stages = stages(network.body(), new ArrayList<>());
        List<QuantumLayer> layers = quantumLayers(trained, new ArrayList<>());
        if (stages.size() != layers.size()) {
            throw new IllegalStateException("network has " + stages.size() + " quantum stages but the model "
                    + layers.size());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            QuantumLayer q = layers.get(i);
            out.put(name(stages.get(i)), OpenQasmWriter.write(q.circuit(), q.thetaValues(), q.simulator().observables()));
        }
        return out;
    }

    private static String name(Node.QuantumStage s) {
        return s.path().isEmpty() ? "quantum" : s.path();
    }

    private static List<Node.QuantumStage> stages(Node n, List<Node.QuantumStage> acc) {
        if (n instanceof Node.QuantumStage q) {
            acc.add(q);
        } else if (n instanceof Node.Sequence s) {
            s.nodes().forEach(c -> stages(c, acc));
        } else if (n instanceof Node.Residual r) {
            stages(r.branch(), acc);
            if (r.shortcut() != null) {
                stages(r.shortcut(), acc);
            }
        }
        return acc;
    }

    private static List<QuantumLayer> quantumLayers(Layer l, List<QuantumLayer> acc) {
        if (l instanceof QuantumLayer q) {
            acc.add(q);
        } else if (l instanceof Sequential s) {
            s.layers().forEach(c -> quantumLayers(c, acc));
        } else if (l instanceof Residual r) {
            quantumLayers(r.branch(), acc);
            if (r.shortcut() != null) {
                quantumLayers(r.shortcut(), acc);
            }
        }
        return acc;
    }
}
