package dev.qnet.driver.experiment;

import dev.qnet.runtime.data.Augmentation;
import dev.qnet.runtime.data.DatasetSplits;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.report.ParamCounts;
import dev.qnet.runtime.train.TrainingConfig;
import java.util.List;
import java.util.Map;

/**
 * Everything one training run needs, already resolved: the runtime's view of a {@code train}
 * section. Built by the compiler's driver; the runtime never sees source text.
 *
 * @param name          the run's title in reports, e.g. {@code qcnn pneumonia}
 * @param model         freshly initialised layers (initialised from {@code config.seed()})
 * @param params        classical and quantum trainable parameter counts
 * @param data          the loaded splits
 * @param augment       random augmentations for training batches, in declared order
 * @param normalize     whether to standardise per channel with the training split's mean and std
 * @param config        optimiser, schedule, epochs, batch, seed, selection, limit
 * @param positiveClass the positive class of binary precision/recall/F1
 * @param provenance    what produced the run (source hash, settings, versions); copied into metrics.json
 * @param artifacts     extra files written under {@code model/} with the weights (relative path -> text),
 *                      e.g. the source and resolved settings that let {@code qnetc eval} rebuild the model
 */
public record ExperimentPlan(String name, Layer model, ParamCounts params, DatasetSplits data,
                             List<Augmentation> augment, boolean normalize, TrainingConfig config, int positiveClass,
                             Map<String, Object> provenance, Map<String, String> artifacts) {
    public ExperimentPlan {
        augment = List.copyOf(augment);
        provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
        artifacts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(artifacts));
    }

    /** The same plan with one more provenance entry (e.g. the run its weights started from). */
    public ExperimentPlan withProvenance(String key, Object value) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(provenance);
        m.put(key, value);
        return new ExperimentPlan(name, model, params, data, augment, normalize, config, positiveClass, m, artifacts);
    }

    public ExperimentPlan withArtifacts(Map<String, String> files) {
        return new ExperimentPlan(name, model, params, data, augment, normalize, config, positiveClass, provenance, files);
    }
}
