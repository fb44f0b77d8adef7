package dev.qnet.sweep;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.diag.CompileException;
import dev.qnet.compiler.diag.DiagnosticPrinter;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.driver.lower.ExperimentBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The trials of a sweep, every one checked before anything runs: the points of the grid (or
 * {@code --random N} samples) times the seeds. A swept name the selected network declares is a
 * network argument, compiled into the network ({@link Compiler#compile(Path, Map)}); {@code data}
 * is the dataset; any other name is a train setting, checked as {@code --set} checks it. A point
 * the compiler or the settings check refuses is rejected with its diagnostic, not run.
 */
final class SweepPlan {

    /** A combination that does not check, with the compiler's (or setting check's) message. */
    record Rejected(String point, String diagnostic) {}

    /**
     * @param sweep    the swept dimensions in command-line order ({@code data} last when given by {@code --data})
     * @param random   number of random points, or 0 for the full grid
     * @param fixedArgs network arguments every trial gets ({@code --arg})
     * @param fixedSet  settings every trial gets ({@code --set}, {@code --epochs}, {@code --limit}, ...)
     * @param seed     the first seed (null: the train section's), {@code seeds} consecutive ones per point
     */
    record Spec(Path file, String train, List<Dimension> sweep, int random, long sampleSeed, int seeds, Long seed,
                Map<String, String> fixedArgs, Map<String, String> fixedSet) {}

    final List<Trial> trials;
    final List<Rejected> rejected;
    /** The swept names that are network arguments. */
    final Set<String> networkArguments;
    /** The compiled program without swept values: the train section's defaults for the report. */
    final TrainIr baseTrain;

    private SweepPlan(List<Trial> trials, List<Rejected> rejected, Set<String> networkArguments, TrainIr baseTrain) {
        this.trials = List.copyOf(trials);
        this.rejected = List.copyOf(rejected);
        this.networkArguments = Set.copyOf(networkArguments);
        this.baseTrain = baseTrain;
    }

    static SweepPlan of(Spec spec) {
        CompilationResult base = compile(spec.file(), spec.fixedArgs());
        if (!base.ok()) {
            throw new SweepException(DiagnosticPrinter.render(base.diagnostics()).stripTrailing());
        }
        TrainIr baseTrain = select(base, spec);
        Set<String> declared = baseTrain.network().arguments().keySet();
        Set<String> networkArgs = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Dimension d : spec.sweep()) {
            if (!names.add(d.name())) {
                throw new SweepException("--grid " + d.name() + " is given twice");
            }
            if (d.name().equals("seed")) {
                throw new SweepException("--grid seed: use --seeds K (and --seed S for the first)");
            }
            if (d.isRange() && spec.random() == 0) {
                throw new SweepException("--grid " + d.name() + ": a range needs --random N (a grid takes lists V1,V2,...)");
            }
            if (declared.contains(d.name())) {
                networkArgs.add(d.name());
            }
        }
        List<Map<String, String>> points = spec.random() > 0 ? sample(spec) : grid(spec.sweep());
        List<Trial> trials = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Map<Map<String, String>, CompilationResult> compiled = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Map<String, String> point : points) {
            Map<String, String> args = new LinkedHashMap<>(spec.fixedArgs());
            Map<String, String> set = new LinkedHashMap<>(spec.fixedSet());
            point.forEach((k, v) -> (networkArgs.contains(k) ? args : set).put(k, v));
            String label = label(point);
            CompilationResult c = compiled.computeIfAbsent(args, a -> compile(spec.file(), a));
            if (!c.ok()) {
                rejected.add(new Rejected(label, DiagnosticPrinter.render(c.diagnostics()).stripTrailing()));
                continue;
            }
            TrainIr train = select(c, spec);
            long first = spec.seed() != null ? spec.seed() : train.seed();
            try {
                // The settings check of `qnetc run --set`, on the trial's own values.
                Map<String, String> withSeed = new LinkedHashMap<>(set);
                withSeed.put("seed", Long.toString(first));
                ExperimentBuilder.config(train, ExperimentBuilder.Overrides.fromMap(withSeed));
            } catch (NumberFormatException e) {
                rejected.add(new Rejected(label, "epochs, batch, limit and seed take whole numbers"));
                continue;
            } catch (ExperimentBuilder.SetupException | IllegalArgumentException e) {
                // IllegalArgumentException: a value out of range for epochs, batch or limit ("must be positive").
                rejected.add(new Rejected(label, "error: " + label + ": " + e.getMessage()));
                continue;
            }
            for (int k = 0; k < spec.seeds(); k++) {
                long seed = first + k;
                String id = uniqueId(point, seed, ids);
                trials.add(new Trial(id, point, args, set, seed));
            }
        }
        return new SweepPlan(trials, rejected, networkArgs, baseTrain);
    }

    private static CompilationResult compile(Path file, Map<String, String> args) {
        try {
            return Compiler.compile(file, args);
        } catch (CompileException e) {
            throw new SweepException(e.getMessage());
        }
    }

    private static TrainIr select(CompilationResult c, Spec spec) {
        try {
            return ExperimentBuilder.select(c.program(), spec.train(), spec.file().toString());
        } catch (ExperimentBuilder.SetupException e) {
            throw new SweepException(e.getMessage());
        }
    }

    /** Every combination, the first dimension varying slowest. */
    static List<Map<String, String>> grid(List<Dimension> dims) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Dimension d : dims) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : out) {
                for (String v : d.values()) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(d.name(), v);
                    next.add(q);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * {@code random} distinct points, drawn from one generator seeded with {@code --sample-seed}, so
     * the same command draws the same points (and a re-run resumes them).
     */
    static List<Map<String, String>> sample(Spec spec) {
        Random rng = new Random(spec.sampleSeed());
        List<Map<String, String>> out = new ArrayList<>();
        Set<Map<String, String>> seen = new HashSet<>();
        for (int tries = 0; out.size() < spec.random() && tries < spec.random() * 50; tries++) {
            Map<String, String> p = new LinkedHashMap<>();
            for (Dimension d : spec.sweep()) {
                p.put(d.name(), d.sample(rng));
            }
            if (seen.add(p)) {
                out.add(p);
            }
        }
        return out;
    }

    static String label(Map<String, String> point) {
        StringBuilder b = new StringBuilder();
        point.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return b.isEmpty() ? "(defaults)" : b.toString();
    }

    /** {@code lr-0.001_width-8_seed-7}: readable, safe in a path; a clash after sanitising gets a number. */
    private static String uniqueId(Map<String, String> point, long seed, Set<String> taken) {
        StringBuilder b = new StringBuilder();
        point.forEach((k, v) -> b.append(clean(k)).append('-').append(clean(v)).append('_'));
        String id = b.append("seed-").append(seed).toString();
        String unique = id;
        for (int n = 2; !taken.add(unique); n++) {
            unique = id + "-" + n;
        }
        return unique;
    }

    private static String clean(String s) {
        String c = s.replaceAll("[^A-Za-z0-9.+-]+", "~");
        return c.length() > 40 ? c.substring(0, 40) : c;
    }
}
