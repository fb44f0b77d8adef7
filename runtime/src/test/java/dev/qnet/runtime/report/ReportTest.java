package dev.qnet.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qnet.runtime.metrics.Evaluation;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path tmp;

    /**
     * A run whose numbers follow from a seed: predictions from a noisy score so the metrics are
     * real computations, curves that fall like training curves do.
     */
    static RunResult run(String name, long seed, int epochs, double skill, ParamCounts params) {
        Random rng = new Random(seed);
        int n = 200;
        int[] y = new int[n];
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3 == 0 ? 0 : 1;
            double logit = (y[i] == 1 ? skill : -skill) + rng.nextGaussian();
            double p1 = 1 / (1 + Math.exp(-logit));
            p[i] = new double[] {1 - p1, p1};
        }
        Evaluation e = Evaluation.of(y, p, 1, List.of("normal", "pneumonia"));
        List<HistoryRow> h = new ArrayList<>();
        for (int ep = 1; ep <= epochs; ep++) {
            double tl = 0.7 * Math.exp(-ep / (3.0 * skill)) + 0.05 * rng.nextDouble();
            h.add(new HistoryRow(ep, ep <= 20 ? 1e-3 : 1e-4, tl, 1 - tl / 1.4, tl * 1.2, 1 - tl / 1.2,
                    1 - tl / 1.3, 1 - tl / 2, 2 + rng.nextDouble()));
        }
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("data", "pneumoniamnist");
        prov.put("data_md5", "28209eda62fecd6e6a2d98b1501bb15f");
        prov.put("source_sha256", "ab12");
        prov.put("settings", Map.of("batch", 128, "lr", 1e-3, "augment", List.of("rotate 10", "flip h")));
        prov.put("versions", Map.of("qnet", "0.1.0", "java", "17"));
        return new RunResult(name, seed, h, e, params, epochs * 2.5 + 1, prov);
    }

    private static BufferedImage png(Path p) throws IOException {
        BufferedImage img = ImageIO.read(p.toFile());
        assertTrue(img != null && img.getWidth() >= 500 && img.getHeight() >= 400, p + " is not a readable PNG");
        return img;
    }

    @Test
    void runReportWritesEveryFileAndReadsBack() throws IOException {
        RunResult r = run("qcnn", 7, 12, 1.5, new ParamCounts(1234, 60));
        Path dir = tmp.resolve("results/qcnn-1");
        RunReport.write(dir, r);
        for (String f : RunReport.FILES) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        png(dir.resolve(RunReport.LOSS_PNG));
        png(dir.resolve(RunReport.ACCURACY_PNG));
        png(dir.resolve(RunReport.CONFUSION_PNG));
        JsonNode j = MetricsJson.MAPPER.readTree(dir.resolve(RunReport.METRICS).toFile());
        assertEquals(r.test().accuracy(), j.at("/test/accuracy").asDouble());
        assertEquals("pneumonia", j.at("/test/positive_class_name").asText());
        assertEquals(60, j.at("/parameters/quantum").asLong());
        assertEquals("28209eda62fecd6e6a2d98b1501bb15f", j.at("/provenance/data_md5").asText());
        assertEquals(12, j.at("/timing/epoch_seconds").size());
        List<String> csv = Files.readAllLines(dir.resolve(RunReport.HISTORY));
        assertEquals(HistoryCsv.HEADER, csv.get(0));
        assertEquals(13, csv.size());

        RunResult back = RunResults.read(dir);
        assertEquals(r.test(), back.test());
        assertEquals(r.history(), back.history());
        assertEquals(r.params(), back.params());
        assertEquals(r.seed(), back.seed());
        assertEquals(r.totalSeconds(), back.totalSeconds());
        assertEquals(r.provenance().get("data_md5"), back.provenance().get("data_md5"));
        assertEquals(MetricsJson.toJson(r), MetricsJson.toJson(back), "round trip is lossless");

        String md = Files.readString(dir.resolve(RunReport.REPORT));
        for (String f : List.of(RunReport.LOSS_PNG, RunReport.ACCURACY_PNG, RunReport.CONFUSION_PNG)) {
            assertTrue(md.contains("](" + f + ")"), f);
        }
        assertTrue(md.contains("binary, positive = pneumonia"), md);
        try (Stream<Path> s = Files.list(dir.getParent())) {
            assertEquals(List.of(dir), s.toList(), "no temporary directory left beside the results");
        }
    }

    @Test
    void existingDirectoryKeepsOtherFiles() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        Files.writeString(dir.resolve("model.zip"), "weights");
        Files.writeString(dir.resolve(RunReport.METRICS), "old");
        RunReport.write(dir, run("m", 1, 3, 1, new ParamCounts(10, 0)));
        assertEquals("weights", Files.readString(dir.resolve("model.zip")));
        assertTrue(Files.readString(dir.resolve(RunReport.METRICS)).contains("\"model\" : \"m\""));
    }

    @Test
    void aFailureLeavesNothingHalfWritten() {
        Path dir = tmp.resolve("out");
        IOException e = assertThrows(IOException.class, () -> AtomicDirectory.write(dir, d -> {
            Files.writeString(d.resolve("metrics.json"), "{}");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertFalse(Files.exists(dir));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(0, s.count(), "temporary directory removed");
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void historyWrittenBeforeValidationF1AndAucStillReads() throws IOException {
        Path f = tmp.resolve("old-history.csv");
        Files.writeString(f, HistoryCsv.HEADER_V1 + "\n1,0.001,0.5,0.8,0.4,0.85,3.5\n");
        List<HistoryRow> rows = HistoryCsv.read(f);
        assertEquals(List.of(new HistoryRow(1, 0.001, 0.5, 0.8, 0.4, 0.85, Double.NaN, Double.NaN, 3.5)), rows);
    }

    @Test
    void readingABadDirectoryIsAClearError() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("x"));
        ReportException e = assertThrows(ReportException.class, () -> RunResults.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("metrics.json") + ": not found"), e.getMessage());
        Files.writeString(dir.resolve("metrics.json"), "{ not json");
        Files.writeString(dir.resolve("history.csv"), HistoryCsv.HEADER + "\n");
        e = assertThrows(ReportException.class, () -> RunResults.read(dir));
        assertTrue(e.getMessage().contains("not readable JSON"), e.getMessage());
        Files.writeString(dir.resolve("history.csv"), "a,b\n");
        e = assertThrows(ReportException.class, () -> RunResults.read(dir));
        assertTrue(e.getMessage().contains("not a qnet history.csv"), e.getMessage());
    }

    @Test
    void comparisonWritesTableWithMeanAndStdOverSeeds() throws IOException {
        List<RunResult> runs = new ArrayList<>();
        for (long s = 1; s <= 3; s++) {
            runs.add(run("qcnn", s, 10, 1.2, new ParamCounts(850, 60)));
        }
        runs.add(run("resnet50", 1, 8, 2.0, new ParamCounts(23_503_298, 0)));
        Path dir = tmp.resolve("cmp");
        ComparisonReport.write(dir, runs);
        for (String f : List.of(ComparisonReport.CSV, ComparisonReport.JSON, ComparisonReport.LOSS_PNG,
                ComparisonReport.ACCURACY_PNG, ComparisonReport.EPOCH_TIME_PNG, ComparisonReport.REPORT,
                ComparisonReport.confusionPng("qcnn"), ComparisonReport.confusionPng("resnet50"))) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
            if (f.endsWith(".png")) {
                png(dir.resolve(f));
            }
        }
        List<String> csv = Files.readAllLines(dir.resolve(ComparisonReport.CSV));
        assertEquals(3, csv.size());
        assertEquals(String.join(",", ComparisonReport.CSV_HEADER), csv.get(0));
        String[] q = csv.get(1).split(",");
        assertEquals("qcnn", q[0]);
        assertEquals("3", q[1]);
        double[] acc = runs.subList(0, 3).stream().mapToDouble(r -> r.test().accuracy()).toArray();
        double mean = (acc[0] + acc[1] + acc[2]) / 3;
        double std = Math.sqrt(((acc[0] - mean) * (acc[0] - mean) + (acc[1] - mean) * (acc[1] - mean)
                + (acc[2] - mean) * (acc[2] - mean)) / 2);
        assertEquals(mean, Double.parseDouble(q[3]), 1e-12);
        assertEquals(std, Double.parseDouble(q[4]), 1e-12);
        assertEquals("23503298", csv.get(2).split(",")[13]);
        assertEquals("", csv.get(2).split(",", -1)[4], "no std for a single run");

        JsonNode j = MetricsJson.MAPPER.readTree(dir.resolve(ComparisonReport.JSON).toFile());
        assertEquals(2, j.get("models").size());
        assertEquals(mean, j.at("/models/0/mean/accuracy").asDouble(), 1e-12);
        assertEquals(3, j.at("/models/0/per_run").size());
        assertTrue(j.at("/models/1/std/accuracy").isNull());

        String md = Files.readString(dir.resolve(ComparisonReport.REPORT));
        assertTrue(md.contains("| qcnn (3 seeds) | " + String.format(java.util.Locale.ROOT, "%.3f ± %.3f", mean, std)),
                md);
        assertTrue(md.contains("| resnet50 | "), md);
        assertTrue(md.contains("| 23,503,298 | 0 |"), md);
        assertTrue(md.contains("28209eda62fecd6e6a2d98b1501bb15f"), md);
        for (String f : List.of("loss.png", "accuracy.png", "epoch_time.png", "confusion_qcnn.png", "confusion_resnet50.png")) {
            assertTrue(md.contains("](" + f + ")"), f);
        }
        // Comparison can be rebuilt from saved runs.
        Path saved = tmp.resolve("saved");
        RunReport.write(saved, runs.get(3));
        assertEquals(runs.get(3).test(), RunResults.read(saved).test());

        // Keep a copy under target/ for looking at the figures.
        Path preview = Path.of("target/report-preview");
        ComparisonReport.write(preview.resolve("compare"), runs);
        RunReport.write(preview.resolve("run"), runs.get(0));
    }
}
