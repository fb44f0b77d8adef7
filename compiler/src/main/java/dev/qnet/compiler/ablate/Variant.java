package dev.qnet.compiler.ablate;

import dev.qnet.compiler.ir.NetworkIr;
import java.util.List;
import java.util.Set;

/**
 * One network of an ablation: the model itself ({@code kind == null}) or a stand-in variant of it.
 *
 * @param name    {@code qcnn}, {@code qcnn/classical}, ...: the model's name, a slash and the kind
 * @param network the rewritten network; its {@code params}/{@code circuitParams} count what is
 *                trained, so for {@link VariantKind#FROZEN} the frozen circuits' angles are not
 *                counted there although their nodes still report them
 * @param frozen  paths of the nodes whose parameters lowering must keep at their initial values
 * @param changes one line per rewritten node, for {@code check} and the logs
 */
public record Variant(String name, VariantKind kind, NetworkIr network, Set<String> frozen, List<String> changes) {
    public Variant {
        frozen = Set.copyOf(frozen);
        changes = List.copyOf(changes);
    }

    public boolean isModel() { return kind == null; }
}
