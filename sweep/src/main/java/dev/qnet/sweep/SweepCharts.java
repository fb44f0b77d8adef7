package dev.qnet.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import dev.qnet.runtime.io.AtomicFiles;

/**
 * The metric against each swept parameter: every point of the sweep is a marker at its value of
 * that parameter (mean over seeds, error bar one std), so the other parameters' spread shows as the
 * vertical scatter. Numeric values get a numeric axis (logarithmic when they span a factor of 10 or
 * more), others one category each.
 */
final class SweepCharts {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private SweepCharts() {
    }

    /** File name of the plot for {@code name}. */
    static String fileName(SweepMetric metric, String name) {
        return metric.key + "-vs-" + name.replaceAll("[^A-Za-z0-9_.-]+", "_") + ".png";
    }

    static void metricAgainst(Path file, Leaderboard board, String name) throws IOException {
        List<String> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> errs = new ArrayList<>();
        for (Leaderboard.Row r : board.rows) {
            if (!Double.isFinite(r.metric().mean())) continue;
            xs.add(r.point().get(name));
            ys.add(r.metric().mean());
            errs.add(Double.isFinite(r.metric().std()) ? r.metric().std() : 0.0);
        }
        String title = board.metric.key + " by " + name;
        Chart<?, ?> chart;
        if (!xs.isEmpty() && xs.stream().allMatch(SweepCharts::isNumber)) {
            double[] x = xs.stream().mapToDouble(Double::parseDouble).toArray();
            double min = java.util.Arrays.stream(x).min().orElse(1);
            double max = java.util.Arrays.stream(x).max().orElse(1);
            XYChart c = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle(name)
                    .yAxisTitle(board.metric.key).build();
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            c.getStyler().setXAxisLogarithmic(min > 0 && max / min >= 10);
            c.getStyler().setLegendVisible(false);
            c.getStyler().setMarkerSize(9);
            XYSeries s = c.addSeries("points", x, ys.stream().mapToDouble(Double::doubleValue).toArray(),
                    errs.stream().mapToDouble(Double::doubleValue).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
            chart = c;
        } else {
            // One bar per category: the mean of the points with that value.
            Map<String, double[]> sums = new LinkedHashMap<>();
            for (int i = 0; i < xs.size(); i++) {
                double[] acc = sums.computeIfAbsent(String.valueOf(xs.get(i)), k -> new double[2]);
                acc[0] += ys.get(i);
                acc[1]++;
            }
            CategoryChart c = new CategoryChartBuilder().width(640).height(420).title(title).xAxisTitle(name)
                    .yAxisTitle(board.metric.key + " (mean over points)").build();
            c.getStyler().setLegendVisible(false);
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            if (sums.isEmpty()) {
                sums.put("(no finished trial)", new double[] {0, 1});
            }
            c.addSeries("points", new ArrayList<>(sums.keySet()),
                    sums.values().stream().map(a -> a[0] / a[1]).toList());
            chart = c;
        }
        Chart<?, ?> finalChart = chart;
        AtomicFiles.write(file, (OutputStream out) -> BitmapEncoder.saveBitmap(finalChart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private static boolean isNumber(String s) {
        if (s == null) return false;
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
