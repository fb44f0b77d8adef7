package dev.qnet.runtime.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PNG figures of run and comparison reports, drawn with XChart. One colour per model; a
 * solid line is training, a dashed line validation, so one figure overlays several models.
 */
public final class Charts {

    static {
        // Reports are written on servers and in CI: never try to open a display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {7f, 5f}, 0f);
    private static final BasicStroke SOLID = new BasicStroke(2f);

    private Charts() {
    }

    /** Mean curve per model over its seeds, epoch by epoch (epochs present in every seed). */
    static Map<String, double[][]> meanCurves(List<RunResult> runs, ToDoubleFunction<HistoryRow> value) {
        Map<String, List<RunResult>> byModel = new LinkedHashMap<>();
        for (RunResult r : runs) {
            byModel.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
        }
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (var e : byModel.entrySet()) {
            int epochs = e.getValue().stream().mapToInt(RunResult::epochs).min().orElse(0);
            double[] x = new double[epochs];
            double[] y = new double[epochs];
            for (int i = 0; i < epochs; i++) {
                x[i] = e.getValue().get(0).history().get(i).epoch();
                double sum = 0;
                for (RunResult r : e.getValue()) {
                    sum += value.applyAsDouble(r.history().get(i));
                }
                y[i] = sum / e.getValue().size();
            }
            out.put(e.getKey(), new double[][] {x, y});
        }
        return out;
    }

    /** Training (solid) and validation (dashed) curves of one quantity, one colour per model. */
    public static void trainValCurves(Path png, String title, String yTitle, List<RunResult> runs,
                                      ToDoubleFunction<HistoryRow> train, ToDoubleFunction<HistoryRow> val)
            throws IOException {
        XYChart chart = xyChart(title, yTitle);
        Map<String, double[][]> t = meanCurves(runs, train);
        Map<String, double[][]> v = meanCurves(runs, val);
        boolean single = t.size() == 1;
        int colour = 0;
        for (String model : t.keySet()) {
            Color c = PALETTE[colour++ % PALETTE.length];
            add(chart, single ? "train" : model + " train", t.get(model), c, SOLID);
            add(chart, single ? "validation" : model + " val", v.get(model), c, DASHED);
        }
        save(chart, png);
    }

    /** Seconds per epoch, one line per model. */
    public static void epochTimes(Path png, List<RunResult> runs) throws IOException {
        XYChart chart = xyChart("Wall time per epoch", "seconds");
        Map<String, double[][]> s = meanCurves(runs, HistoryRow::seconds);
        int colour = 0;
        for (var e : s.entrySet()) {
            add(chart, e.getKey(), e.getValue(), PALETTE[colour++ % PALETTE.length], SOLID);
        }
        save(chart, png);
    }

    private static XYChart xyChart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        var st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(0xdddddd));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        st.setXAxisDecimalPattern("#");
        st.setDecimalPattern("#.###");
        return chart;
    }

    private static void add(XYChart chart, String name, double[][] xy, Color c, BasicStroke stroke) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < xy[0].length; i++) {
            if (Double.isFinite(xy[1][i])) {
                x.add(xy[0][i]);
                y.add(xy[1][i]);
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(c);
        s.setLineStyle(stroke);
        s.setMarkerColor(c);
        s.setMarker(x.size() <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    /** Confusion matrix as a heat map with the count in each cell; true class on the rows. */
    public static void confusion(Path png, String title, long[][] counts, List<String> classNames) throws IOException {
        int k = classNames.size();
        int side = Math.max(520, 140 + 90 * k);
        HeatMapChart chart = new HeatMapChartBuilder().width(side + 120).height(side).title(title)
                .xAxisTitle("predicted").yAxisTitle("true").build();
        var st = chart.getStyler();
        st.setShowValue(true);
        st.setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, k > 8 ? 12 : 16));
        st.setValueFontColor(Color.BLACK);
        st.setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x9ecae1), new Color(0x4292c6)});
        st.setHeatMapValueDecimalPattern("#");
        st.setDecimalPattern("#");
        st.setChartBackgroundColor(Color.WHITE);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendVisible(true);
        long max = 0;
        List<Number[]> cells = new ArrayList<>();
        // The y axis grows upwards: list classes in reverse so class 0 is the top row, as usual.
        List<String> yNames = new ArrayList<>(classNames);
        java.util.Collections.reverse(yNames);
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - t, counts[t][p]});
                max = Math.max(max, counts[t][p]);
            }
        }
        st.setMin(0);
        st.setMax(Math.max(1, max));
        chart.addSeries("count", shortNames(classNames), shortNames(yNames), cells);
        save(chart, png);
    }

    /** Long MedMNIST class names would squash the axes: cut to a readable length. */
    private static List<String> shortNames(List<String> names) {
        return names.stream().map(n -> n.length() <= 18 ? n : n.substring(0, 16) + "…").toList();
    }

    private static void save(Chart<?, ?> chart, Path png) throws IOException {
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
