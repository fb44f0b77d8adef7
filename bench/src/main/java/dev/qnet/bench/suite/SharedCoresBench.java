package dev.qnet.bench.suite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two {@code qnetc run}s of the quick start started together, against the same run alone: each
 * pair is one solo run then two concurrent runs, back to back, and the ratio is the solo
 * run's steady epoch time over each concurrent run's. With qnet's default (a fair share of the
 * cores) and, for comparison, with both runs pinned to every core ({@code --threads cores}, what
 * every pool did before the fair share existed).
 */
public final class SharedCoresBench {

    private SharedCoresBench() {
    }

    public static ObjectNode measure(Path root, Path tmp, String file, int epochs, int pairs, Map<String, String> env,
                                     int cores) throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("file", file);
        o.put("epochs", epochs);
        o.put("pairs", pairs);
        o.put("method", "per pair: one solo run, then two runs started together; ratio = solo steady epoch s / "
                + "concurrent steady epoch s (median over epochs 2..), one ratio per concurrent run; median over pairs");
        o.set("fair_share", policy(root, tmp.resolve("fair"), file, epochs, pairs, env, List.of()));
        o.set("pinned_all_cores", policy(root, tmp.resolve("pinned"), file, epochs, pairs, env,
                List.of("--threads", Integer.toString(cores))));
        return o;
    }

    private static ObjectNode policy(Path root, Path dir, String file, int epochs, int pairs, Map<String, String> env,
                                     List<String> extra) throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("extra_args", String.join(" ", extra));
        ArrayNode ratios = o.putArray("ratios");
        ArrayNode solo = o.putArray("solo_epoch_s");
        ArrayNode duo = o.putArray("concurrent_epoch_s");
        List<Double> all = new ArrayList<>();
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int p = 0; p < pairs; p++) {
                Path pd = dir.resolve("pair-" + p);
                Files.createDirectories(pd);
                double s = steady(run(root, pd.resolve("solo"), file, epochs, env, extra));
                Future<ObjectNode> a = two.submit(() -> run(root, pd.resolve("a"), file, epochs, env, extra));
                Future<ObjectNode> b = two.submit(() -> run(root, pd.resolve("b"), file, epochs, env, extra));
                double da = steady(a.get());
                double db = steady(b.get());
                solo.add(s);
                duo.add(CheckLatencyBench.round(da));
                duo.add(CheckLatencyBench.round(db));
                for (double d : new double[] {da, db}) {
                    double r = Math.round(s / d * 1000) / 1000.0;
                    ratios.add(r);
                    all.add(r);
                }
            }
        } catch (Exception e) {
            o.put("error", e.getMessage());
            return o;
        } finally {
            two.shutdownNow();
        }
        Stats st = Stats.of(all.stream().mapToDouble(Double::doubleValue).toArray());
        o.put("ratio_median", st.median());
        o.put("ratio_min", st.min());
        return o;
    }

    private static ObjectNode run(Path root, Path out, String file, int epochs, Map<String, String> env, List<String> extra)
            throws IOException {
        Files.createDirectories(out);
        Proc proc = new Proc(root, out);
        // EpochTimeBench runs `./qnetc run FILE --epochs N --out DIR`; the extra options go after --out's value.
        return EpochTimeBench.measure(proc, Path.of(file), epochs, 0, out.resolve("run"), env, 1800, extra);
    }

    private static double steady(ObjectNode run) {
        if (run.has("error")) {
            throw new IllegalStateException(run.get("error").asText());
        }
        return run.get("median_s").asDouble();
    }
}
