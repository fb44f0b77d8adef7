package dev.qnet.bench.suite;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seconds per epoch of a real {@code ./qnetc run} on PneumoniaMNIST, read back from the run's
 * history.csv (one epoch = all training batches with augmentation, the optimiser step and the
 * validation pass). The command's wall time (JVM start, data load, test evaluation, report) is
 * recorded next to it.
 */
public final class EpochTimeBench {

    /** PneumoniaMNIST's split sizes (shared/data/README.md), for extrapolating a --limit run. */
    public static final int PNEUMONIA_TRAIN = 4708;
    public static final int PNEUMONIA_VAL = 524;

    private EpochTimeBench() {
    }

    /**
     * Runs {@code file} for {@code epochs} epochs ({@code limit} > 0: on the first {@code limit}
     * training images only) and returns per-epoch seconds.
     */
    public static ObjectNode measure(Proc proc, Path file, int epochs, int limit, Path outDir, Map<String, String> env,
                                     double timeoutSeconds) {
        return measure(proc, file, epochs, limit, outDir, env, timeoutSeconds, List.of());
    }

    /** Like the other form, with {@code extra} options appended to the command (e.g. {@code --threads 2}). */
    public static ObjectNode measure(Proc proc, Path file, int epochs, int limit, Path outDir, Map<String, String> env,
                                     double timeoutSeconds, List<String> extra) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("file", file.toString());
        o.put("epochs", epochs);
        List<String> cmd = new ArrayList<>(List.of("./qnetc", "run", file.toString(), "--epochs", Integer.toString(epochs),
                "--out", outDir.toString()));
        if (limit > 0) {
            cmd.add("--limit=" + limit);
            o.put("limit", limit);
        }
        cmd.addAll(extra);
        o.put("command", String.join(" ", cmd).replace(outDir.toString(), "<tmp>"));
        Proc.Result r = proc.run(cmd, env, timeoutSeconds);
        o.put("wall_s", CheckLatencyBench.round(r.seconds()));
        if (!r.ok()) {
            o.put("error", "qnetc run failed (exit " + r.exitCode() + "): " + r.tail());
            return o;
        }
        // The trainer's progress lines ("epoch 2/2 batch 1/1 loss .. acc .. 5 img/s"): the training
        // rate of each batch, without the validation pass, for extrapolating --limit runs.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("epoch (\\d+)/\\d+ batch \\d+/\\d+ .*?([\\d.]+) img/s")
                .matcher(r.stderr().replace('\r', '\n'));
        ObjectNode rates = o.putObject("train_images_per_s_by_epoch");
        while (m.find()) {
            rates.withArray(m.group(1)).add(Double.parseDouble(m.group(2)));
        }
        Path history = outDir.resolve("history.csv");
        try {
            List<String> lines = Files.readAllLines(history);
            int col = List.of(lines.get(0).split(",")).indexOf("seconds");
            if (col < 0) {
                o.put("error", history + ": no seconds column");
                return o;
            }
            var per = o.putArray("epoch_seconds");
            double[] s = new double[lines.size() - 1];
            for (int i = 1; i < lines.size(); i++) {
                s[i - 1] = Double.parseDouble(lines.get(i).split(",")[col]);
                per.add(CheckLatencyBench.round(s[i - 1]));
            }
            o.put("first_epoch_s", CheckLatencyBench.round(s[0]));
            // Later epochs are the steady state (JIT compiled, oneDNN primitives cached); with one
            // epoch only the first is there, which includes that warm-up.
            double[] later = s.length > 1 ? java.util.Arrays.copyOfRange(s, 1, s.length) : s;
            Stats st = Stats.of(later);
            o.put("min_s", CheckLatencyBench.round(st.min()));
            o.put("median_s", CheckLatencyBench.round(st.median()));
            o.put("steady_state", s.length > 1);
        } catch (IOException | RuntimeException e) {
            o.put("error", "cannot read " + history + ": " + e.getMessage());
        }
        return o;
    }
}
