package dev.qnet.sweep;

import java.io.Serializable;

/**
 * What an executor sends back for one trial; the results themselves are in the trial's directory.
 *
 * @param status  how it ended
 * @param error   one line for a failure, else null
 * @param seconds wall time of the task
 */
record TrialOutcome(String id, Status status, String error, double seconds) implements Serializable {

    enum Status { FINISHED, FAILED, INTERRUPTED }

    static TrialOutcome failed(String id, String error, double seconds) {
        return new TrialOutcome(id, Status.FAILED, error, seconds);
    }
}
