package dev.qnet.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One qnet/peer comparison as pairs of measurements taken back to back: qnet, peer, qnet, peer...
 * so both sides of a pair see the same machine state, and a load change between pairs moves
 * both. Each measurement is its own process (qnet's StepBench or a peer script) that prints every
 * timed step's milliseconds as one JSON line; its samples/s comes from its median step, computed
 * here the same way for both sides, and its peak RSS from {@link PeakRss}. The ratio qnet/peer is
 * taken per pair; the case reports the median ratio with its min, max and number of pairs.
 */
public final class PairedMeasurement {

    /** One side of the comparison: how to start one measurement. */
    public record Side(String label, List<String> command, Map<String, String> env) {
    }

    private final Proc proc;
    private final Path tmp;
    private final double timeoutSeconds;
    private int counter;

    public PairedMeasurement(Proc proc, Path tmp, double timeoutSeconds) {
        this.proc = proc;
        this.tmp = tmp;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** {@code pairs} pairs of {@code qnet} then {@code peer}; with no peer, {@code pairs} qnet measurements alone. */
    public ObjectNode run(String name, int batch, Side qnet, Side peer, int pairs) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("batch", batch);
        o.put("pairs_requested", pairs);
        o.put("qnet_command", shown(qnet.command()));
        if (peer != null) {
            o.put("peer_command", shown(peer.command()));
        }
        ArrayNode all = o.putArray("pairs");
        List<JsonNode> q = new ArrayList<>();
        List<JsonNode> p = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            ObjectNode pair = all.addObject();
            String at = name + " pair " + (i + 1) + "/" + pairs;
            ObjectNode mq = measure(at, batch, qnet);
            pair.set("qnet", mq);
            if (mq.has("error")) {
                o.put("error", mq.path("error").asText());
                break;
            }
            q.add(mq);
            if (peer == null) {
                continue;
            }
            ObjectNode mp = measure(at, batch, peer);
            pair.set("peer", mp);
            if (mp.has("error")) {
                o.put("peer_error", mp.path("error").asText());
                break;
            }
            p.add(mp);
            double r = mq.path("samples_per_s").asDouble() / mp.path("samples_per_s").asDouble();
            pair.put("ratio", BenchRunner.round3(r));
            ratios.add(r);
            BenchRunner.step("  " + at + ": qnet/peer " + BenchRunner.round3(r));
        }
        o.set("qnet", side(q));
        if (peer != null) {
            o.set("peer", side(p));
            if (!q.isEmpty() && !p.isEmpty()) {
                long qp = q.get(0).path("setup").path("params").asLong(-1);
                long pp = p.get(0).path("setup").path("params").asLong(-2);
                o.put("same_parameter_count", qp == pp);
            }
        }
        if (!ratios.isEmpty()) {
            Stats s = Stats.of(ratios.stream().mapToDouble(Double::doubleValue).toArray());
            o.putObject("ratio").put("median", BenchRunner.round3(s.median())).put("min", BenchRunner.round3(s.min()))
                    .put("max", BenchRunner.round3(s.max())).put("pairs", s.count());
        }
        return o;
    }

    /** One process: its steps, samples/s from the median step, its peak RSS and wall time. */
    private ObjectNode measure(String at, int batch, Side side) {
        Path rss = tmp.resolve("rss-" + (++counter) + ".kib");
        BenchRunner.step(at + ": " + side.label());
        Proc.Result r = proc.run(PeakRss.wrap(side.command(), rss), side.env(), timeoutSeconds);
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("peak_rss_mib", PeakRss.readMib(rss));
        m.put("wall_s", CheckLatencyBench.round(r.seconds()));
        JsonNode line = BenchRunner.lastJsonLine(r.stdout());
        if (!r.ok() || line == null || line.path("ms").isEmpty()) {
            m.put("error", side.label() + " failed (exit " + r.exitCode() + "): " + r.tail());
            return m;
        }
        double[] ms = new double[line.path("ms").size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = line.path("ms").get(i).asDouble();
        }
        Stats s = Stats.of(ms);
        m.put("samples_per_s", Math.round(batch * 1000 / s.median() * 100) / 100.0);
        m.put("median_ms", s.median());
        m.put("min_ms", s.min());
        m.put("steps", s.count());
        m.set("ms", line.path("ms"));
        m.set("warmup_ms", line.path("warmup_ms"));
        ObjectNode setup = line.deepCopy();
        setup.remove(List.of("ms", "warmup_ms"));
        m.set("setup", setup);
        BenchRunner.step("    " + Math.round(m.path("samples_per_s").asDouble() * 10) / 10.0 + " samples/s (median of "
                + s.count() + " steps), peak RSS " + m.path("peak_rss_mib").asDouble() + " MiB, " + m.path("wall_s") + " s");
        return m;
    }

    /** A command as the results show it: the JVM's long class path elided. */
    private static String shown(List<String> command) {
        List<String> c = new ArrayList<>(command);
        int cp = c.indexOf("-cp");
        if (cp >= 0 && cp + 1 < c.size()) {
            c.set(cp + 1, "<bench/target jar and lib>");
        }
        return String.join(" ", c);
    }

    /** Median (min, max) over one side's measurements of samples/s and peak RSS, and its setup. */
    private static ObjectNode side(List<JsonNode> ms) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("measurements", ms.size());
        if (ms.isEmpty()) {
            return o;
        }
        for (String k : new String[] {"samples_per_s", "peak_rss_mib"}) {
            Stats s = Stats.of(ms.stream().mapToDouble(j -> j.path(k).asDouble()).toArray());
            o.putObject(k).put("median", s.median()).put("min", s.min()).put("max", s.max());
        }
        o.set("setup", ms.get(0).path("setup"));
        return o;
    }
}
