package dev.qnet.runtime.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small helpers shared by the Markdown reports: number formats and table rows. */
final class Markdown {

    private Markdown() {
    }

    static String f4(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }

    static String f3(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
    }

    static String seconds(double s) {
        if (!Double.isFinite(s)) {
            return "n/a";
        }
        if (s < 120) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long total = Math.round(s);
        if (total < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", total / 60, total % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", total / 3600, (total % 3600) / 60);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    static String row(List<String> cells) {
        StringBuilder b = new StringBuilder("|");
        for (String c : cells) {
            b.append(' ').append(escape(c)).append(" |");
        }
        return b.append('\n').toString();
    }

    static String header(List<String> cells, boolean firstLeft) {
        StringBuilder b = new StringBuilder(row(cells)).append('|');
        for (int i = 0; i < cells.size(); i++) {
            b.append(i == 0 && firstLeft ? "---|" : "---:|");
        }
        return b.append('\n').toString();
    }

    /** Provenance as a two-column table; nested values are shown as compact JSON. */
    static String provenanceTable(Map<String, Object> provenance) {
        if (provenance.isEmpty()) {
            return "_no provenance recorded_\n";
        }
        StringBuilder b = new StringBuilder("| key | value |\n|---|---|\n");
        for (var e : provenance.entrySet()) {
            b.append(row(List.of(e.getKey(), "`" + value(e.getValue()).replace("`", "'") + "`")));
        }
        return b.toString();
    }

    static String value(Object v) {
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return MetricsJson.MAPPER.writer().without(
                        com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        return String.valueOf(v);
    }
}
