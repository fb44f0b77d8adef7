package dev.qnet.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.core.Keyword;
import dev.qnet.core.OptimizerKind;
import dev.qnet.core.Setting;
import dev.qnet.runtime.data.DatasetSplits;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import dev.qnet.runtime.optim.LearningRateSchedule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainerTest {

    private final DatasetSplits data = SyntheticData.splits();
    private final TrainingConfig config = TrainingConfig.defaults().withOptimizer(OptimizerKind.ADAM, 0.02)
            .withEpochs(4).withBatchSize(16).withSeed(11)
            .withSchedule(new LearningRateSchedule.Step(2, 0.5));

    @TempDir
    Path dir;

    private static List<double[]> values(Layer model) {
        List<double[]> v = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            v.add(p.value().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(p.value().length()).toDoubleVector());
        }
        return v;
    }

    private static void assertSameRun(TrainingResult a, TrainingResult b, Layer ma, Layer mb) {
        assertEquals(a.history().size(), b.history().size());
        for (int i = 0; i < a.history().size(); i++) {
            EpochRecord x = a.history().get(i);
            EpochRecord y = b.history().get(i);
            assertEquals(x.trainLoss(), y.trainLoss(), 0, "train loss, epoch " + x.epoch());
            assertEquals(x.valLoss(), y.valLoss(), 0, "val loss, epoch " + x.epoch());
            assertEquals(x.valAccuracy(), y.valAccuracy(), 0);
            assertEquals(x.lr(), y.lr(), 0);
        }
        assertEquals(a.bestEpoch(), b.bestEpoch());
        List<double[]> va = values(ma);
        List<double[]> vb = values(mb);
        for (int i = 0; i < va.size(); i++) {
            assertArrayEquals(va.get(i), vb.get(i), 0, "parameter " + ma.parameters().get(i).name());
        }
    }

    @Test
    void lossFallsAndTheSeparableProblemIsLearned() {
        Layer model = SyntheticData.tinyCnn(5);
        List<Double> batchLosses = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override
            public void batchEnd(int batch, double loss, double accuracy, double samplesPerSecond) {
                batchLosses.add(loss);
            }
        };
        TrainingResult r = new Trainer(config.withEpochs(6), null, List.of(l), null).train(model, data);
        List<EpochRecord> h = r.history();
        assertEquals(6, h.size());
        assertTrue(h.get(5).trainLoss() < 0.7 * h.get(0).trainLoss(), "train loss fell: " + h);
        assertTrue(h.get(r.bestEpoch() - 1).valAccuracy() >= 0.85, "val accuracy of best epoch: " + h);
        assertEquals(6 * 6, batchLosses.size());
        // the model holds the best epoch's weights: evaluating it reproduces that epoch's val accuracy
        INDArray probs = Predictor.probabilities(model, data.val(), 10, null);
        int correct = 0;
        for (int i = 0; i < data.val().size(); i++) {
            int pred = probs.getDouble(i, 1) > probs.getDouble(i, 0) ? 1 : 0;
            correct += pred == data.val().labels()[i] ? 1 : 0;
            assertEquals(1.0, probs.getDouble(i, 0) + probs.getDouble(i, 1), 1e-5);
        }
        assertEquals(h.get(r.bestEpoch() - 1).valAccuracy(), (double) correct / data.val().size(), 1e-12);
    }

    @Test
    void sameSeedSameNumbers() {
        Layer a = SyntheticData.tinyCnn(5);
        Layer b = SyntheticData.tinyCnn(5);
        TrainingConfig c = config.withEpochs(2);
        TrainingResult ra = new Trainer(c, null, List.of(), null).train(a, data);
        TrainingResult rb = new Trainer(c, null, List.of(), null).train(b, data);
        assertSameRun(ra, rb, a, b);
        Layer other = SyntheticData.tinyCnn(5);
        TrainingResult ro = new Trainer(c.withSeed(12), null, List.of(), null).train(other, data);
        assertFalse(ro.history().get(0).trainLoss() == ra.history().get(0).trainLoss(), "a different seed shuffles differently");
    }

    @Test
    void resumedRunMatchesUninterruptedRun() {
        Layer full = SyntheticData.tinyCnn(5);
        TrainingResult uninterrupted = new Trainer(config, null, List.of(), null).train(full, data);

        ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("run/checkpoint.bin"));
        Layer first = SyntheticData.tinyCnn(5);
        new Trainer(config.withEpochs(2), null, List.of(), ckpt).train(first, data);
        assertTrue(ckpt.exists());
        TrainingState state = ckpt.load();
        assertEquals(2, state.epochsDone());

        Layer resumed = SyntheticData.tinyCnn(99); // different initial weights: the checkpoint must override them
        TrainingResult r = new Trainer(config, null, List.of(), ckpt).resume(resumed, data, state);
        assertSameRun(uninterrupted, r, full, resumed);
    }

    @Test
    void checkpointRoundTripRestoresWeightsAndPredictions() throws IOException {
        Layer model = SyntheticData.tinyCnn(5);
        ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("c.bin"));
        new Trainer(config.withEpochs(1), null, List.of(), ckpt).train(model, data);
        TrainingState s = ckpt.load();
        Layer loaded = SyntheticData.tinyCnn(77);
        ModelCheckpoint.restore(loaded, s.bestParameters());
        INDArray p1 = Predictor.probabilities(model, data.test(), 16, null);
        INDArray p2 = Predictor.probabilities(loaded, data.test(), 16, null);
        assertEquals(p1, p2);
        assertEquals(1, s.history().size());
        assertEquals("adam", s.optimizer().kind());
        assertTrue(s.parameters().containsKey("1.running_mean"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("c.bin"), files.map(f -> f.getFileName().toString()).toList(), "no temp files left");
        }
        // truncated and foreign files give one-line errors
        byte[] bytes = Files.readAllBytes(ckpt.file());
        Files.write(dir.resolve("t.bin"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        var e = assertThrows(CheckpointException.class, () -> new ModelCheckpoint(dir.resolve("t.bin")).load());
        assertTrue(e.getMessage().contains("t.bin"), e.getMessage());
        Files.writeString(dir.resolve("x.bin"), "hello");
        assertThrows(CheckpointException.class, () -> new ModelCheckpoint(dir.resolve("x.bin")).load());
        var wrong = assertThrows(CheckpointException.class,
                () -> ModelCheckpoint.restore(SyntheticData.tinyCnn(1), Map.of("0.weight", s.parameters().get("0.weight"))));
        assertTrue(wrong.getMessage().contains("different model"), wrong.getMessage());
    }

    @Test
    void nonFiniteLossNamesEpochAndBatch() {
        // No ReLU here: ReLU maps NaN to 0 and would hide the poisoned input from the loss.
        Layer model = new dev.qnet.runtime.nn.Sequential(List.of(new dev.qnet.runtime.nn.Flatten(),
                new dev.qnet.runtime.nn.Dense(64, 2, true, org.nd4j.linalg.api.buffer.DataType.FLOAT, new java.util.Random(1))));
        BatchTransform poison = (x, rng, training) -> x.mul(Double.POSITIVE_INFINITY); // ND4J maps a NaN scalar to 1e-5
        var e = assertThrows(NonFiniteLossException.class,
                () -> new Trainer(config, poison, List.of(), null).train(model, data));
        assertEquals(1, e.epoch());
        assertEquals(1, e.batch());
        assertTrue(e.getMessage().contains("learning rate") && e.getMessage().contains("normalised"), e.getMessage());
    }

    @Test
    void aRunEndedByANonFiniteLossLeavesNoPooledMemory() {
        long before = dev.qnet.runtime.nn.BufferPool.heldBytes();
        // A CNN, whose forward takes its feature maps from the step's pool, then logits made NaN
        // (max-pooling and ReLU would absorb a poisoned input).
        var poisoned = new dev.qnet.runtime.nn.Dense(2, 2, true, org.nd4j.linalg.api.buffer.DataType.FLOAT, new java.util.Random(2));
        poisoned.parameters().get(0).value().assign(Double.POSITIVE_INFINITY);
        Layer model = new dev.qnet.runtime.nn.Sequential(List.of(SyntheticData.tinyCnn(3), poisoned));
        assertThrows(NonFiniteLossException.class, () -> new Trainer(config, null, List.of(), null).train(model, data));
        assertEquals(before, dev.qnet.runtime.nn.BufferPool.heldBytes(), "the failed run's step pool is still held");
    }

    @Test
    void warmupRampsTheLearningRateThenFollowsTheSchedule() {
        TrainingConfig c = config.withEpochs(4).with(Setting.WARMUP, 3L);
        TrainingResult r = new Trainer(c, null, List.of(), null).train(SyntheticData.tinyCnn(5), data);
        // step(every: 2, factor: 0.5) from 0.02, times 1/3, 2/3, 1, 1
        double[] expected = {0.02 / 3, 0.02 * 2 / 3, 0.01, 0.01};
        for (int e = 0; e < 4; e++) assertEquals(expected[e], r.history().get(e).lr(), 1e-15);
    }

    @Test
    void earlyStoppingAndLimit() {
        Layer model = SyntheticData.tinyCnn(5);
        // lr so small nothing improves val loss much; patience 1 stops once it fails to improve
        TrainingConfig c = config.withOptimizer(OptimizerKind.SGD, 1e-9).withEpochs(20)
                .withEarlyStopping(SelectMetric.VAL_ACCURACY, 1).withLimit(32);
        List<Integer> batchesPerEpoch = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override
            public void epochStart(int epoch, int epochs, int batches) {
                batchesPerEpoch.add(batches);
            }
        };
        TrainingResult r = new Trainer(c, null, List.of(l), null).train(model, data);
        assertTrue(r.stoppedEarly());
        assertTrue(r.history().size() < 20);
        assertEquals(2, batchesPerEpoch.get(0)); // 32 samples / batch 16
    }

    @Test
    void resumingARunThatStoppedEarlyTrainsNoFurther() {
        // A crash after the stopping epoch's checkpoint but before the run finished writing its
        // results leaves that checkpoint behind; resuming it must end the run, not train on.
        TrainingConfig c = config.withOptimizer(OptimizerKind.SGD, 1e-9).withEpochs(20)
                .withEarlyStopping(SelectMetric.VAL_ACCURACY, 1).withLimit(32);
        ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("stopped/checkpoint.bin"));
        Layer full = SyntheticData.tinyCnn(5);
        TrainingResult uninterrupted = new Trainer(c, null, List.of(), ckpt).train(full, data);
        assertTrue(uninterrupted.stoppedEarly());
        TrainingState state = ckpt.load();
        assertEquals(uninterrupted.history().size(), state.epochsDone());

        Layer resumed = SyntheticData.tinyCnn(99);
        TrainingResult r = new Trainer(c, null, List.of(), ckpt).resume(resumed, data, state);
        assertTrue(r.stoppedEarly(), "a resumed run reports the early stop like the uninterrupted one");
        assertSameRun(uninterrupted, r, full, resumed);
    }

    @Test
    void plainLogLinesWhenNotATerminal() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBarListener p = new ProgressBarListener(new PrintStream(buf, true), false);
        new Trainer(config.withEpochs(1), null, List.of(p), null).train(SyntheticData.tinyCnn(5), data);
        String log = buf.toString();
        assertTrue(log.contains("epoch 1/1 batch 6/6 loss"), log);
        assertTrue(log.contains("epoch 1/1: lr 0.0200 train loss"), log);
    }

    @Test
    void invalidConfigurationIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> config.withBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> config.withOptimizer(OptimizerKind.ADAM, -1));
        assertEquals(SelectMetric.VAL_LOSS, SelectMetric.parse("val_loss"));
        assertThrows(IllegalArgumentException.class, () -> Keyword.parse(OptimizerKind.values(), "rmsprop", "optimizer"));
    }
}
