package dev.qnet.driver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.qnet.compiler.ablate.Ablation;
import dev.qnet.compiler.ablate.AblationTarget;
import dev.qnet.compiler.ablate.Variant;
import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.QuantumParts;
import dev.qnet.compiler.ir.Program;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.core.Metric;
import dev.qnet.core.OptimizerKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The output of {@code qnetc check}: per-network layer tables, totals and resolved train settings. */
final class CheckReport {
    private CheckReport() {}

    static String text(Program program) {
        return text(program, Set.of());
    }

    /**
     * Like {@link #text(Program)}, with the paths of nodes whose parameters are frozen (an
     * ablation's frozen variant): their rows say so, and the totals, which count what is trained,
     * say how many are frozen.
     */
    private static String text(Program program, Set<String> frozen) {
        StringBuilder out = new StringBuilder();
        for (NetworkIr n : program.networks()) {
            out.append("network ").append(n.title()).append("  input ").append(n.body().input()).append('\n');
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"layer", "output shape", "params", ""});
            rows(n.body(), 0, frozen, rows);
            int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(5);
            int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(5);
            int w2 = rows.stream().mapToInt(r -> r[2].length()).max().orElse(5);
            for (String[] r : rows) {
                out.append("  ").append(pad(r[0], w0)).append("  ").append(pad(r[1], w1)).append("  ")
                        .append(" ".repeat(w2 - r[2].length())).append(r[2]).append('\n');
            }
            out.append("  total params: ").append(group(n.params()))
                    .append(" (classical ").append(group(n.classicalParams()))
                    .append(", quantum circuit ").append(group(n.circuitParams()));
            // A frozen variant's totals count what is trained; its nodes still count every angle.
            long frozenParams = n.body().params() - n.params();
            if (frozenParams > 0) out.append("; ").append(group(frozenParams)).append(" frozen, not counted");
            out.append(")\n");
            out.append("  output: ").append(n.body().output()).append("   qubits: ").append(n.qubits()).append('\n');
            int batch = batchOf(program, n);
            for (String line : executions(n.body(), batch)) out.append("  ").append(line).append('\n');
            out.append('\n');
        }
        for (TrainIr t : program.trains()) {
            out.append("train \"").append(t.title()).append("\"\n");
            settings(t).forEach((k, v) -> out.append("  ").append(pad(k, 15)).append(v).append('\n'));
            out.append('\n');
        }
        if (program.networks().isEmpty() && program.trains().isEmpty()) {
            out.append("no network to show: every network needs arguments and no train section uses it\n");
        }
        return out.toString();
    }

    /**
     * The stand-in networks of {@code --ablate} for the network of every train section: what each
     * variant changes, then its layer table as for any network.
     */
    static String variants(Program program, AblationTarget target) {
        StringBuilder out = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (TrainIr t : program.trains()) {
            if (!seen.add(t.network().title())) continue;
            List<Variant> variants = Ablation.variants(t.network(), target);
            if (variants.size() == 1) {
                out.append("ablate ").append(target.keyword()).append(": ").append(t.network().title())
                        .append(" has no quantum stage or quanvolution; nothing to ablate\n\n");
                continue;
            }
            out.append("ablate ").append(target.keyword()).append(" of ").append(t.network().title()).append(": ")
                    .append(String.join(", ", variants.stream().map(Variant::name).toList())).append("\n\n");
            for (Variant v : variants) {
                if (v.isModel()) continue;
                out.append("variant ").append(v.name()).append('\n');
                v.changes().forEach(c -> out.append("  ").append(c).append('\n'));
                out.append(text(new Program(List.of(v.network()), List.of(), List.of(), List.of(), program.noiseModels()),
                        v.frozen()));
            }
        }
        return out.toString();
    }

    /** The program with the variants of every train section's network appended to its networks (for --json). */
    static Program withVariants(Program program, AblationTarget target) {
        List<NetworkIr> networks = new ArrayList<>(program.networks());
        Set<String> seen = new HashSet<>();
        for (TrainIr t : program.trains()) {
            if (!seen.add(t.network().title())) continue;
            for (Variant v : Ablation.variants(t.network(), target)) {
                if (!v.isModel()) networks.add(v.network());
            }
        }
        return new Program(networks, program.datasets(), program.trains(), program.circuits(), program.noiseModels());
    }

    /** The batch a network instance runs with: its train section's, else the default. */
    private static int batchOf(Program program, NetworkIr n) {
        for (TrainIr t : program.trains()) if (t.network() == n) return t.batch();
        return (int) (long) (Long) dev.qnet.core.Setting.BATCH.defaultValue();
    }

    /** One line per quantum stage or quanvolution: noise model, simulation method and why, shots, state memory per batch. */
    static List<String> executions(Node root, int batch) {
        List<String> out = new ArrayList<>();
        for (QuantumParts.Part p : QuantumParts.of(root)) {
            long circuits = (long) batch * p.circuitsPerSample();
            String what = circuits + (p.kind() == QuantumParts.Kind.QUANV ? " patches" : " states");
            out.add(p.simulation() + "; state memory " + bytes(p.execution().stateBytes(p.qubits(), circuits))
                    + " per batch (" + what + ")");
        }
        return out;
    }

    static String bytes(long b) {
        if (b < 1024) return b + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static void rows(Node node, int depth, Set<String> frozen, List<String[]> rows) {
        if (node instanceof Node.Sequence s && depth == 0) {
            for (Node c : s.nodes()) rows(c, 1, frozen, rows);
            return;
        }
        String indent = "  ".repeat(depth - 1);
        String[] parts = node.path().split("\\.");
        String leaf = parts[parts.length - 1];
        // Shortcut layers are listed after the branch; name them so the two are not confused.
        if (parts.length > 1 && parts[parts.length - 2].equals("shortcut")) leaf = "shortcut." + leaf;
        String params = group(node.params()) + (frozen.contains(node.path()) ? " frozen" : "");
        rows.add(new String[] {indent + leaf + "  " + describe(node), node.output().toString(), params, node.path()});
        if (node instanceof Node.Sequence s) {
            for (Node c : s.nodes()) rows(c, depth + 1, frozen, rows);
        } else if (node instanceof Node.Residual r) {
            for (Node c : r.branch().nodes()) rows(c, depth + 1, frozen, rows);
            if (r.shortcut() != null) {
                for (Node c : r.shortcut().nodes()) rows(c, depth + 1, frozen, rows);
            }
        }
    }

    /** The layer column of check's table; a visitor, so a new kind of node must say how it is shown. */
    static String describe(Node n) {
        return n.accept(new Node.Visitor<>() {
            @Override
            public String conv(Node.Conv c) {
                return "conv " + c.kernel() + "x" + c.kernel() + (c.stride() > 1 ? " s" + c.stride() : "")
                        + (c.padding() > 0 ? " p" + c.padding() : "") + (c.groups() > 1 ? " g" + c.groups() : "")
                        + (c.bias() ? " +bias" : "");
            }

            @Override
            public String batchNorm(Node.BatchNorm b) { return "batchnorm"; }

            @Override
            public String activation(Node.Activation a) { return a.kind().keyword(); }

            @Override
            public String pool(Node.Pool p) {
                return p.kind().keyword() + "pool " + p.kernel() + "x" + p.kernel() + " s" + p.stride();
            }

            @Override
            public String globalPool(Node.GlobalPool g) { return "global" + g.kind().keyword() + "pool"; }

            @Override
            public String dropout(Node.Dropout d) { return "dropout " + d.p(); }

            @Override
            public String flatten(Node.Flatten f) { return "flatten"; }

            @Override
            public String dense(Node.Dense d) { return "dense" + (d.bias() ? "" : " (no bias)"); }

            @Override
            public String sequence(Node.Sequence s) { return ""; }

            @Override
            public String residual(Node.Residual r) {
                return "residual" + (r.shortcutInferred() ? " (projection shortcut)" : r.shortcut() == null ? "" : " (shortcut)");
            }

            @Override
            public String quantumStage(Node.QuantumStage q) { return "quantum " + q.qubits() + " qubits, " + q.ops().size() + " ops"; }

            @Override
            public String quanvolution(Node.Quanvolution q) {
                String body = q.body() == null
                        ? "random " + q.randomLayers() + (q.randomLayers() == 1 ? " layer" : " layers") + " seed " + q.randomSeed()
                        : "circuit " + q.body().name() + (q.trainable() ? "" : " (fixed)");
                return "quanv " + q.kernel() + "x" + q.kernel() + " s" + q.stride() + ", " + q.qubits() + " qubits, " + body;
            }
        });
    }

    static Map<String, Object> settings(TrainIr t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", t.network().title());
        m.put("dataset", t.dataset().variable() + " = " + t.dataset().source().keyword() + "(\"" + t.dataset().name() + "\", size "
                + t.dataset().size() + ")" + (t.dataset().preprocessing().isEmpty() ? "" : " " + t.dataset().preprocessing().stream()
                .map(p -> p.kind().keyword() + (p.value() > 0 ? "(" + p.value() + ")" : "")).toList()));
        TrainIr.Optimizer o = t.optimizer();
        m.put("optimizer", o.kind() == OptimizerKind.SGD
                ? String.format(Locale.ROOT, "sgd(lr: %s, momentum: %s, nesterov: %s, weight_decay: %s)", num(o.lr()), num(o.momentum()), o.nesterov(), num(o.weightDecay()))
                : String.format(Locale.ROOT, "%s(lr: %s, beta1: %s, beta2: %s, eps: %s, weight_decay: %s)", o.kind().keyword(), num(o.lr()), num(o.beta1()),
                num(o.beta2()), num(o.eps()), num(o.weightDecay())));
        TrainIr.Schedule s = t.schedule();
        m.put("schedule", switch (s.kind()) {
            case STEP -> "step(every: " + s.every() + ", factor: " + num(s.factor()) + ")";
            case COSINE -> "cosine(min_lr: " + num(s.minLr()) + ")";
            case CONSTANT -> "constant";
        });
        m.put("epochs", t.epochs());
        m.put("batch", t.batch());
        m.put("seed", t.seed());
        m.put("augment", t.augment().isEmpty() ? "none" : String.join(" ", t.augment().stream().map(TrainIr.Augment::toSource).toList()));
        m.put("metrics", String.join(" ", t.metrics().stream().map(Metric::keyword).toList()));
        m.put("positive", t.positive());
        m.put("select", "val_" + t.select().keyword());
        m.put("early_stop", t.earlyStop() == null ? "off" : "patience " + t.earlyStop().patience() + ", min_delta " + num(t.earlyStop().minDelta()));
        m.put("class_weights", t.classWeights().keyword());
        m.put("loss", t.loss().keyword());
        m.put("noise", t.settings().format(dev.qnet.core.Setting.NOISE));
        m.put("shots", t.settings().format(dev.qnet.core.Setting.SHOTS));
        return m;
    }

    /** The checked program plus its warnings (a program that checked has no errors). */
    static String json(Program program, List<dev.qnet.compiler.diag.Diagnostic> warnings) throws java.io.IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> networks = new ArrayList<>();
        for (NetworkIr n : program.networks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("arguments", n.arguments());
            m.put("input", n.body().input().dims());
            m.put("output", n.body().output().dims());
            m.put("params", n.params());
            m.put("classicalParams", n.classicalParams());
            m.put("circuitParams", n.circuitParams());
            m.put("qubits", n.qubits());
            List<Object> layers = new ArrayList<>();
            List<String[]> rows = new ArrayList<>();
            rows(n.body(), 0, Set.of(), rows);
            for (String[] r : rows) {
                Map<String, Object> l = new LinkedHashMap<>();
                String label = r[0].strip();
                int sp = label.indexOf("  ");
                l.put("path", r[3]);
                l.put("layer", sp < 0 ? "" : label.substring(sp + 2));
                l.put("output", r[1]);
                l.put("params", Long.parseLong(r[2].replace(",", "")));
                layers.add(l);
            }
            m.put("layers", layers);
            m.put("simulation", executions(n.body(), batchOf(program, n)));
            networks.add(m);
        }
        root.put("networks", networks);
        List<Object> trains = new ArrayList<>();
        for (TrainIr t : program.trains()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("title", t.title());
            m.put("settings", settings(t));
            trains.add(m);
        }
        root.put("trains", trains);
        root.put("diagnostics", diagnosticMaps(warnings));
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }

    /** {"networks": [], "trains": [], "diagnostics": [{key, severity, file, line, column, endColumn, message, hint}]}. */
    static String diagnosticsJson(List<dev.qnet.compiler.diag.Diagnostic> diagnostics) throws java.io.IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("networks", List.of());
        root.put("trains", List.of());
        root.put("diagnostics", diagnosticMaps(diagnostics));
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }

    private static List<Object> diagnosticMaps(List<dev.qnet.compiler.diag.Diagnostic> diagnostics) {
        List<Object> list = new ArrayList<>();
        for (var d : diagnostics) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", d.key());
            m.put("severity", d.severity().label());
            if (d.span() != null) {
                m.put("file", d.span().file().displayPath());
                m.put("line", d.span().line());
                m.put("column", d.span().col());
                m.put("endColumn", d.span().endCol());
            }
            m.put("message", d.message());
            m.put("hint", d.hint());
            list.add(m);
        }
        return list;
    }

    static String group(long n) { return String.format(Locale.ROOT, "%,d", n); }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return String.valueOf(v);
    }

    private static String pad(String s, int w) { return s.length() >= w ? s : s + " ".repeat(w - s.length()); }
}
