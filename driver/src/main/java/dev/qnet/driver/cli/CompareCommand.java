package dev.qnet.driver.cli;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.ablate.Ablation;
import dev.qnet.compiler.ablate.AblationTarget;
import dev.qnet.compiler.ablate.Variant;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.driver.experiment.Experiment;
import dev.qnet.driver.lower.ExperimentBuilder;
import dev.qnet.runtime.report.ComparisonReport;
import dev.qnet.runtime.stats.PairedTest;
import dev.qnet.runtime.report.RunResult;
import dev.qnet.runtime.report.RunResults;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code qnetc compare A.qnet B.qnet ... --out DIR}: every model under the same protocol, data and
 * seeds, then one report (Table 1, overlaid curves, confusion matrices). Arguments may also be
 * existing results directories, which are read instead of retrained.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Train several models under one protocol (or read finished runs) and write a comparison report.")
final class CompareCommand extends RuntimeCommand {

    @CommandLine.Parameters(arity = "1..*", paramLabel = "MODEL", description = ".qnet files or results directories")
    List<Path> models;

    @CommandLine.Mixin
    RunOptions options = new RunOptions();

    @CommandLine.Option(names = "--seeds", paramLabel = "K",
            description = "train each model with K seeds (seed, seed+1, ...), report mean ± std and paired tests "
                    + "against the first model (default 1; with --ablate 6, the fewest with which the exact Wilcoxon "
                    + "test can reach p < 0.05)")
    Integer seedsOption;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "DIR", description = "report directory")
    Path out;

    @CommandLine.Option(names = "--variants", split = ",", paramLabel = "NAME,...",
            description = "with --ablate: train only these networks of the ablation (model, classical-stage, classical-quanv,"
                    + " classical, frozen), e.g. to split an ablation over processes or machines; a later compare of all"
                    + " their results directories writes the whole table")
    List<String> variants;

    @Override
    int execute(PrintWriter outw, PrintWriter err) throws Exception {
        AblationTarget ablation = options.ablation();
        int seeds = seedsOption != null ? seedsOption : ablation != null ? PairedTest.pairsToReach(0.05) : 1;
        if (variants != null && ablation == null) {
            throw new ExperimentBuilder.SetupException("--variants needs --ablate");
        }
        if (seeds < 1) {
            throw new ExperimentBuilder.SetupException("--seeds must be at least 1");
        }
        // Compile everything first: a typo in the second file should not cost the first model's training.
        List<Input> inputs = new ArrayList<>();
        for (Path m : models) {
            if (Files.isDirectory(m)) {
                if (!RunResults.isResultsDir(m)) {
                    throw new ExperimentBuilder.SetupException(m + ": not a results directory (no metrics.json)");
                }
                inputs.add(new Input(m, null, null, null));
            } else {
                CompilationResult c = RuntimeSupport.compile(m, options.arguments, err);
                TrainIr t = ExperimentBuilder.select(c.program(), options.train, m.toString());
                if (ablation == null) {
                    inputs.add(new Input(null, c, t, null));
                } else {
                    List<Variant> all = Ablation.variants(t.network(), ablation);
                    for (Variant v : all) {
                        if (variants == null || variants.contains(variantName(v))) {
                            inputs.add(new Input(null, c, t, v));
                        }
                    }
                    if (variants != null) {
                        List<String> known = all.stream().map(CompareCommand::variantName).toList();
                        for (String name : variants) {
                            if (!known.contains(name)) {
                                throw new ExperimentBuilder.SetupException("--variants " + name + ": " + m
                                        + " has no such variant; it has " + String.join(", ", known));
                            }
                        }
                    }
                }
            }
        }
        boolean created = !Files.exists(out);
        List<RunResult> results = new ArrayList<>();
        try {
            for (Input in : inputs) {
                if (in.finished() != null) {
                    results.add(RunResults.read(in.finished()));
                    continue;
                }
                CompilationResult c = in.compiled();
                TrainIr t = in.train();
                long base = options.seed != null ? options.seed : ExperimentBuilder.config(t, options.overrides()).seed();
                for (int k = 0; k < seeds; k++) {
                    long seed = base + k;
                    String name = RunCommand.runName(t, in.variant());
                    Path runDir = out.resolve("runs").resolve(name + "-seed" + seed);
                    Experiment.Outcome o = RunCommand.execute(c, t, in.variant(), options.overrides().withSeed(seed), runDir,
                            false, err);
                    if (o.interrupted()) {
                        return 130;
                    }
                    RunCommand.printSummary(outw, o);
                    results.add(o.result());
                }
            }
            ComparisonReport.write(out, results);
        } catch (RuntimeException e) {
            if (created) {
                FileUtils.deleteQuietly(out.toFile());
            }
            throw e;
        }
        ComparisonTable.print(outw, results);
        outw.println("report: " + out.resolve("report.md"));
        outw.flush();
        return Qnetc.OK;
    }

    /** A variant's name for --variants: model, or its kind's keyword. */
    private static String variantName(Variant v) {
        return v.isModel() ? "model" : v.kind().keyword();
    }

    /** A finished run to read, or a compiled train section to run (as the ablation variant, when not null). */
    private record Input(Path finished, CompilationResult compiled, TrainIr train, Variant variant) {}
}
