package dev.qnet.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qnetc run --arg NAME=VALUE}: the network changes, and eval rebuilds that network from the results directory. */
class NetworkArgumentRunTest {

    @TempDir
    Path tmp;

    @Test
    void aNetworkArgumentTrainsThatNetworkAndEvalRebuildsIt() throws Exception {
        Path f = tmp.resolve("w.qnet");
        Files.writeString(f, """
                dataset pneumonia = medmnist("pneumoniamnist") { normalize }
                network net(classes = 2, width = 4) {
                    input [1, 28, 28]
                    conv(width) relu maxpool(4) globalavgpool dense(classes)
                }
                train net(classes: 2) on pneumonia { epochs 1  batch 32  seed 3 }
                """);
        Path dir = tmp.resolve("run");
        RunCommandTest.Result r = RunCommandTest.qnetc("run", f.toString(), "--arg", "width=6", "--limit", "64",
                "--threads", "1", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        // conv(6) 3x3 on 1 channel, no bias: 54; dense(2) on 6: 14.
        assertEquals(54 + 14, metrics.at("/parameters/total").asLong(), metrics.toString());
        JsonNode model = new ObjectMapper().readTree(dir.resolve("model/model.json").toFile());
        assertEquals("6", model.at("/arguments/width").asText());
        // With width 4 (the file's default) the saved weights would not fit: eval must rebuild width 6.
        RunCommandTest.Result e = RunCommandTest.qnetc("eval", dir.toString(), "--threads", "1");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("accuracy"), e.out());

        RunCommandTest.Result bad = RunCommandTest.qnetc("run", f.toString(), "--arg", "widht=6", "--out", tmp.resolve("x").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--arg:1:1: error: no network declares a parameter 'widht'"), bad.err());
        assertTrue(bad.err().contains("did you mean 'width'?"), bad.err());
    }
}
