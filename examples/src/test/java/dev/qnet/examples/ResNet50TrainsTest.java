package dev.qnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.driver.lower.NetworkLowering;
import dev.qnet.runtime.data.DatasetSplits;
import dev.qnet.runtime.data.MedMnistNpz;
import dev.qnet.runtime.data.Subsets;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import dev.qnet.runtime.train.EpochRecord;
import dev.qnet.runtime.train.Trainer;
import dev.qnet.runtime.train.TrainingConfig;
import dev.qnet.runtime.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The real ResNet-50 of examples/resnet50.qnet, lowered and trained a few epochs on a fixed subset. */
class ResNet50TrainsTest {

    @Test
    void lossFallsOnAFixedSubset() {
        // The copy the repository ships (Maven runs this in examples/): present in every clone, so no skip.
        Path npz = Path.of("data", "pneumoniamnist.npz");
        assertTrue(Files.isRegularFile(npz), npz.toAbsolutePath() + " is missing from the repository");

        CompilationResult r = Compiler.compile(Path.of("resnet50.qnet"));
        assertTrue(r.ok());
        TrainIr train = r.program().trains().get(0);
        Layer model = new NetworkLowering(DataType.FLOAT, 7).lower(train.network());
        long params = model.parameters().stream().filter(Parameter::isTrainable).mapToLong(Parameter::size).sum();
        assertEquals(23_503_298L, params, "lowered parameter count equals the checked one");

        DatasetSplits all = MedMnistNpz.load(npz);
        DatasetSplits small = new DatasetSplits(all.name(), all.source(), all.md5(), Subsets.first(all.train(), 32),
                Subsets.first(all.val(), 16), Subsets.first(all.test(), 16));
        TrainingConfig config = TrainingConfig.defaults().withEpochs(3).withBatchSize(16).withSeed(7);
        TrainingResult result = new Trainer(config, null, List.of(), null).train(model, small);
        List<EpochRecord> h = result.history();
        assertEquals(3, h.size());
        assertTrue(h.get(2).trainLoss() < h.get(0).trainLoss(),
                "training loss should fall: " + h.stream().map(EpochRecord::trainLoss).toList());
    }
}
