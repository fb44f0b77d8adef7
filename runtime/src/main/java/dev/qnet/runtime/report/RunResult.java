package dev.qnet.runtime.report;

import dev.qnet.runtime.metrics.Evaluation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a finished run reports: what the CLI hands to {@link RunReport#write} and what
 * {@link RunResults#read} loads back from a results directory so {@code compare} can reuse runs.
 *
 * @param name         model name (the .qnet model's name); runs with equal names are seeds of one model
 * @param seed         the run's seed
 * @param history      one row per epoch, in order
 * @param test         metrics on the test split (with the best checkpoint)
 * @param params       trainable parameter counts
 * @param totalSeconds wall time of the whole run (training plus evaluation)
 * @param provenance   caller-supplied facts: data name and md5, source hash, resolved settings,
 *                     versions, start time... (strings, numbers, lists and maps; kept in order)
 */
public record RunResult(String name, long seed, List<HistoryRow> history, Evaluation test, ParamCounts params,
                        double totalSeconds, Map<String, Object> provenance) {

    public RunResult {
        history = List.copyOf(history);
        provenance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** Mean wall time of one training epoch, NaN with no epochs. */
    public double secondsPerEpoch() {
        return history.stream().mapToDouble(HistoryRow::seconds).average().orElse(Double.NaN);
    }

    public int epochs() {
        return history.size();
    }
}
