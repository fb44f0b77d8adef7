package dev.qnet.runtime.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qnet.runtime.stats.PairedTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The report of {@code qnetc compare}: Table 1 (one row per model; mean ± sample std over seeds
 * when a model ran with several), {@code comparison.csv}, {@code comparison.json}, overlaid loss,
 * accuracy and epoch-time curves, one confusion matrix per model (summed over seeds) and
 * {@code report.md} embedding all of it with each run's settings and data md5.
 */
public final class ComparisonReport {

    public static final String CSV = "comparison.csv";
    public static final String JSON = "comparison.json";
    public static final String LOSS_PNG = "loss.png";
    public static final String ACCURACY_PNG = "accuracy.png";
    public static final String EPOCH_TIME_PNG = "epoch_time.png";
    public static final String REPORT = "report.md";

    /** Mean and sample standard deviation (n - 1); std is NaN for a single run. */
    public record Stat(double mean, double std, int n) {

        static Stat of(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
            double[] v = runs.stream().mapToDouble(f).toArray();
            double mean = 0;
            for (double x : v) {
                mean += x;
            }
            mean /= v.length;
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            return new Stat(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : Double.NaN, v.length);
        }

        /** {@code 0.854 ± 0.012}, or just the mean for one run. */
        public String format(int decimals) {
            if (!Double.isFinite(mean)) {
                return "n/a";
            }
            String m = String.format(Locale.ROOT, "%." + decimals + "f", mean);
            return n > 1 && Double.isFinite(std) ? m + " ± " + String.format(Locale.ROOT, "%." + decimals + "f", std) : m;
        }
    }

    /** One model's runs (one per seed) and their summary statistics. */
    public record ModelSummary(String name, List<RunResult> runs, Stat accuracy, Stat precision, Stat recall, Stat f1,
                               Stat auc, Stat secondsPerEpoch, Stat totalSeconds, ParamCounts params) {

        static ModelSummary of(String name, List<RunResult> runs) {
            return new ModelSummary(name, List.copyOf(runs), Stat.of(runs, r -> r.test().accuracy()),
                    Stat.of(runs, r -> r.test().precision()), Stat.of(runs, r -> r.test().recall()),
                    Stat.of(runs, r -> r.test().f1()), Stat.of(runs, r -> r.test().rocAuc()),
                    Stat.of(runs, RunResult::secondsPerEpoch), Stat.of(runs, RunResult::totalSeconds),
                    runs.get(0).params());
        }
    }

    private ComparisonReport() {
    }

    /** Groups runs by model name, keeping first-appearance order. */
    public static List<ModelSummary> summarise(List<RunResult> runs) {
        Map<String, List<RunResult>> by = new LinkedHashMap<>();
        for (RunResult r : runs) {
            by.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
        }
        List<ModelSummary> out = new ArrayList<>();
        by.forEach((k, v) -> out.add(ModelSummary.of(k, v)));
        return out;
    }

    /** The test metrics the paired tests compare, by their names in comparison.json. */
    static final List<String> PAIRED_METRICS = List.of("accuracy", "precision", "recall", "f1", "roc_auc");

    private static double metric(RunResult r, String name) {
        return switch (name) {
            case "accuracy" -> r.test().accuracy();
            case "precision" -> r.test().precision();
            case "recall" -> r.test().recall();
            case "f1" -> r.test().f1();
            case "roc_auc" -> r.test().rocAuc();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * A model's paired tests against the reference (the first model of the comparison): the runs of
     * both with the same seed are a pair (same initialisation stream, data order and augmentation),
     * in the order of the model's runs. {@code tests} has one entry per metric of
     * {@link #PAIRED_METRICS} that is finite in every pair.
     */
    public record Paired(String reference, String model, List<Long> seeds, Map<String, PairedTest.Result> tests) {
        public Paired {
            seeds = List.copyOf(seeds);
            tests = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tests));
        }

        /** "0.012 / 0.063" (t-test / Wilcoxon) for a metric, or "n/a". */
        public String format(String metric) {
            PairedTest.Result r = tests.get(metric);
            return r == null ? "n/a" : p(r.tTestP()) + " / " + p(r.wilcoxonP());
        }

        static String p(double v) {
            if (!Double.isFinite(v)) return "n/a";
            return v < 0.001 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.3f", v);
        }
    }

    /**
     * The paired tests of every model but the first against the first, for the models that share
     * at least 2 seeds with it (others are absent from the result).
     */
    public static Map<String, Paired> pairedTests(List<ModelSummary> models) {
        Map<String, Paired> out = new LinkedHashMap<>();
        if (models.size() < 2) {
            return out;
        }
        ModelSummary ref = models.get(0);
        Map<Long, RunResult> bySeed = new LinkedHashMap<>();
        for (RunResult r : ref.runs()) {
            bySeed.putIfAbsent(r.seed(), r);
        }
        for (ModelSummary m : models.subList(1, models.size())) {
            List<RunResult[]> pairs = new ArrayList<>();
            java.util.Set<Long> used = new java.util.HashSet<>();
            for (RunResult r : m.runs()) {
                RunResult a = bySeed.get(r.seed());
                if (a != null && used.add(r.seed())) {
                    pairs.add(new RunResult[] {a, r});
                }
            }
            if (pairs.size() < 2) {
                continue;
            }
            Map<String, PairedTest.Result> tests = new LinkedHashMap<>();
            for (String metric : PAIRED_METRICS) {
                double[] x = pairs.stream().mapToDouble(p -> metric(p[0], metric)).toArray();
                double[] y = pairs.stream().mapToDouble(p -> metric(p[1], metric)).toArray();
                if (java.util.Arrays.stream(x).allMatch(Double::isFinite) && java.util.Arrays.stream(y).allMatch(Double::isFinite)) {
                    tests.put(metric, PairedTest.test(x, y));
                }
            }
            out.put(m.name(), new Paired(ref.name(), m.name(), pairs.stream().map(p -> p[0].seed()).toList(), tests));
        }
        return out;
    }

    /** File name of a model's confusion matrix figure. */
    public static String confusionPng(String model) {
        return "confusion_" + model.replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
    }

    public static void write(Path dir, List<RunResult> runs) throws IOException {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare: no runs");
        }
        List<ModelSummary> models = summarise(runs);
        AtomicDirectory.write(dir, tmp -> {
            Files.writeString(tmp.resolve(CSV), csv(models), StandardCharsets.UTF_8);
            MetricsJson.MAPPER.writeValue(tmp.resolve(JSON).toFile(), json(models));
            Charts.trainValCurves(tmp.resolve(LOSS_PNG), "Training and validation loss", "cross-entropy loss", runs,
                    HistoryRow::trainLoss, HistoryRow::valLoss);
            Charts.trainValCurves(tmp.resolve(ACCURACY_PNG), "Training and validation accuracy", "accuracy", runs,
                    HistoryRow::trainAcc, HistoryRow::valAcc);
            Charts.epochTimes(tmp.resolve(EPOCH_TIME_PNG), runs);
            for (ModelSummary m : models) {
                Charts.confusion(tmp.resolve(confusionPng(m.name())), m.name() + ": test confusion matrix"
                        + (m.runs().size() > 1 ? " (sum of " + m.runs().size() + " seeds)" : ""), summedConfusion(m),
                        m.runs().get(0).test().classNames());
            }
            Files.writeString(tmp.resolve(REPORT), markdown(models), StandardCharsets.UTF_8);
        });
    }

    static long[][] summedConfusion(ModelSummary m) {
        long[][] sum = null;
        for (RunResult r : m.runs()) {
            long[][] c = r.test().confusion();
            if (sum == null) {
                sum = new long[c.length][c.length];
            }
            for (int i = 0; i < c.length; i++) {
                for (int j = 0; j < c.length; j++) {
                    sum[i][j] += c[i][j];
                }
            }
        }
        return sum;
    }

    static final List<String> CSV_HEADER = List.of("model", "runs", "seeds", "accuracy_mean", "accuracy_std",
            "precision_mean", "precision_std", "recall_mean", "recall_std", "f1_mean", "f1_std", "auc_mean", "auc_std",
            "params_classical", "params_quantum", "seconds_per_epoch_mean", "seconds_per_epoch_std",
            "total_seconds_mean", "total_seconds_std", "epochs", "paired_with", "pairs",
            "accuracy_p_t", "accuracy_p_wilcoxon", "precision_p_t", "precision_p_wilcoxon", "recall_p_t",
            "recall_p_wilcoxon", "f1_p_t", "f1_p_wilcoxon", "auc_p_t", "auc_p_wilcoxon");

    static String csv(List<ModelSummary> models) {
        Map<String, Paired> paired = pairedTests(models);
        StringBuilder b = new StringBuilder(String.join(",", CSV_HEADER)).append('\n');
        for (ModelSummary m : models) {
            List<String> f = new ArrayList<>();
            f.add(quote(m.name()));
            f.add(Integer.toString(m.runs().size()));
            f.add(quote(String.join(" ", m.runs().stream().map(r -> Long.toString(r.seed())).toList())));
            for (Stat s : List.of(m.accuracy(), m.precision(), m.recall(), m.f1(), m.auc())) {
                f.add(num(s.mean()));
                f.add(num(s.std()));
            }
            f.add(Long.toString(m.params().classical()));
            f.add(Long.toString(m.params().quantum()));
            f.add(num(m.secondsPerEpoch().mean()));
            f.add(num(m.secondsPerEpoch().std()));
            f.add(num(m.totalSeconds().mean()));
            f.add(num(m.totalSeconds().std()));
            f.add(Integer.toString(m.runs().get(0).epochs()));
            Paired pt = paired.get(m.name());
            f.add(pt == null ? "" : quote(pt.reference()));
            f.add(pt == null ? "" : Integer.toString(pt.seeds().size()));
            for (String metric : PAIRED_METRICS) {
                PairedTest.Result r = pt == null ? null : pt.tests().get(metric);
                f.add(r == null ? "" : num(r.tTestP()));
                f.add(r == null ? "" : num(r.wilcoxonP()));
            }
            b.append(String.join(",", f)).append('\n');
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static String quote(String s) {
        return s.matches("[^,\"\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    static ObjectNode json(List<ModelSummary> models) {
        Map<String, Paired> paired = pairedTests(models);
        ObjectNode root = MetricsJson.MAPPER.createObjectNode();
        root.put("format", MetricsJson.FORMAT);
        root.put("reference", models.get(0).name());
        ArrayNode arr = root.putArray("models");
        for (ModelSummary m : models) {
            ObjectNode o = arr.addObject();
            o.put("model", m.name());
            o.put("runs", m.runs().size());
            ObjectNode mean = o.putObject("mean");
            ObjectNode std = o.putObject("std");
            Map<String, Stat> stats = new LinkedHashMap<>();
            stats.put("accuracy", m.accuracy());
            stats.put("precision", m.precision());
            stats.put("recall", m.recall());
            stats.put("f1", m.f1());
            stats.put("roc_auc", m.auc());
            stats.put("seconds_per_epoch", m.secondsPerEpoch());
            stats.put("total_seconds", m.totalSeconds());
            stats.forEach((k, s) -> {
                put(mean, k, s.mean());
                put(std, k, s.std());
            });
            ObjectNode p = o.putObject("parameters");
            p.put("classical", m.params().classical());
            p.put("quantum", m.params().quantum());
            p.put("total", m.params().total());
            Paired pt = paired.get(m.name());
            if (pt != null) {
                ObjectNode po = o.putObject("paired_tests");
                po.put("reference", pt.reference());
                ArrayNode seeds = po.putArray("seeds");
                pt.seeds().forEach(seeds::add);
                pt.tests().forEach((metric, r) -> {
                    ObjectNode t = po.putObject(metric);
                    put(t, "mean_difference", r.meanDifference());
                    put(t, "t_test_p", r.tTestP());
                    put(t, "wilcoxon_p", r.wilcoxonP());
                    t.put("wilcoxon_method", r.wilcoxonMethod().keyword());
                });
            }
            ArrayNode per = o.putArray("per_run");
            for (RunResult r : m.runs()) {
                per.add(MetricsJson.toJson(r));
            }
        }
        return root;
    }

    private static void put(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        } else {
            o.putNull(k);
        }
    }

    static String markdown(List<ModelSummary> models) {
        Map<String, Paired> paired = pairedTests(models);
        StringBuilder b = new StringBuilder("# Model comparison\n\n");
        boolean seeds = models.stream().anyMatch(m -> m.runs().size() > 1);
        RunResult first = models.get(0).runs().get(0);
        b.append("Test-set metrics with each run's best checkpoint; precision, recall, F1 and AUC are ")
                .append(first.test().averaging()).append('.');
        if (seeds) {
            b.append(" Values are mean ± sample standard deviation over seeds.");
        }
        boolean pColumns = models.size() > 1;
        if (pColumns) {
            b.append(" p: two-sided paired tests against ").append(models.get(0).name())
                    .append(" over the seeds both ran (paired t-test / Wilcoxon signed-rank); n/a with fewer than 2 shared seeds.");
        }
        b.append("\n\n**Table 1.**\n\n");
        List<String> head = new ArrayList<>(List.of("model", "accuracy", "precision", "recall", "F1", "AUC",
                "params (classical)", "params (quantum)", "s / epoch", "total time"));
        if (pColumns) {
            head.addAll(List.of("p accuracy (t / W)", "p AUC (t / W)"));
        }
        b.append(Markdown.header(head, true));
        for (ModelSummary m : models) {
            String total = Markdown.seconds(m.totalSeconds().mean())
                    + (m.runs().size() > 1 && Double.isFinite(m.totalSeconds().std())
                    ? " ± " + Markdown.seconds(m.totalSeconds().std()) : "");
            List<String> row = new ArrayList<>(List.of(m.name() + (m.runs().size() > 1 ? " (" + m.runs().size() + " seeds)" : ""),
                    m.accuracy().format(3), m.precision().format(3), m.recall().format(3), m.f1().format(3),
                    m.auc().format(3), Markdown.count(m.params().classical()), Markdown.count(m.params().quantum()),
                    m.secondsPerEpoch().format(2), total));
            if (pColumns) {
                Paired pt = paired.get(m.name());
                boolean ref = m == models.get(0);
                row.add(ref ? "reference" : pt == null ? "n/a" : pt.format("accuracy"));
                row.add(ref ? "reference" : pt == null ? "n/a" : pt.format("roc_auc"));
            }
            b.append(Markdown.row(row));
        }
        if (!paired.isEmpty()) {
            b.append("\n**Paired tests against ").append(models.get(0).name()).append(".** Mean difference (model - ")
                    .append(models.get(0).name()).append(") and two-sided p-values, paired t-test / Wilcoxon signed-rank")
                    .append(" (exact without ties, else the normal approximation; zero differences dropped).\n\n");
            List<String> h = new ArrayList<>(List.of("model", "pairs"));
            for (String metric : PAIRED_METRICS) {
                h.add(metric.equals("roc_auc") ? "AUC" : metric.equals("f1") ? "F1" : metric);
            }
            b.append(Markdown.header(h, true));
            for (Paired pt : paired.values()) {
                List<String> row = new ArrayList<>(List.of(pt.model(), Integer.toString(pt.seeds().size())));
                for (String metric : PAIRED_METRICS) {
                    PairedTest.Result r = pt.tests().get(metric);
                    row.add(r == null ? "n/a" : String.format(Locale.ROOT, "%+.3f, p %s", r.meanDifference(), pt.format(metric)));
                }
                b.append(Markdown.row(row));
            }
        }
        b.append("\nAlso as [").append(CSV).append("](").append(CSV).append(") and [").append(JSON).append("](")
                .append(JSON).append(").\n\n");
        b.append("## Loss\n\nSolid: training, dashed: validation.\n\n![loss curves](").append(LOSS_PNG).append(")\n\n");
        b.append("## Accuracy\n\n![accuracy curves](").append(ACCURACY_PNG).append(")\n\n");
        b.append("## Time per epoch\n\n![seconds per epoch](").append(EPOCH_TIME_PNG).append(")\n\n");
        b.append("## Confusion matrices\n\nRows are true classes, columns predicted classes.\n\n");
        for (ModelSummary m : models) {
            b.append("### ").append(m.name()).append("\n\n![").append(m.name()).append(" confusion matrix](")
                    .append(confusionPng(m.name())).append(")\n\n");
            b.append(RunReport.confusionTable(summedConfusion(m), m.runs().get(0).test().classNames())).append('\n');
        }
        b.append("## Runs and settings\n\n");
        b.append(Markdown.header(List.of("model", "seed", "epochs", "accuracy", "AUC", "s / epoch", "total time"), true));
        for (ModelSummary m : models) {
            for (RunResult r : m.runs()) {
                b.append(Markdown.row(List.of(r.name(), Long.toString(r.seed()), Integer.toString(r.epochs()),
                        Markdown.f4(r.test().accuracy()), Markdown.f4(r.test().rocAuc()), Markdown.f3(r.secondsPerEpoch()),
                        Markdown.seconds(r.totalSeconds()))));
            }
        }
        for (ModelSummary m : models) {
            RunResult r = m.runs().get(0);
            b.append("\n### ").append(m.name()).append(" (seed ").append(r.seed()).append(")\n\n");
            b.append(Markdown.provenanceTable(r.provenance()));
        }
        return b.toString();
    }
}
