package dev.qnet.bench.compiled;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.core.Precision;
import dev.qnet.core.Setting;
import dev.qnet.driver.lower.NetworkLowering;
import dev.qnet.driver.lower.TrainingLowering;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What {@code qnetc run FILE} builds before it touches data: the file compiled, its first train
 * section (the one qnetc run picks without {@code --train}), the network lowered in float32 with
 * the section's seed, and the section's training settings, with the batch size the benchmark
 * uses in place of the file's (as {@code --batch} would). No data is loaded: the benchmark
 * feeds a fixed random batch, as the PyTorch peers do.
 *
 * @param input the network's input shape [C, H, W]
 */
public record CompiledModel(Path file, TrainIr train, Layer model, TrainingConfig config, List<Integer> input,
                            int classes, Precision precision) {

    public static CompiledModel compile(Path file, int batch) {
        return compile(file, batch, null);
    }

    /** @param precision in place of the section's {@code precision} (as {@code --set precision=...}), or null */
    public static CompiledModel compile(Path file, int batch, Precision precision) {
        CompilationResult r = Compiler.compile(file);
        if (!r.ok()) {
            throw new IllegalArgumentException(file + " does not compile: " + r.diagnostics());
        }
        if (r.program().trains().isEmpty()) {
            throw new IllegalArgumentException(file + " has no train section");
        }
        TrainIr t = r.program().trains().get(0);
        TrainingConfig config = TrainingLowering.config(t).withBatchSize(batch);
        Precision p = precision != null ? precision : config.settings().choice(Setting.PRECISION, Precision.class);
        Layer model = new NetworkLowering(DataType.FLOAT, config.seed(), p).lower(t.network());
        return new CompiledModel(file, t, model, config, t.network().body().input().dims(),
                t.network().body().output().dims().get(0), p);
    }

    /**
     * The settings with {@code class_weights} resolved as qnetc run resolves it, from the
     * labels trained on (here the benchmark's random labels; the weights change the loss values,
     * not the work).
     */
    public TrainingConfig configFor(int[] labels) {
        double[] weights = TrainingLowering.classWeights(train.classWeights(), labels, classes);
        return weights == null ? config : config.withClassWeights(weights);
    }
}
