package dev.qnet.runtime.report;

/** Trainable parameters, split as the study reports them: classical weights and circuit angles. */
public record ParamCounts(long classical, long quantum) {

    public long total() {
        return classical + quantum;
    }
}
