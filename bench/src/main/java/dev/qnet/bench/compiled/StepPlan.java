package dev.qnet.bench.compiled;

import java.util.ArrayList;
import java.util.List;

/**
 * How one measurement warms up and how long it times: at least {@code warmupSteps} untimed steps
 * and {@code warmupSeconds} of them (JIT compilation, oneDNN primitive creation, the step workspace
 * learning its size), then at least {@code steps} timed steps and {@code seconds} of them. qnet's
 * {@link StepBench} and the PyTorch peers take the same four options ({@link #args()}), so both
 * sides of a pair follow the same rule.
 */
public record StepPlan(int warmupSteps, double warmupSeconds, int steps, double seconds) {

    public StepPlan {
        if (warmupSteps < 0 || steps < 1 || warmupSeconds < 0 || seconds < 0) {
            throw new IllegalArgumentException("step plan: need steps >= 1 and no negative counts or times");
        }
    }

    /** Milliseconds of each warm-up and each timed call of {@code step}. */
    public record Times(double[] warmupMs, double[] ms) {
    }

    public Times time(Runnable step) {
        List<Double> warm = new ArrayList<>();
        long start = System.nanoTime();
        while (warm.size() < warmupSteps || (System.nanoTime() - start) / 1e9 < warmupSeconds) {
            warm.add(timeOne(step));
        }
        List<Double> timed = new ArrayList<>();
        start = System.nanoTime();
        while (timed.size() < steps || (System.nanoTime() - start) / 1e9 < seconds) {
            timed.add(timeOne(step));
        }
        return new Times(warm.stream().mapToDouble(Double::doubleValue).toArray(),
                timed.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double timeOne(Runnable step) {
        long t = System.nanoTime();
        step.run();
        return (System.nanoTime() - t) / 1e6;
    }

    /** The command-line options of this plan, as StepBench and the peers read them. */
    public List<String> args() {
        return List.of("--warmup-steps", Integer.toString(warmupSteps), "--warmup-seconds", Double.toString(warmupSeconds),
                "--steps", Integer.toString(steps), "--seconds", Double.toString(seconds));
    }

    /** Reads the options of {@link #args()} (each optional, defaults as given) from {@code args}. */
    public static StepPlan parse(List<String> args, StepPlan defaults) {
        return new StepPlan(
                (int) option(args, "--warmup-steps", defaults.warmupSteps()),
                option(args, "--warmup-seconds", defaults.warmupSeconds()),
                (int) option(args, "--steps", defaults.steps()),
                option(args, "--seconds", defaults.seconds()));
    }

    private static double option(List<String> args, String name, double dflt) {
        int at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? Double.parseDouble(args.get(at + 1)) : dflt;
    }
}
