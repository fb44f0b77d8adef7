package dev.qnet.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qnet.driver.experiment.SavedModel;
import dev.qnet.runtime.train.ModelCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code qnetc run --init RUN_DIR}: training starts from another run's trained weights. */
class InitRunTest {

    @TempDir
    Path tmp;

    private static final String NET = """
            dataset pneumonia = medmnist("pneumoniamnist") { normalize }
            network net(classes = 2, width = 4) {
                input [1, 28, 28]
                conv(width) bn relu maxpool(4) globalavgpool dense(classes)
            }
            train net(classes: 2) on pneumonia { optimizer adam(lr: 1e-2)  epochs 2  batch 32  seed 3 }
            """;

    @Test
    void aRunStartsFromTheTrainedWeightsOfAnother() throws Exception {
        Path f = tmp.resolve("n.qnet");
        Files.writeString(f, NET);
        Path a = tmp.resolve("a");
        assertEquals(0, run(f, a, "--seed", "3").code());
        // lr 1e-9: one epoch leaves the weights where they started, so B's saved weights show its start.
        Path b = tmp.resolve("b");
        RunCommandTest.Result rb = run(f, b, "--init", a.toString(), "--epochs", "1", "--set", "lr=1e-9");
        assertEquals(0, rb.code(), rb.err());
        assertTrue(rb.err().contains("weights start from the trained model in " + a), rb.err());
        Path c = tmp.resolve("c");
        assertEquals(0, run(f, c, "--epochs", "1", "--set", "lr=1e-9").code());

        Map<String, INDArray> wa = weights(a), wb = weights(b), wc = weights(c);
        for (String name : wa.keySet()) {
            if (name.contains("running")) {
                continue; // batch-norm statistics keep moving at any lr
            }
            double fromA = wb.get(name).sub(wa.get(name)).amaxNumber().doubleValue();
            assertTrue(fromA < 1e-5, name + ": B moved " + fromA + " from A's weights");
        }
        double far = 0;
        for (String name : wa.keySet()) {
            far = Math.max(far, wc.get(name).sub(wa.get(name)).amaxNumber().doubleValue());
        }
        assertTrue(far > 1e-2, "a run without --init starts from its seeded initialisation, not A's weights: " + far);
        assertEquals(a.toString(), new ObjectMapper().readTree(b.resolve("metrics.json").toFile())
                .at("/provenance/init").asText());
    }

    @Test
    void anInitThatDoesNotFitIsAOneLineError() throws Exception {
        Path f = tmp.resolve("n.qnet");
        Files.writeString(f, NET);
        Path a = tmp.resolve("a");
        assertEquals(0, run(f, a, "--epochs", "1").code());
        RunCommandTest.Result wide = run(f, tmp.resolve("w"), "--init", a.toString(), "--arg", "width=6");
        assertEquals(1, wide.code());
        assertTrue(wide.err().contains(a + ": cannot start from its weights: parameter"), wide.err());
        assertFalse(wide.err().contains("\tat "), wide.err());
        assertFalse(Files.exists(tmp.resolve("w").resolve("metrics.json")));
        RunCommandTest.Result none = run(f, tmp.resolve("x"), "--init", tmp.resolve("nope").toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no trained weights to start from"), none.err());
    }

    private static RunCommandTest.Result run(Path f, Path out, String... more) throws Exception {
        String[] base = {"run", f.toString(), "--limit", "256", "--threads", "1", "--out", out.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return RunCommandTest.qnetc(all);
    }

    private static Map<String, INDArray> weights(Path run) {
        return new ModelCheckpoint(run.resolve(SavedModel.WEIGHTS)).load().parameters();
    }
}
