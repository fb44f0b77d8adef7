package dev.qnet.runtime.train;

import java.util.List;

/**
 * What {@link Trainer} returns; the model holds the best epoch's weights afterwards.
 *
 * @param bestEpoch    1-based epoch whose weights were kept (0 if no epoch completed)
 * @param stoppedEarly patience ran out
 * @param interrupted  {@link Trainer#requestStop()} ended training before the last epoch
 */
public record TrainingResult(List<EpochRecord> history, int bestEpoch, double bestMetric,
                             boolean stoppedEarly, boolean interrupted, double seconds) {

    public TrainingResult {
        history = List.copyOf(history);
    }
}
