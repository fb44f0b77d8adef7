package dev.qnet.runtime.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qnet.runtime.metrics.ClassMetrics;
import dev.qnet.runtime.metrics.Evaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.json}: test metrics, parameter counts, timings, seed and the caller's
 * provenance. Field names are snake_case and stable (other tools read them); NaN is written as
 * {@code null} so the file is strict JSON.
 */
public final class MetricsJson {

    /** Bumped when the layout changes incompatibly; the reader checks it. */
    public static final int FORMAT = 1;

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsJson() {
    }

    public static ObjectNode toJson(RunResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("model", r.name());
        root.put("seed", r.seed());
        root.set("test", evaluation(r.test()));
        ObjectNode params = root.putObject("parameters");
        params.put("classical", r.params().classical());
        params.put("quantum", r.params().quantum());
        params.put("total", r.params().total());
        ObjectNode timing = root.putObject("timing");
        timing.put("epochs", r.epochs());
        num(timing, "seconds_per_epoch", r.secondsPerEpoch());
        num(timing, "total_seconds", r.totalSeconds());
        ArrayNode per = timing.putArray("epoch_seconds");
        r.history().forEach(h -> per.add(h.seconds()));
        root.set("provenance", MAPPER.valueToTree(r.provenance()));
        return root;
    }

    static ObjectNode evaluation(Evaluation e) {
        ObjectNode t = MAPPER.createObjectNode();
        t.put("count", e.count());
        t.put("averaging", e.averaging());
        if (e.binary()) {
            t.put("positive_class", e.positiveClass());
            t.put("positive_class_name", e.classNames().get(e.positiveClass()));
        }
        num(t, "accuracy", e.accuracy());
        num(t, "precision", e.precision());
        num(t, "recall", e.recall());
        num(t, "f1", e.f1());
        num(t, "roc_auc", e.rocAuc());
        num(t, "log_loss", e.logLoss());
        ArrayNode names = t.putArray("class_names");
        e.classNames().forEach(names::add);
        ArrayNode cm = t.putArray("confusion_matrix");
        for (long[] row : e.confusion()) {
            ArrayNode a = cm.addArray();
            for (long v : row) {
                a.add(v);
            }
        }
        ArrayNode per = t.putArray("per_class");
        for (ClassMetrics c : e.perClass()) {
            ObjectNode o = per.addObject();
            o.put("name", c.name());
            num(o, "precision", c.precision());
            num(o, "recall", c.recall());
            num(o, "f1", c.f1());
            num(o, "roc_auc", c.rocAuc());
            o.put("support", c.support());
        }
        return t;
    }

    private static void num(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }

    public static void write(Path file, RunResult r) throws IOException {
        MAPPER.writeValue(file.toFile(), toJson(r));
    }

    /** Reads metrics.json back; the history comes from history.csv (see {@link RunResults}). */
    static RunResult read(Path file, List<HistoryRow> history) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new ReportException(file + ": not readable JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        try {
            int format = need(root, "format", file).asInt();
            if (format != FORMAT) {
                throw new ReportException(file + ": metrics format " + format + ", this qnet reads " + FORMAT);
            }
            JsonNode t = need(root, "test", file);
            List<String> names = new ArrayList<>();
            need(t, "class_names", file).forEach(n -> names.add(n.asText()));
            JsonNode cmNode = need(t, "confusion_matrix", file);
            long[][] cm = new long[cmNode.size()][];
            for (int i = 0; i < cm.length; i++) {
                JsonNode row = cmNode.get(i);
                cm[i] = new long[row.size()];
                for (int j = 0; j < cm[i].length; j++) {
                    cm[i][j] = row.get(j).asLong();
                }
            }
            List<ClassMetrics> per = new ArrayList<>();
            for (JsonNode c : need(t, "per_class", file)) {
                per.add(new ClassMetrics(c.get("name").asText(), dbl(c, "precision"), dbl(c, "recall"), dbl(c, "f1"),
                        dbl(c, "roc_auc"), c.get("support").asInt()));
            }
            int positive = t.has("positive_class") ? t.get("positive_class").asInt() : -1;
            Evaluation e = new Evaluation(names, positive, need(t, "count", file).asInt(), dbl(t, "accuracy"),
                    dbl(t, "precision"), dbl(t, "recall"), dbl(t, "f1"), dbl(t, "roc_auc"), dbl(t, "log_loss"), cm,
                    per);
            JsonNode p = need(root, "parameters", file);
            ParamCounts params = new ParamCounts(p.get("classical").asLong(), p.get("quantum").asLong());
            Map<String, Object> prov = root.has("provenance")
                    ? MAPPER.convertValue(root.get("provenance"), new TypeReference<Map<String, Object>>() { })
                    : Map.of();
            return new RunResult(need(root, "model", file).asText(), need(root, "seed", file).asLong(), history, e,
                    params, dbl(need(root, "timing", file), "total_seconds"), prov);
        } catch (NullPointerException e) {
            throw new ReportException(file + ": incomplete metrics (a required field is missing)", e);
        }
    }

    private static JsonNode need(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null) {
            throw new ReportException(file + ": missing field '" + field + "'");
        }
        return v;
    }

    private static double dbl(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
