package dev.qnet.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.qnet.runtime.report.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The sweep's ranking: one row per point (its seeds pooled, mean and sample standard deviation),
 * sorted by the selected metric, best first; points with no finished trial come last.
 */
final class Leaderboard {

    /** Mean and sample std (n - 1; NaN for one value). */
    record Stat(double mean, double std, int n) {
        static Stat of(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
            double[] v = runs.stream().mapToDouble(f).toArray();
            if (v.length == 0) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double mean = 0;
            for (double x : v) mean += x;
            mean /= v.length;
            double ss = 0;
            for (double x : v) ss += (x - mean) * (x - mean);
            return new Stat(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : Double.NaN, v.length);
        }

        String format() {
            if (!Double.isFinite(mean)) return "n/a";
            String m = String.format(Locale.ROOT, "%.4f", mean);
            return n > 1 && Double.isFinite(std) ? m + " ± " + String.format(Locale.ROOT, "%.4f", std) : m;
        }
    }

    /** One point: its values, finished runs (one per seed), failed trial ids and summary statistics. */
    record Row(String label, Map<String, String> point, List<Trial> trials, List<RunResult> runs, List<String> failed,
               Stat metric, Stat accuracy, Stat auc, Stat f1, Stat valLoss, long params, Stat seconds) {}

    final SweepMetric metric;
    final List<Row> rows;

    Leaderboard(SweepMetric metric, List<Trial> trials, Map<String, RunResult> finished, Map<String, String> failures) {
        this.metric = metric;
        Map<String, List<Trial>> byPoint = new LinkedHashMap<>();
        for (Trial t : trials) {
            byPoint.computeIfAbsent(t.pointLabel(), k -> new ArrayList<>()).add(t);
        }
        List<Row> out = new ArrayList<>();
        for (var e : byPoint.entrySet()) {
            List<RunResult> runs = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (Trial t : e.getValue()) {
                if (finished.containsKey(t.id())) runs.add(finished.get(t.id()));
                else if (failures.containsKey(t.id())) failed.add(t.id());
            }
            out.add(new Row(e.getKey(), e.getValue().get(0).point(), e.getValue(), runs, failed, Stat.of(runs, metric::of),
                    Stat.of(runs, r -> r.test().accuracy()), Stat.of(runs, r -> r.test().rocAuc()),
                    Stat.of(runs, r -> r.test().f1()), Stat.of(runs, SweepMetric.VAL_LOSS::of),
                    runs.isEmpty() ? 0 : runs.get(0).params().total(), Stat.of(runs, RunResult::totalSeconds)));
        }
        Comparator<Row> byMetric = Comparator.comparingDouble(r -> metric.higherIsBetter ? -r.metric.mean() : r.metric.mean());
        out.sort(Comparator.<Row, Boolean>comparing(r -> !Double.isFinite(r.metric.mean())).thenComparing(byMetric));
        this.rows = List.copyOf(out);
    }

    /** The best point's best seed by the metric (the trial to re-run alone), or null when none finished. */
    Trial bestTrial() {
        if (rows.isEmpty() || rows.get(0).runs().isEmpty()) return null;
        Row best = rows.get(0);
        RunResult top = best.runs().stream().min(Comparator.comparingDouble(
                r -> metric.higherIsBetter ? -metric.of(r) : metric.of(r))).orElseThrow();
        return best.trials().stream().filter(t -> t.seed() == top.seed()).findFirst().orElse(best.trials().get(0));
    }

    String csv(List<String> names) {
        StringBuilder b = new StringBuilder("rank");
        for (String n : names) b.append(',').append(n);
        b.append(',').append(metric.key).append("_mean,").append(metric.key).append("_std,seeds,failed,")
                .append("test_accuracy_mean,test_accuracy_std,test_auc_mean,test_auc_std,params,seconds_mean\n");
        int rank = 1;
        for (Row r : rows) {
            b.append(rank++);
            for (String n : names) b.append(',').append(csvCell(r.point().getOrDefault(n, "")));
            b.append(',').append(num(r.metric().mean())).append(',').append(num(r.metric().std())).append(',')
                    .append(r.runs().size()).append(',').append(r.failed().size()).append(',')
                    .append(num(r.accuracy().mean())).append(',').append(num(r.accuracy().std())).append(',')
                    .append(num(r.auc().mean())).append(',').append(num(r.auc().std())).append(',')
                    .append(r.params()).append(',').append(num(r.seconds().mean())).append('\n');
        }
        return b.toString();
    }

    String json() {
        List<Map<String, Object>> list = new ArrayList<>();
        int rank = 1;
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rank", rank++);
            m.put("point", r.point());
            m.put("metric", metric.key);
            m.put("mean", finite(r.metric().mean()));
            m.put("std", finite(r.metric().std()));
            m.put("seeds", r.runs().size());
            m.put("values", r.runs().stream().map(x -> finite(metric.of(x))).toList());
            m.put("trials", r.trials().stream().map(Trial::id).toList());
            m.put("failed", r.failed());
            m.put("test_accuracy", finite(r.accuracy().mean()));
            m.put("test_auc", finite(r.auc().mean()));
            m.put("params", r.params());
            list.add(m);
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
                    Map.of("metric", metric.key, "higher_is_better", metric.higherIsBetter, "rows", list));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
