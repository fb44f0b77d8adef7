package dev.qnet.sweep;

import dev.qnet.runtime.io.AtomicFiles;
import dev.qnet.runtime.report.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes the leaderboard (CSV, JSON), the plots and report.md of a sweep directory. */
final class SweepReport {

    private SweepReport() {
    }

    static void write(Path out, Leaderboard board, List<String> names, List<SweepPlan.Rejected> rejected,
                      Map<String, String> failures, String rerun) throws IOException {
        AtomicFiles.write(out.resolve(SweepLayout.LEADERBOARD_CSV), o -> o.write(board.csv(names).getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(out.resolve(SweepLayout.LEADERBOARD_JSON), o -> o.write(board.json().getBytes(StandardCharsets.UTF_8)));
        Path plots = out.resolve(SweepLayout.PLOTS);
        List<String> pngs = new ArrayList<>();
        for (String n : names) {
            String f = SweepCharts.fileName(board.metric, n);
            SweepCharts.metricAgainst(plots.resolve(f), board, n);
            pngs.add(f);
        }
        Trial best = board.bestTrial();
        List<String> bestCurves = new ArrayList<>();
        if (best != null) {
            for (String png : List.of(RunReport.LOSS_PNG, RunReport.ACCURACY_PNG)) {
                Path src = SweepLayout.trialDir(out, best.id()).resolve(png);
                if (Files.isRegularFile(src)) {
                    Path dst = plots.resolve("best-" + png);
                    AtomicFiles.writeFile(dst, tmp -> Files.copy(src, tmp, StandardCopyOption.REPLACE_EXISTING));
                    bestCurves.add("best-" + png);
                }
            }
        }
        String md = markdown(board, names, rejected, failures, rerun, best, pngs, bestCurves);
        AtomicFiles.write(out.resolve(SweepLayout.REPORT), o -> o.write(md.getBytes(StandardCharsets.UTF_8)));
    }

    static String markdown(Leaderboard board, List<String> names, List<SweepPlan.Rejected> rejected,
                           Map<String, String> failures, String rerun, Trial best, List<String> pngs,
                           List<String> bestCurves) {
        StringBuilder b = new StringBuilder("# Sweep leaderboard\n\n");
        b.append("Ranked by `").append(board.metric.key).append("` (").append(board.metric.higherIsBetter
                ? "higher" : "lower").append(" is better; mean ± sample std over seeds).\n\n");
        List<String> head = new ArrayList<>(List.of("rank"));
        head.addAll(names);
        head.addAll(List.of(board.metric.key, "seeds", "test accuracy", "test auc", "params", "s/trial"));
        b.append(row(head));
        b.append(row(head.stream().map(h -> "---").toList()));
        int rank = 1;
        for (Leaderboard.Row r : board.rows) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(rank++)));
            for (String n : names) cells.add("`" + r.point().getOrDefault(n, "") + "`");
            cells.add(r.metric().format());
            cells.add(r.runs().size() + (r.failed().isEmpty() ? "" : " (" + r.failed().size() + " failed)"));
            cells.add(r.accuracy().format());
            cells.add(r.auc().format());
            cells.add(r.runs().isEmpty() ? "" : String.format("%,d", r.params()));
            cells.add(Double.isFinite(r.seconds().mean()) ? String.format(java.util.Locale.ROOT, "%.1f", r.seconds().mean()) : "");
            b.append(row(cells));
        }
        if (best != null) {
            b.append("\n## Best trial\n\n`").append(best.id()).append("` (trials/").append(best.id())
                    .append("/). Re-run it alone:\n\n```\n").append(rerun).append("\n```\n\n");
            for (String png : bestCurves) b.append("![").append(png).append("](plots/").append(png).append(")\n\n");
        }
        if (!pngs.isEmpty()) {
            b.append("## ").append(board.metric.key).append(" by parameter\n\n");
            for (String png : pngs) b.append("![").append(png).append("](plots/").append(png).append(")\n\n");
        }
        if (!failures.isEmpty()) {
            b.append("## Failed trials\n\n");
            failures.forEach((id, e) -> b.append("- `").append(id).append("`: ").append(e.replace("\n", " ")).append('\n'));
            b.append('\n');
        }
        if (!rejected.isEmpty()) {
            b.append("## Rejected by the compiler (not run)\n\n");
            for (SweepPlan.Rejected r : rejected) {
                b.append("- `").append(r.point()).append("`:\n\n```\n").append(r.diagnostic()).append("\n```\n");
            }
        }
        return b.toString();
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}
