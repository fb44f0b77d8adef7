package dev.qnet.sweep;

import java.nio.file.Path;

/**
 * The sweep directory: {@code sweep.json} (the plan, so a re-run can tell it is the same sweep),
 * {@code trials/ID/} (each a {@code qnetc run} results directory), {@code logs/ID.log} (each trial's
 * training log), {@code failures/ID.json} (a failed trial's error), {@code rejected.txt} (the
 * combinations the compiler refused, with their diagnostics), and the report: {@code leaderboard.csv},
 * {@code leaderboard.json}, {@code report.md} and {@code plots/}.
 */
final class SweepLayout {

    static final String PLAN = "sweep.json";
    static final String REJECTED = "rejected.txt";
    static final String LEADERBOARD_CSV = "leaderboard.csv";
    static final String LEADERBOARD_JSON = "leaderboard.json";
    static final String REPORT = "report.md";
    static final String PLOTS = "plots";

    private SweepLayout() {
    }

    static Path trialDir(Path out, String id) {
        return out.resolve("trials").resolve(id);
    }

    static Path log(Path out, String id) {
        return out.resolve("logs").resolve(id + ".log");
    }

    static Path failure(Path out, String id) {
        return out.resolve("failures").resolve(id + ".json");
    }
}
