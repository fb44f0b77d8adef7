package dev.qnet.bench.compiled;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qnet.core.Keyword;
import dev.qnet.core.Precision;
import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.nn.Precisions;
import dev.qnet.runtime.train.BatchTransform;
import dev.qnet.runtime.train.Predictor;
import dev.qnet.runtime.train.Trainer;
import dev.qnet.runtime.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One measurement of the compiled path, run by bench/run in its own process (so its peak RSS is
 * its own): compiles a .qnet file ({@link CompiledModel}) and times, on a fixed random batch,
 *
 * <ul>
 *   <li>{@code train}: the Trainer's per-batch step ({@link Trainer.BatchStep}: the train section's
 *       optimiser, softmax cross-entropy with its class weights, the step workspace), the code
 *       every batch of {@code qnetc run} executes. The batch transform is the identity: the peers
 *       neither augment nor normalise (the seconds per epoch of bench/run include both);</li>
 *   <li>{@code infer}: {@link Predictor#probabilities} on one batch of the freshly initialised
 *       model, the code of {@code qnetc eval}, {@code predict} and the test pass of {@code run}.</li>
 * </ul>
 *
 * <p>usage: StepBench FILE.qnet train|infer BATCH [StepPlan options]; prints one JSON line with
 * every step's milliseconds (bench/run computes the medians, for qnet and the peers alike).
 */
public final class StepBench {

    private StepBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = List.of(args);
        if (a.size() < 3 || !(a.get(1).equals("train") || a.get(1).equals("infer"))) {
            System.err.println("usage: StepBench FILE.qnet train|infer BATCH [--warmup-steps N] [--warmup-seconds S]"
                    + " [--steps N] [--seconds S] [--precision fp32|bf16]");
            System.exit(2);
        }
        Path file = Path.of(a.get(0));
        boolean train = a.get(1).equals("train");
        int batch = Integer.parseInt(a.get(2));
        StepPlan plan = StepPlan.parse(a, new StepPlan(1, 0, 3, 0));

        int at = a.indexOf("--precision");
        Precision precision = at >= 0 && at + 1 < a.size()
                ? Keyword.parse(Precision.values(), a.get(at + 1), "precision") : null;
        CompiledModel m = CompiledModel.compile(file, batch, precision);
        Nd4j.getRandom().setSeed(0);
        long[] shape = IntStream.concat(IntStream.of(batch), m.input().stream().mapToInt(Integer::intValue))
                .mapToLong(i -> i).toArray();
        // Standard normal pixels: what the declared `normalize` gives the network.
        INDArray x = Nd4j.randn(DataType.FLOAT, shape);
        int[] labels = new Random(0).ints(batch, 0, m.classes()).toArray();
        TrainingConfig config = m.configFor(labels);

        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("impl", "qnet");
        out.put("file", file.toString());
        out.put("train", m.train().title());
        out.put("mode", a.get(1));
        out.put("batch", batch);
        out.put("params", m.train().network().params());
        out.put("circuit_params", m.train().network().circuitParams());
        out.put("precision", precision == null ? "file" : precision.keyword());
        // What the layers compute in: bf16 falls back to fp32 on a CPU without BF16 instructions.
        out.put("precision_effective", Precisions.effective(m.precision()).keyword());
        out.put("threads", Nd4j.getEnvironment().maxMasterThreads());
        out.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        StepPlan.Times times;
        if (train) {
            Trainer.BatchStep step = new Trainer(config, BatchTransform.IDENTITY, List.of(), null).batchStep(m.model());
            double lr = config.schedule().lr(config.lr(), 0);
            double[] loss = {Double.NaN, Double.NaN};
            times = plan.time(() -> {
                // The trainer gathers every batch into a new array inside the step workspace: so does this.
                double[] r = step.run(x::dup, labels, lr);
                if (!Double.isFinite(r[0])) {
                    throw new IllegalStateException("non-finite loss " + r[0]);
                }
                loss[0] = Double.isNaN(loss[0]) ? r[0] : loss[0];
                loss[1] = r[0];
            });
            step.close();
            out.put("optimizer", config.optimizer().name().toLowerCase(Locale.ROOT));
            out.put("lr", lr);
            out.put("class_weights", m.train().classWeights().keyword());
            out.put("loss_first", loss[0]);
            out.put("loss_last", loss[1]);
        } else {
            LabeledImages images = new LabeledImages(x, labels,
                    IntStream.range(0, m.classes()).mapToObj(Integer::toString).toList());
            double[] sink = {0};
            times = plan.time(() -> sink[0] += Predictor.probabilities(m.model(), images, batch, BatchTransform.IDENTITY)
                    .getDouble(0, 0));
            if (!Double.isFinite(sink[0])) {
                throw new IllegalStateException("non-finite probabilities");
            }
        }
        ms(out.putArray("warmup_ms"), times.warmupMs());
        ms(out.putArray("ms"), times.ms());
        System.out.println(out);
    }

    private static void ms(ArrayNode a, double[] v) {
        for (double d : v) {
            a.add(Math.round(d * 100) / 100.0);
        }
    }
}
