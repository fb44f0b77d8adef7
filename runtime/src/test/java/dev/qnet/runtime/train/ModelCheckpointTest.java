package dev.qnet.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import dev.qnet.runtime.optim.OptimizerState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The checkpoint file format: a round trip keeps every field, and a damaged file (any single byte
 * flipped, cut at any length, foreign or older) is refused with one line naming it, before anything
 * could be applied to a model.
 */
class ModelCheckpointTest {

    /** Magic (writeUTF: 2 + 8 bytes) and version; the trailer is end marker, body length, CRC32C. */
    static final int HEADER = 14;
    static final int TRAILER = 8 + 8 + 4;
    static final String ADVICE = ": delete it or start without --resume";

    @TempDir
    Path dir;

    private static TrainingState sample() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("0.weight", Nd4j.create(new double[] {1.5, -2.25, 3, 4.125, -5, 6}, 2, 3));
        params.put("0.bias", Nd4j.create(new double[] {0.5, -0.5}, 2));
        Map<String, INDArray> best = Map.of("0.weight", Nd4j.create(new double[] {7, 8, 9, 10, 11, 12}, 2, 3));
        Map<String, INDArray> opt = new LinkedHashMap<>();
        opt.put("0.weight#m", Nd4j.create(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, 2, 3));
        List<EpochRecord> history = List.of(
            new EpochRecord(1, 0.01, 0.9, 0.6, 0.8, 0.65, 0.7, 0.5, 0.58, Double.NaN, 12.5),
            new EpochRecord(2, 0.005, 0.7, 0.7, 0.75, 0.7, 0.72, 0.6, 0.65, 0.81, 11.0));
        return new TrainingState(2, params, new OptimizerState("adam", 34, opt), history, 2, 0.81, 0, best, 1234L);
    }

    private Path saved(String name) throws IOException {
        ModelCheckpoint c = new ModelCheckpoint(dir.resolve(name));
        c.save(sample());
        return c.file();
    }

    private static CheckpointException rejected(Path file) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> new ModelCheckpoint(file).load());
        String m = e.getMessage();
        assertTrue(m.startsWith("checkpoint " + file + " ") && m.endsWith(ADVICE) && !m.contains("\n"), m);
        return e;
    }

    @Test
    void roundTripKeepsEveryFieldAndLeavesNoTemporaryFile() throws IOException {
        TrainingState s = sample();
        ModelCheckpoint c = new ModelCheckpoint(dir.resolve("sub/c.bin"));
        c.save(s);
        c.save(s); // replacing an existing checkpoint
        TrainingState r = c.load();
        assertEquals(s.epochsDone(), r.epochsDone());
        assertEquals(s.seed(), r.seed());
        assertEquals(s.bestEpoch(), r.bestEpoch());
        assertEquals(s.bestMetric(), r.bestMetric());
        assertEquals(s.epochsWithoutImprovement(), r.epochsWithoutImprovement());
        assertEquals(s.history(), r.history());
        assertEquals(s.parameters(), r.parameters());
        assertEquals(s.bestParameters(), r.bestParameters());
        assertEquals(s.optimizer().kind(), r.optimizer().kind());
        assertEquals(s.optimizer().steps(), r.optimizer().steps());
        assertEquals(s.optimizer().arrays(), r.optimizer().arrays());
        try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of("c.bin"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void everySingleFlippedByteIsRejected() throws IOException {
        Path good = saved("good.bin");
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("bad.bin");
        for (int i = 0; i < bytes.length; i++) {
            byte[] b = bytes.clone();
            b[i] ^= (byte) (i % 2 == 0 ? 0xFF : 0x10);
            Files.write(bad, b);
            String m = rejected(bad).getMessage();
            String expect = i < 10 ? "is corrupt (wrong magic bytes"
                : i < HEADER ? "is corrupt (unknown format version"
                : i < bytes.length - TRAILER ? "is corrupt (checksum mismatch)"
                : i < bytes.length - 12 ? "is corrupt (truncated: no end marker)"
                : i < bytes.length - 4 ? "is corrupt (length mismatch"
                : "is corrupt (checksum mismatch)";
            assertTrue(m.contains(expect), "byte " + i + " of " + bytes.length + ": " + m);
        }
    }

    @Test
    void aCheckpointCutAtAnyLengthIsRejected() throws IOException {
        byte[] bytes = Files.readAllBytes(saved("good.bin"));
        Path cut = dir.resolve("cut.bin");
        for (int len = 0; len < bytes.length; len++) {
            Files.write(cut, Arrays.copyOf(bytes, len));
            String m = rejected(cut).getMessage();
            assertTrue(m.contains("is corrupt (truncated"), "length " + len + ": " + m);
        }
    }

    @Test
    void foreignAndOlderFilesAreRejected() throws IOException {
        Path f = dir.resolve("x.bin");
        Files.writeString(f, "hello, this is not a checkpoint at all");
        assertTrue(rejected(f).getMessage().contains("is corrupt (wrong magic bytes: not a qnet checkpoint)"));

        // a version-2 file: the same magic, no trailer
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeUTF("QNETCKPT");
            out.writeInt(2);
            out.write(new byte[100]);
        }
        Files.write(f, b.toByteArray());
        assertTrue(rejected(f).getMessage().contains("written by an older qnet (format version 2"));
    }

    @Test
    void everyWrappedFailureKeepsItsCause() throws IOException {
        Path missing = dir.resolve("missing.bin");
        CheckpointException e = assertThrows(CheckpointException.class, () -> new ModelCheckpoint(missing).load());
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

        // intact by its checksum, but the body is not a checkpoint's: the reader's failure is the cause
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeUTF("QNETCKPT");
            out.writeInt(3);
            out.write(new byte[] {1, 2, 3});
            out.write("QNETEND.".getBytes(StandardCharsets.US_ASCII));
            out.writeLong(3);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.toByteArray());
        new DataOutputStream(b).writeInt((int) crc.getValue());
        Path odd = dir.resolve("odd.bin");
        Files.write(odd, b.toByteArray());
        CheckpointException r = rejected(odd);
        assertTrue(r.getMessage().contains("passed its checksum but cannot be read"), r.getMessage());
        assertTrue(r.getCause() != null, "cause kept");
    }

    @Test
    void aCorruptCheckpointIsNeverApplied() throws IOException {
        Layer model = SyntheticData.tinyCnn(5);
        Map<String, INDArray> before = ModelCheckpoint.snapshot(model);
        ModelCheckpoint c = new ModelCheckpoint(dir.resolve("m.bin"));
        c.save(new TrainingState(1, ModelCheckpoint.snapshot(SyntheticData.tinyCnn(6)), new OptimizerState("none", 0, Map.of()),
            List.of(), 0, Double.NaN, 0, Map.of(), 1L));
        byte[] bytes = Files.readAllBytes(c.file());
        bytes[bytes.length / 2] ^= 1;
        Files.write(c.file(), bytes);
        assertThrows(CheckpointException.class, () -> ModelCheckpoint.restore(model, c.load().parameters()));
        assertEquals(before, ModelCheckpoint.snapshot(model), "the model kept its weights");
    }

    @Test
    void restoreChecksEveryParameterBeforeAssigningAny() {
        Layer model = SyntheticData.tinyCnn(5);
        Map<String, INDArray> before = ModelCheckpoint.snapshot(model);
        Map<String, INDArray> other = ModelCheckpoint.snapshot(SyntheticData.tinyCnn(6));
        List<Parameter> ps = model.parameters();
        String first = ps.get(0).name();
        assertTrue(!before.get(first).equals(other.get(first)), "the other model has other weights");
        Map<String, INDArray> values = new HashMap<>(other);
        // every value fits except the last parameter's, which has the wrong shape
        String last = ps.get(ps.size() - 1).name();
        values.put(last, Nd4j.zeros(values.get(last).length() + 1));
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelCheckpoint.restore(model, values));
        assertTrue(e.getMessage().contains(last), e.getMessage());
        assertEquals(before, ModelCheckpoint.snapshot(model), "no parameter was assigned");
    }
}
