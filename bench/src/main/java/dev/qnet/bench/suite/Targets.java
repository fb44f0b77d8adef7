package dev.qnet.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The performance targets of issues 3 and 6, checked against one run's results. A target whose
 * figure is missing (benchmark skipped or failed, peer absent) has value null and pass false, so
 * it can never pass silently.
 */
public final class Targets {

    private Targets() {
    }

    public static ArrayNode evaluate(JsonNode r) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        JsonNode rr = r.path("resnet50").path("ratio_qnet_to_torch");
        for (String b : new String[] {"32", "128"}) {
            add(a, "resnet", "ResNet-50 training b" + b + " vs PyTorch", ">= 0.8x (goal 1.0x)", rr.path("train_b" + b), 0.8, true, "x");
        }
        JsonNode qr = r.path("qcnn").path("ratio");
        for (String b : new String[] {"128", "1024"}) {
            add(a, "qcnn", "QCNN training b" + b + " vs PyTorch peer", ">= 5x", qr.path("train_vs_peer_b" + b), 5, true, "x");
        }
        add(a, "qcnn", "QCNN forward b1024 vs Strange", ">= 100x", qr.path("forward_vs_strange"), 100, true, "x");
        add(a, "qcnn", "1-qubit gate at 20 qubits vs bandwidth bound", "<= 3x",
                r.path("qcnn").path("ry_gate").path("20").path("ratio_median"), 3, false, "x");
        add(a, "check", "qnetc check examples/resnet50.qnet (median)", "< 1 s",
                r.path("check").path("resnet50").path("median_s"), 1, false, " s");
        add(a, "check", "qnetc check 10,000-line file (median)", "< 1 s",
                r.path("check").path("generated_10000_lines").path("median_s"), 1, false, " s");
        return a;
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
            t.put("note", "not measured in this run");
            return;
        }
        double v = value.asDouble();
        t.put("value", BenchRunner.round3(v) + unit);
        t.put("number", v);
        t.put("pass", atLeast ? v >= limit : v < limit || (!unit.equals(" s") && v <= limit));
    }
}
