package dev.qnet.compiler.ablate;

import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.TrainIr;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code --ablate quantum} as an IR -> IR transform: from a checked network, the named variants that
 * answer "does the quantum part matter?". Each variant is an ordinary {@link NetworkIr} (plus the
 * set of frozen paths), so {@code check} shows it and lowering builds it like any other network;
 * the rules of the stand-ins are in {@link StandIns}.
 *
 * <p>For a model {@code m}, in this order, each variant present only when it differs from the others:
 * <ol>
 *   <li>{@code m}: the model itself (the reference of the paired tests);</li>
 *   <li>{@code m/classical-stage}: quantum stages replaced, when the model also has quanvolutions;</li>
 *   <li>{@code m/classical-quanv}: quanvolutions replaced, when the model also has quantum stages;</li>
 *   <li>{@code m/classical}: every quantum node replaced;</li>
 *   <li>{@code m/frozen}: every node with trainable circuit angles kept at its initial angles, when
 *       there is one (a random quanvolution is fixed already).</li>
 * </ol>
 * Every variant keeps the model's node paths (a stand-in is a sequence at the replaced node's
 * path). Initial weights come from the run seed in tree order, so layers before the first
 * replaced node start exactly as in the model; a stand-in draws its own weights where the circuit
 * drew its angles, so layers after it start from other draws of the same distribution. The frozen
 * variant draws exactly what the model draws: it starts from the model's initial weights.
 */
public final class Ablation {

    private Ablation() {
    }

    /** The model and its variants for {@code target}; just the model when it has no quantum part. */
    public static List<Variant> variants(NetworkIr model, AblationTarget target) {
        List<Variant> out = new ArrayList<>();
        out.add(new Variant(model.name(), null, model, Set.of(), List.of()));
        boolean stages = count(model.body(), n -> n instanceof Node.QuantumStage) > 0;
        boolean quanvs = count(model.body(), n -> n instanceof Node.Quanvolution) > 0;
        if (stages && quanvs) {
            out.add(variant(model, VariantKind.CLASSICAL_STAGE));
            out.add(variant(model, VariantKind.CLASSICAL_QUANV));
        }
        if (stages || quanvs) {
            out.add(variant(model, VariantKind.CLASSICAL));
        }
        if (count(model.body(), n -> (n instanceof Node.QuantumStage || n instanceof Node.Quanvolution) && n.params() > 0) > 0) {
            out.add(variant(model, VariantKind.FROZEN));
        }
        return out;
    }

    /** One variant of {@code model} (also used to rebuild a saved variant). */
    public static Variant variant(NetworkIr model, VariantKind kind) {
        String name = model.name() + "/" + kind.keyword();
        List<String> changes = new ArrayList<>();
        if (kind == VariantKind.FROZEN) {
            Set<String> frozen = new LinkedHashSet<>();
            long[] frozenParams = {0};
            visit(model.body(), n -> {
                if ((n instanceof Node.QuantumStage || n instanceof Node.Quanvolution) && n.params() > 0) {
                    frozen.add(n.path());
                    frozenParams[0] += n.params();
                    changes.add(n.path() + ": " + n.params() + " circuit parameters frozen at their initial values");
                }
            });
            NetworkIr net = new NetworkIr(name, model.arguments(), model.body(), model.params() - frozenParams[0],
                    model.circuitParams() - frozenParams[0], model.qubits(), model.span());
            return new Variant(name, kind, net, frozen, changes);
        }
        boolean stages = kind != VariantKind.CLASSICAL_QUANV;
        boolean quanvs = kind != VariantKind.CLASSICAL_STAGE;
        Node.Sequence body = (Node.Sequence) rewrite(model.body(), n -> {
            if (stages && n instanceof Node.QuantumStage q) {
                Node.Sequence s = StandIns.stage(q);
                changes.add(q.path() + ": quantum stage (" + q.qubits() + " qubits, " + q.params() + " parameters) -> "
                        + StandIns.sizeOf(q).describe());
                return s;
            }
            if (quanvs && n instanceof Node.Quanvolution q) {
                changes.add(q.path() + ": quanvolution " + q.kernel() + "x" + q.kernel() + " s" + q.stride() + " ("
                        + q.params() + " parameters) -> conv " + q.kernel() + "x" + q.kernel() + " s" + q.stride() + " groups "
                        + q.input().channels() + " to " + q.output().channels() + " channels, tanh, "
                        + StandIns.quanvolutionParams(q.input().channels(), q.kernel()) + " parameters");
                return StandIns.quanvolution(q);
            }
            return null;
        });
        long circuit = sum(body, n -> n instanceof Node.QuantumStage || n instanceof Node.Quanvolution ? n.params() : 0);
        NetworkIr net = new NetworkIr(name, model.arguments(), body, body.params(), circuit, maxQubits(body), model.span());
        return new Variant(name, kind, net, Set.of(), changes);
    }

    /** The train section with the variant's network and the variant's name as its title. */
    public static TrainIr train(TrainIr t, Variant v) {
        if (v.isModel()) {
            return t;
        }
        String title = t.title() + "/" + v.kind().keyword();
        return new TrainIr(title, v.network(), t.dataset(), t.optimizer(), t.schedule(), t.augment(), t.metrics(),
                t.earlyStop(), t.settings(), t.span());
    }

    // ---- tree walks ----------------------------------------------------------------------------

    /**
     * The tree with every node for which {@code replace} answers non-null replaced by that answer;
     * sequences and residuals above a replacement get their parameter counts recomputed.
     */
    static Node rewrite(Node n, Function<Node, Node> replace) {
        Node r = replace.apply(n);
        if (r != null) {
            return r;
        }
        if (n instanceof Node.Sequence s) {
            List<Node> nodes = new ArrayList<>();
            for (Node c : s.nodes()) {
                nodes.add(rewrite(c, replace));
            }
            return new Node.Sequence(s.path(), s.input(), s.output(), nodes, nodes.stream().mapToLong(Node::params).sum(),
                    s.span());
        }
        if (n instanceof Node.Residual res) {
            Node.Sequence branch = (Node.Sequence) rewrite(res.branch(), replace);
            Node.Sequence shortcut = res.shortcut() == null ? null : (Node.Sequence) rewrite(res.shortcut(), replace);
            return new Node.Residual(res.path(), res.input(), res.output(), branch, shortcut, res.shortcutInferred(),
                    branch.params() + (shortcut == null ? 0 : shortcut.params()), res.span());
        }
        return n;
    }

    private static void visit(Node n, java.util.function.Consumer<Node> f) {
        f.accept(n);
        for (Node c : children(n)) {
            visit(c, f);
        }
    }

    private static List<Node> children(Node n) {
        if (n instanceof Node.Sequence s) {
            return s.nodes();
        }
        if (n instanceof Node.Residual r) {
            return r.shortcut() == null ? List.of(r.branch()) : List.of(r.branch(), r.shortcut());
        }
        return List.of();
    }

    private static long count(Node n, java.util.function.Predicate<Node> p) {
        return sum(n, c -> p.test(c) ? 1 : 0);
    }

    private static long sum(Node n, java.util.function.ToLongFunction<Node> f) {
        long[] total = {0};
        visit(n, c -> total[0] += f.applyAsLong(c));
        return total[0];
    }

    private static int maxQubits(Node n) {
        int[] max = {0};
        visit(n, c -> {
            if (c instanceof Node.QuantumStage q) max[0] = Math.max(max[0], q.qubits());
            if (c instanceof Node.Quanvolution q) max[0] = Math.max(max[0], q.qubits());
        });
        return max[0];
    }
}
