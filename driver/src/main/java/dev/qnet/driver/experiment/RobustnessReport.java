package dev.qnet.driver.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.qnet.compiler.ir.NoiseIr;
import dev.qnet.runtime.report.AtomicDirectory;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The files of a robustness sweep: robustness.csv, robustness.json, robustness.png and report.md, written atomically. */
public final class RobustnessReport {
    public static final String CSV = "robustness.csv";
    public static final String JSON = "robustness.json";
    public static final String PNG = "robustness.png";
    public static final String REPORT = "report.md";

    private RobustnessReport() {}

    /** One evaluation: noise scale, shots (0 = exact) and the split's metrics. */
    public record Row(double scale, int shots, double accuracy, double auc, double loss, long count) {}

    /** @param parts the quantum parts the noise and shots were applied to (paths), empty for all */
    public record Sweep(String train, String dataset, String split, NoiseIr noise, List<String> parts, List<Row> rows) {
        public Sweep {
            parts = List.copyOf(parts);
        }
    }

    public static void write(Path dir, Sweep s) throws IOException {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        AtomicDirectory.write(dir, tmp -> {
            StringBuilder csv = new StringBuilder("scale,shots,accuracy,auc,loss,samples\n");
            for (Row r : s.rows()) {
                csv.append(String.format(Locale.ROOT, "%s,%s,%.6f,%.6f,%.6f,%d%n", num(r.scale()), shots(r.shots()), r.accuracy(),
                        r.auc(), r.loss(), r.count()));
            }
            Files.writeString(tmp.resolve(CSV), csv.toString(), StandardCharsets.UTF_8);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("train", s.train());
            json.put("dataset", s.dataset());
            json.put("split", s.split());
            json.put("noise", s.noise().name());
            json.put("rules", s.noise().rules().stream().map(NoiseIr.Rule::toSource).toList());
            json.put("readout", Map.of("p10", s.noise().readout().p10(), "p01", s.noise().readout().p01()));
            json.put("parts", s.parts().isEmpty() ? "all" : s.parts());
            List<Object> rows = new ArrayList<>();
            for (Row r : s.rows()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("scale", r.scale());
                m.put("shots", shots(r.shots()));
                m.put("accuracy", r.accuracy());
                m.put("auc", r.auc());
                m.put("loss", r.loss());
                m.put("samples", r.count());
                rows.add(m);
            }
            json.put("rows", rows);
            Files.writeString(tmp.resolve(JSON), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json),
                    StandardCharsets.UTF_8);
            chart(tmp.resolve(PNG), s);
            Files.writeString(tmp.resolve(REPORT), markdown(s), StandardCharsets.UTF_8);
        });
    }

    /** Accuracy (solid) and AUC (dashed markers) against noise scale, one colour per shot count. */
    private static void chart(Path png, Sweep s) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("accuracy and AUC under noise '" + s.noise().name() + "'")
                .xAxisTitle("noise scale (x every probability of the model)").yAxisTitle(s.split() + " metric").build();
        Color[] palette = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd)};
        Map<Integer, List<Row>> byShots = new TreeMap<>();
        for (Row r : s.rows()) byShots.computeIfAbsent(r.shots(), k -> new ArrayList<>()).add(r);
        int c = 0;
        for (var e : byShots.entrySet()) {
            List<Row> rs = new ArrayList<>(e.getValue());
            rs.sort((a, b) -> Double.compare(a.scale(), b.scale()));
            double[] x = rs.stream().mapToDouble(Row::scale).toArray();
            Color colour = palette[c++ % palette.length];
            XYSeries acc = chart.addSeries("accuracy, " + shots(e.getKey()) + " shots", x, rs.stream().mapToDouble(Row::accuracy).toArray());
            acc.setLineColor(colour);
            acc.setMarkerColor(colour);
            acc.setMarker(SeriesMarkers.CIRCLE);
            XYSeries auc = chart.addSeries("AUC, " + shots(e.getKey()) + " shots", x, rs.stream().mapToDouble(Row::auc).toArray());
            auc.setLineColor(colour);
            auc.setMarkerColor(colour);
            auc.setMarker(SeriesMarkers.DIAMOND);
            auc.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                    new float[] {7f, 5f}, 0f));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static String markdown(Sweep s) {
        StringBuilder md = new StringBuilder("## Robustness to noise\n\n");
        md.append("Model `").append(s.train()).append("` evaluated on the ").append(s.split()).append(" split of ")
                .append(s.dataset()).append(" under noise model `").append(s.noise().name())
                .append("`, every probability multiplied by the scale (capped at 1):\n\n");
        for (String statement : s.noise().statements()) md.append("- `").append(statement).append("`\n");
        if (!s.parts().isEmpty()) {
            md.append("\nNoise and shots applied to ").append(String.join(", ", s.parts().stream().map(p -> "`" + p + "`").toList()))
                    .append(" only; the other quantum parts run as trained.\n");
        }
        md.append("\n| scale | shots | accuracy | AUC | loss |\n|---:|---:|---:|---:|---:|\n");
        for (Row r : s.rows()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f |%n", num(r.scale()), shots(r.shots()), r.accuracy(),
                    r.auc(), r.loss()));
        }
        md.append("\n![accuracy and AUC against noise strength](").append(PNG).append(")\n");
        return md.toString();
    }

    static String shots(int shots) { return shots == 0 ? "exact" : String.valueOf(shots); }

    public static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
