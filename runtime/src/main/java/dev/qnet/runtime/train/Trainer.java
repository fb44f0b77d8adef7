package dev.qnet.runtime.train;

import dev.qnet.core.Setting;
import dev.qnet.runtime.data.DatasetSplits;
import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import dev.qnet.runtime.nn.SoftmaxCrossEntropy;
import dev.qnet.runtime.optim.Adam;
import dev.qnet.runtime.optim.Optimizer;
import dev.qnet.runtime.optim.Sgd;
import dev.qnet.runtime.random.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mini-batch training of a {@link Layer} with softmax cross-entropy: seeded shuffling each epoch,
 * per-batch transform hook, validation after every epoch, best weights kept by the select metric,
 * optional early stopping, a checkpoint after every epoch, and resume from one.
 *
 * <p>Reproducibility: the epoch's shuffle uses a RNG derived from (seed, epoch) and a batch's
 * transform one derived from (seed, epoch, batch), and parameters are initialised by the caller
 * from its own seed; so the same seed gives the same numbers, and a run resumed from the
 * checkpoint of epoch k continues exactly like the uninterrupted run.
 *
 * <p>A final training batch of a single sample is skipped (batch norm cannot normalise one value).
 */
public final class Trainer {

    private final TrainingConfig config;
    private final BatchTransform transform;
    private final List<TrainingListener> listeners;
    private final ModelCheckpoint checkpoint;
    private volatile boolean stopRequested;

    /** @param checkpoint where to save after every epoch, or null for no checkpoints */
    public Trainer(TrainingConfig config, BatchTransform transform, List<TrainingListener> listeners,
                   ModelCheckpoint checkpoint) {
        this.config = config;
        this.transform = transform == null ? BatchTransform.IDENTITY : transform;
        this.listeners = List.copyOf(listeners);
        this.checkpoint = checkpoint;
    }

    /** Asks training to stop at the next batch boundary (e.g. from a Ctrl-C handler); safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Trains from the model's current parameters. */
    public TrainingResult train(Layer model, DatasetSplits data) {
        Optimizer optimizer = optimizer(config);
        return run(model, data, optimizer, 0, new ArrayList<>(), 0, Double.NaN, 0, null);
    }

    /** Continues from a checkpoint written by a run with the same configuration, model and data. */
    public TrainingResult resume(Layer model, DatasetSplits data, TrainingState state) {
        if (state.seed() != config.seed()) {
            throw new CheckpointException("checkpoint was written with seed " + state.seed()
                    + " but this run uses seed " + config.seed());
        }
        ModelCheckpoint.restore(model, state.parameters());
        Optimizer optimizer = optimizer(config);
        optimizer.restore(state.optimizer());
        return run(model, data, optimizer, state.epochsDone(), new ArrayList<>(state.history()), state.bestEpoch(),
                state.bestMetric(), state.epochsWithoutImprovement(),
                state.bestParameters().isEmpty() ? null : state.bestParameters());
    }

    /**
     * The step every training batch of {@link #train} takes, bound to {@code model}, with a fresh
     * optimiser of this configuration and its loss (class weights included). Public so the
     * benchmarks time exactly the code {@code qnetc run} executes per batch.
     */
    public BatchStep batchStep(Layer model) {
        return new BatchStep(model, optimizer(config), new SoftmaxCrossEntropy(config.classWeights()));
    }

    /**
     * One training step on one batch: zero the gradients, forward + loss + backward inside the
     * step workspace, then the optimiser. The workspace is learned on the first call and reused.
     */
    public static final class BatchStep implements AutoCloseable {
        private final Layer model;
        private final List<Parameter> params;
        private final Optimizer optimizer;
        private final SoftmaxCrossEntropy loss;
        private final StepWorkspace workspace = new StepWorkspace("qnet-train");

        BatchStep(Layer model, Optimizer optimizer, SoftmaxCrossEntropy loss) {
            this.model = model;
            this.params = model.parameters();
            this.optimizer = optimizer;
            this.loss = loss;
        }

        /**
         * @param images the batch, created inside the step's workspace (so it is called inside it)
         * @return {mean loss, number correct}; a non-finite loss skips backward and the optimiser
         */
        public double[] run(Supplier<INDArray> images, int[] labels, double lr) {
            params.forEach(Parameter::zeroGrad);
            double[] r = workspace.run(() -> {
                var res = loss.compute(model.forward(images.get(), true), labels);
                if (Double.isFinite(res.loss())) {
                    model.backward(res.gradLogits());
                }
                return new double[] {res.loss(), res.correct()};
            });
            if (Double.isFinite(r[0])) {
                optimizer.step(params, lr);
            }
            return r;
        }

        /** Frees the step workspace's memory. */
        @Override
        public void close() {
            workspace.close();
        }
    }

    private TrainingResult run(Layer model, DatasetSplits data, Optimizer optimizer, int startEpoch,
                               List<EpochRecord> history, int bestEpoch, double bestMetric, int without,
                               Map<String, INDArray> best) {
        long t0 = System.nanoTime();
        List<Parameter> params = model.parameters();
        DataType dtype = params.stream().filter(Parameter::isTrainable).findFirst()
                .map(p -> p.value().dataType()).orElse(DataType.FLOAT);
        LabeledImages train = data.train();
        int n = config.limit() > 0 ? Math.min(config.limit(), train.size()) : train.size();
        if (n == 0) {
            throw new IllegalArgumentException("training split of " + data.name() + " is empty");
        }
        int batch = config.batchSize();
        int batches = batchesFor(n, batch);
        // A checkpoint written by the epoch that triggered early stopping belongs to a run that is
        // over (it crashed while writing its results): resuming it trains no further epoch.
        boolean stoppedEarly = config.patience() > 0 && without >= config.patience() && startEpoch > 0
                && startEpoch < config.epochs();
        boolean interrupted = false;
        // Both workspaces are freed however the loop ends (a non-finite loss throws).
        try (BatchStep step = new BatchStep(model, optimizer, new SoftmaxCrossEntropy(config.classWeights()));
             StepWorkspace evalWs = new StepWorkspace("qnet-eval")) {
            SoftmaxCrossEntropy lossFn = step.loss;
            for (int epoch = stoppedEarly ? config.epochs() : startEpoch; epoch < config.epochs(); epoch++) {
                long te = System.nanoTime();
                double lr = config.schedule().lr(config.lr(), epoch) * warmup(epoch);
                int[] order = shuffled(n, new Random(Seeds.derive(config.seed(), epoch)));
                int ep = epochNumber(epoch);
                listeners.forEach(l -> l.epochStart(ep, config.epochs(), batches));
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                for (int b = 0; b < batches; b++) {
                    if (stopRequested) {
                        interrupted = true;
                        break;
                    }
                    long tb = System.nanoTime();
                    int from = b * batch;
                    int to = b == batches - 1 ? n : from + batch;
                    int[] labels = Batches.labels(train, order, from, to);
                    Random rng = new Random(Seeds.derive(config.seed(), epoch, b));
                    double[] r = step.run(() -> transform.apply(Batches.images(train, order, from, to, dtype), rng, true),
                            labels, lr);
                    if (!Double.isFinite(r[0])) {
                        throw new NonFiniteLossException(epochNumber(epoch), b + 1, r[0]);
                    }
                    int size = to - from;
                    lossSum += r[0] * size;
                    correct += (long) r[1];
                    seen += size;
                    double rate = size / ((System.nanoTime() - tb) / 1e9);
                    int bn = b + 1;
                    double meanLoss = lossSum / seen;
                    double acc = (double) correct / seen;
                    listeners.forEach(l -> l.batchEnd(bn, meanLoss, acc, rate));
                }
                if (interrupted) {
                    break;
                }
                Evaluation val = Evaluation.of(model, data.val(), lossFn, batch, transform, dtype, evalWs,
                        config.positiveClass());
                EpochRecord rec = new EpochRecord(epochNumber(epoch), lr, lossSum / seen, (double) correct / seen,
                        val.loss(), val.accuracy(), val.precision(), val.recall(), val.f1(), val.auc(),
                        (System.nanoTime() - te) / 1e9);
                history.add(rec);
                double metric = config.select().of(rec);
                if (best == null || config.select().improves(metric, bestMetric)) {
                    bestMetric = metric;
                    bestEpoch = rec.epoch();
                    best = ModelCheckpoint.snapshot(model);
                    without = 0;
                } else {
                    without++;
                }
                listeners.forEach(l -> l.epochEnd(rec));
                if (checkpoint != null) {
                    save(new TrainingState(epoch + 1, ModelCheckpoint.snapshot(model), optimizer.state(), history,
                            bestEpoch, bestMetric, without, best, config.seed()));
                }
                if (config.patience() > 0 && without >= config.patience()) {
                    stoppedEarly = epoch + 1 < config.epochs();
                    break;
                }
            }
        }
        if (best != null) {
            ModelCheckpoint.restore(model, best);
        }
        return new TrainingResult(history, bestEpoch, bestMetric, stoppedEarly, interrupted,
                (System.nanoTime() - t0) / 1e9);
    }

    private static int batchesFor(int n, int batch) {
        int b = (n + batch - 1) / batch;
        return n % batch == 1 && b > 1 ? b - 1 : b;
    }

    private static int epochNumber(int epochIndex) {
        return epochIndex + 1;
    }

    private void save(TrainingState s) {
        try {
            checkpoint.save(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + checkpoint.file() + ": " + e.getMessage(), e);
        }
    }

    /** Fisher-Yates permutation of 0..n-1. */
    static int[] shuffled(int n, Random rng) {
        int[] o = Batches.identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }

    /** The warm-up factor of an epoch: (epoch + 1) / warmup during the warm-up, then 1. */
    private double warmup(int epoch) {
        int epochs = config.settings().integer(Setting.WARMUP);
        return epoch < epochs ? (epoch + 1.0) / epochs : 1.0;
    }

    /** A fresh optimiser of the configuration's kind, as every run of it starts with (public for the profile). */
    public static Optimizer optimizer(TrainingConfig c) {
        return switch (c.optimizer()) {
            case ADAM -> Adam.adam(c.weightDecay());
            case ADAMW -> Adam.adamW(c.weightDecay());
            case SGD -> new Sgd(c.momentum(), c.nesterov(), c.weightDecay());
        };
    }
}
