package dev.qnet.sweep;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * What every task of a sweep shares, shipped to the executors with each trial. Paths are absolute
 * strings: on a cluster the .qnet file, the data and the sweep directory must be at the same
 * paths on every worker (a shared file system).
 *
 * @param file    the .qnet file
 * @param train   which train section ({@code --train}), or null for the first
 * @param out     the sweep directory
 * @param threads compute threads per trial, or 0 for Spark's {@code spark.task.cpus} of the task
 */
record SweepJob(String file, String train, String out, int threads) implements Serializable {

    Path trialDir(Trial t) {
        return SweepLayout.trialDir(Path.of(out), t.id());
    }
}
