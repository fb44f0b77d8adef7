package dev.qnet.runtime.train;

import java.util.List;
import java.util.Map;
import dev.qnet.runtime.optim.OptimizerState;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything needed to continue training exactly where it stopped: the model's parameters and
 * state (by qualified name), the optimizer's state, epochs done, the history and the best-epoch
 * bookkeeping. Epoch shuffles and augmentation are derived from (seed, epoch, batch), so the
 * completed-epoch count is the whole RNG state.
 */
public record TrainingState(int epochsDone, Map<String, INDArray> parameters, OptimizerState optimizer,
                            List<EpochRecord> history, int bestEpoch, double bestMetric, int epochsWithoutImprovement,
                            Map<String, INDArray> bestParameters, long seed) {

    public TrainingState {
        history = List.copyOf(history);
        parameters = Map.copyOf(parameters);
        bestParameters = Map.copyOf(bestParameters);
    }
}
