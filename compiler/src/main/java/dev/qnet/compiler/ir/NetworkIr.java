package dev.qnet.compiler.ir;

import dev.qnet.compiler.source.Span;
import java.util.Map;

/**
 * A network applied to concrete arguments (from a train section, or all defaults).
 *
 * @param arguments      the parameter values used, rendered as text (for reports)
 * @param body           the whole network; {@code body.input()} is the declared input shape
 * @param params         all trainable parameters
 * @param circuitParams  the trainable circuit parameters of quantum stages and quanvolutions (included in params)
 * @param qubits         the most qubits simulated at once: the largest quantum stage or quanvolution
 *                       patch (k*k); 0 for a classical network
 */
public record NetworkIr(String name, Map<String, String> arguments, Node.Sequence body, long params, long circuitParams,
                        int qubits, Span span) {
    public NetworkIr {
        arguments = Map.copyOf(arguments);
    }

    public long classicalParams() { return params - circuitParams; }

    /** "resnet50(classes: 2)". */
    public String title() {
        if (arguments.isEmpty()) return name;
        StringBuilder b = new StringBuilder(name).append('(');
        arguments.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(b.charAt(b.length() - 1) == '(' ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue()));
        return b.append(')').toString();
    }
}
