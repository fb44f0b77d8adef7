package dev.qnet.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training run of a sweep: a point of the search space and a seed. Serializable: Spark ships
 * it to the executor that runs it.
 *
 * @param id        its directory name under {@code trials/}, unique within the sweep
 * @param point     the swept values (name -> text), in the order of the command line, without the seed
 * @param arguments the network arguments (the fixed {@code --arg} ones and the swept ones)
 * @param settings  the train overrides in {@code --set} form (fixed and swept), including epochs, batch, limit, data
 * @param seed      the trial's seed
 */
record Trial(String id, Map<String, String> point, Map<String, String> arguments, Map<String, String> settings, long seed)
        implements Serializable {

    Trial {
        point = Collections.unmodifiableMap(new LinkedHashMap<>(point));
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** The point as one label, e.g. {@code lr=0.001 width=8}: trials with equal labels are seeds of one point. */
    String pointLabel() {
        return SweepPlan.label(point);
    }
}
