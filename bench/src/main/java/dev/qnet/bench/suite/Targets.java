package dev.qnet.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The performance targets of issues 3, 6, 12 and 14, checked against one run's results. A target whose
 * figure is missing (benchmark skipped or failed, peer absent) has value null and pass false, so
 * it can never pass silently.
 */
public final class Targets {

    private Targets() {
    }

    public static ArrayNode evaluate(JsonNode r) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        // Each ratio is the median over back-to-back qnet/peer pairs; fewer than 3 pairs is no result.
        JsonNode resnet = r.path("resnet50").path("cases");
        for (String b : new String[] {"32", "128"}) {
            add(a, "resnet", "ResNet-50 training b" + b + " fp32 vs PyTorch fp32 (median of pairs)", ">= 1.1x",
                    pairedRatio(resnet.path("train_b" + b)), 1.1, true, "x");
            String bf16 = "ResNet-50 training b" + b + " bf16 vs PyTorch bf16 autocast, channels-last (median of pairs)";
            JsonNode c = resnet.path("train_b" + b + "_bf16");
            if (trainedInFp32(c)) {
                notMeasurable(a, "resnet", bf16, ">= 1.5x");
            } else {
                add(a, "resnet", bf16, ">= 1.5x", pairedRatio(c), 1.5, true, "x");
            }
        }
        for (String k : new String[] {"train_b128", "train_b128_bf16"}) {
            JsonNode c = resnet.path(k);
            JsonNode q = c.path("qnet").path("peak_rss_mib").path("median");
            JsonNode p = c.path("peer").path("peak_rss_mib").path("median");
            String name = "ResNet-50 " + k.replace("_", " ") + " peak RSS, qnet / PyTorch (medians)";
            if (k.endsWith("_bf16") && trainedInFp32(c)) {
                notMeasurable(a, "resnet", name, "<= 1.0x");
                continue;
            }
            add(a, "resnet", name, "<= 1.0x",
                    q.isNumber() && p.isNumber() && p.asDouble() > 0
                            ? JsonNodeFactory.instance.numberNode(q.asDouble() / p.asDouble()) : MissingNode.getInstance(),
                    1.0, false, "x");
        }
        JsonNode shared = r.path("shared_cores").path("fair_share");
        add(a, "threads", "two concurrent quick starts, each vs solo (median of pairs)", ">= 0.4x",
                shared.path("ratios").size() >= 6 ? shared.path("ratio_median") : MissingNode.getInstance(), 0.4, true, "x");
        for (String b : new String[] {"128", "1024"}) {
            add(a, "qcnn", "QCNN training b" + b + " vs PyTorch peer (median of pairs)", ">= 5x",
                    pairedRatio(r.path("qcnn").path("cases").path("train_b" + b)), 5, true, "x");
        }
        add(a, "noise", "noisy QCNN (density matrix) training b8 vs PyTorch density-matrix peer (median of pairs)", ">= 5x",
                pairedRatio(r.path("noisy_qcnn").path("cases").path("train_b8")), 5, true, "x");
        JsonNode sim = r.path("simulator");
        add(a, "simulator", "QCNN circuit forward b1024 vs Strange (median of runs)", ">= 100x",
                sim.path("forward_vs_strange").path("n").asInt() >= 3 ? sim.path("forward_vs_strange").path("median")
                        : MissingNode.getInstance(), 100, true, "x");
        add(a, "simulator", "1-qubit gate at 20 qubits vs bandwidth bound", "<= 3x",
                sim.path("ry_gate").path("20").path("ratio_median"), 3, false, "x");
        add(a, "check", "qnetc check examples/resnet50.qnet (median)", "< 1 s",
                r.path("check").path("resnet50").path("median_s"), 1, false, " s");
        add(a, "check", "qnetc check 10,000-line file (median)", "< 1 s",
                r.path("check").path("generated_10000_lines").path("median_s"), 1, false, " s");
        return a;
    }

    /**
     * True when qnet's side of a bf16 case computed in fp32 (a CPU without BF16 instructions, see
     * runtime.nn.Precisions): its ratio to the peer's bf16 would not measure qnet's bf16 path.
     */
    private static boolean trainedInFp32(JsonNode c) {
        return c.path("qnet").path("setup").path("precision_effective").asText("").equals("fp32");
    }

    private static void notMeasurable(ArrayNode a, String area, String name, String target) {
        ObjectNode t = a.addObject();
        t.put("area", area);
        t.put("name", name);
        t.put("target", target);
        t.putNull("value");
        t.put("pass", false);
        t.put("note", "not measurable on this CPU: it has no BF16 instructions, so qnet trained in fp32");
    }

    /** The median ratio of a paired case, or missing when it has fewer than 3 pairs. */
    private static JsonNode pairedRatio(JsonNode c) {
        JsonNode ratio = c.path("ratio");
        return ratio.path("pairs").asInt() >= 3 ? ratio.path("median") : MissingNode.getInstance();
    }

    private static void add(ArrayNode a, String area, String name, String target, JsonNode value, double limit,
                            boolean atLeast, String unit) {
        ObjectNode t = a.addObject();
        t.put("area", area);
        t.put("name", name);
        t.put("target", target);
        if (value.isMissingNode() || value.isNull() || !value.isNumber()) {
            t.putNull("value");
            t.put("pass", false);
            t.put("note", "not measured in this run (or fewer than 3 pairs/runs)");
            return;
        }
        double v = value.asDouble();
        t.put("value", BenchRunner.round3(v) + unit);
        t.put("number", v);
        t.put("pass", atLeast ? v >= limit : v < limit || (!unit.equals(" s") && v <= limit));
    }
}
