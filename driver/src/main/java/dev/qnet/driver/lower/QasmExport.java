package dev.qnet.driver.lower;

import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.quantum.OpenQasmWriter;
import dev.qnet.runtime.quantum.QuantumLayer;
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
        for (Node.QuantumStage s : stages(network.body())) {
            out.put(name(s), OpenQasmWriter.write(QuantumLowering.circuit(s)));
        }
        return out;
    }

    /** The same with the parameters of a trained model bound (stages matched in network order). */
    public static Map<String, String> bound(NetworkIr network, Layer trained) {
        List<Node.QuantumStage> stages = stages(network.body());
        List<QuantumLayer> layers = quantumLayers(trained);
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

    private static List<Node.QuantumStage> stages(Node root) {
        return Node.walk(root).filter(Node.QuantumStage.class::isInstance).map(Node.QuantumStage.class::cast).toList();
    }

    private static List<QuantumLayer> quantumLayers(Layer model) {
        return Layer.walk(model).filter(QuantumLayer.class::isInstance).map(QuantumLayer.class::cast).toList();
    }
}
