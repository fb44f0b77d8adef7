package dev.qnet.runtime.train;

import dev.qnet.runtime.io.AtomicFiles;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import dev.qnet.runtime.optim.OptimizerState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves and loads a {@link TrainingState} as one binary file. Saving is atomic ({@link AtomicFiles}):
 * a crash or Ctrl-C leaves either the previous checkpoint or the new one. Loading verifies the whole
 * file against its checksum before reading any of it, so a damaged file (a flipped bit, a copy cut
 * short) is refused with one clear message instead of being half-applied or handed to ND4J's reader,
 * which can misread garbage as huge array sizes.
 *
 * <p>Format (big-endian, {@link DataOutputStream}):
 * <pre>
 *   header   magic (writeUTF "QNETCKPT", 10 bytes), version (int)
 *   body     seed, counters, history rows, then named arrays in ND4J's own serialisation
 *   trailer  end marker "QNETEND." (8 bytes), body length (long),
 *            CRC32C of every byte before it (int)
 * </pre>
 * Version 3 added the trailer. Versions 1 and 2 had no checksum and are refused with a clear
 * message (this code never read them either, its version check was exact).
 */
public final class ModelCheckpoint {

    private static final String MAGIC = "QNETCKPT";
    private static final int VERSION = 3;
    /** writeUTF's two length bytes, the magic, the version. */
    private static final int HEADER_BYTES = 2 + MAGIC.length() + 4;
    private static final byte[] END_MARKER = "QNETEND.".getBytes(StandardCharsets.US_ASCII);
    private static final int TRAILER_BYTES = END_MARKER.length + 8 + 4;
    private static final String ADVICE = ": delete it or start without --resume";

    private final Path file;

    public ModelCheckpoint(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** Snapshot of a model's current parameters and state (copies). */
    public static Map<String, INDArray> snapshot(Layer model) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        try (var outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (Parameter p : model.parameters()) {
                m.put(p.name(), p.value().dup());
            }
        }
        return m;
    }

    /**
     * Copies saved values into the model's parameters; names and shapes must match exactly. Every
     * parameter is checked before the first is assigned, so a mismatch leaves the model untouched.
     */
    public static void restore(Layer model, Map<String, INDArray> values) {
        List<Parameter> ps = model.parameters();
        if (ps.size() != values.size()) {
            throw new CheckpointException("checkpoint has " + values.size() + " arrays but the model has "
                    + ps.size() + " parameters; was it saved from a different model?");
        }
        for (Parameter p : ps) {
            INDArray v = values.get(p.name());
            if (v == null) {
                throw new CheckpointException("checkpoint has no value for parameter '" + p.name() + "'");
            }
            if (!Arrays.equals(v.shape(), p.value().shape())) {
                throw new CheckpointException("parameter '" + p.name() + "' has shape "
                        + Arrays.toString(v.shape()) + " in the checkpoint but "
                        + Arrays.toString(p.value().shape()) + " in the model");
            }
        }
        for (Parameter p : ps) {
            p.value().assign(values.get(p.name()));
        }
    }

    public void save(TrainingState s) throws IOException {
        AtomicFiles.write(file, raw -> {
            CRC32C crc = new CRC32C();
            Counting counted = new Counting(raw);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(counted, crc), 1 << 16));
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            write(out, s);
            out.flush();
            long body = counted.count - HEADER_BYTES;
            out.write(END_MARKER);
            out.writeLong(body);
            out.flush();
            // the checksum itself bypasses the checksummed stream
            new DataOutputStream(raw).writeInt((int) crc.getValue());
        });
    }

    /**
     * Reads the checkpoint after verifying it; nothing is returned (so nothing can be applied) unless
     * the whole file is intact.
     */
    public TrainingState load() {
        try (FileChannel ch = FileChannel.open(file)) {
            long body = verify(ch);
            try {
                return parse(ch, body);
            } catch (IOException | RuntimeException e) {
                // The checksum matched, so the bytes are what was written: a reader that cannot
                // parse them means an incompatible writer, not a damaged file.
                throw new CheckpointException("checkpoint " + file + " passed its checksum but cannot be read ("
                    + describe(e) + ")" + ADVICE, e);
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + file + " (" + describe(e) + ")", e);
        }
    }

    /** The body of a verified file ({@code body} bytes after the header), which it must use exactly. */
    private static TrainingState parse(FileChannel ch, long body) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(
            new Bounded(Channels.newInputStream(ch.position(HEADER_BYTES)), body), 1 << 20));
        TrainingState s = read(in);
        if (in.read() != -1) {
            throw new IOException("the data is shorter than its recorded length");
        }
        return s;
    }

    /**
     * Checks magic, version, trailer and checksum, in that order, so the message names the first
     * fault; returns the body length.
     */
    private long verify(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer head = readFully(ch, 0, (int) Math.min(size, HEADER_BYTES));
        ByteBuffer magic = ByteBuffer.allocate(2 + MAGIC.length()).putShort((short) MAGIC.length())
            .put(MAGIC.getBytes(StandardCharsets.US_ASCII)).flip();
        int have = Math.min(head.limit(), magic.limit());
        if (!head.slice(0, have).equals(magic.slice(0, have))) {
            throw corrupt("wrong magic bytes: not a qnet checkpoint");
        }
        if (size < HEADER_BYTES) {
            throw corrupt("truncated: " + size + " bytes");
        }
        int version = head.getInt(magic.limit());
        if (version == 1 || version == 2) {
            throw new CheckpointException("checkpoint " + file + " was written by an older qnet (format version "
                + version + ", without a checksum) and this one reads version " + VERSION + ADVICE);
        }
        if (version != VERSION) {
            throw corrupt("unknown format version " + version);
        }
        if (size < HEADER_BYTES + TRAILER_BYTES) {
            throw corrupt("truncated: " + size + " bytes");
        }
        ByteBuffer tail = readFully(ch, size - TRAILER_BYTES, TRAILER_BYTES);
        if (!tail.slice(0, END_MARKER.length).equals(ByteBuffer.wrap(END_MARKER))) {
            throw corrupt("truncated: no end marker");
        }
        long body = tail.getLong(END_MARKER.length);
        if (body != size - HEADER_BYTES - TRAILER_BYTES) {
            throw corrupt("length mismatch: " + (size - HEADER_BYTES - TRAILER_BYTES) + " bytes of data, "
                + body + " recorded");
        }
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long pos = 0, end = size - 4;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw corrupt("truncated while reading");
            }
            crc.update(buf.flip());
            pos += r;
        }
        if ((int) crc.getValue() != tail.getInt(END_MARKER.length + 8)) {
            throw corrupt("checksum mismatch");
        }
        return body;
    }

    private CheckpointException corrupt(String why) {
        return new CheckpointException("checkpoint " + file + " is corrupt (" + why + ")" + ADVICE);
    }

    private static ByteBuffer readFully(FileChannel ch, long at, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                break;
            }
        }
        return b.flip();
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** At most {@code left} bytes of a stream: the parser cannot run on into the trailer. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r > 0) {
                left -= r;
            }
            return r;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(Math.min(n, left));
            left -= s;
            return s;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(left, in.available());
        }
    }

    /** Counts the bytes that reach the file, so the trailer can record the body length. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** The body (the header and trailer are {@link #save}'s). */
    private static void write(DataOutputStream out, TrainingState s) throws IOException {
        out.writeLong(s.seed());
        out.writeInt(s.epochsDone());
        out.writeInt(s.bestEpoch());
        out.writeDouble(s.bestMetric());
        out.writeInt(s.epochsWithoutImprovement());
        out.writeInt(s.history().size());
        for (EpochRecord r : s.history()) {
            out.writeInt(r.epoch());
            out.writeDouble(r.lr());
            out.writeDouble(r.trainLoss());
            out.writeDouble(r.trainAccuracy());
            out.writeDouble(r.valLoss());
            out.writeDouble(r.valAccuracy());
            out.writeDouble(r.valPrecision());
            out.writeDouble(r.valRecall());
            out.writeDouble(r.valF1());
            out.writeDouble(r.valAuc());
            out.writeDouble(r.seconds());
        }
        writeArrays(out, s.parameters());
        writeArrays(out, s.bestParameters());
        out.writeUTF(s.optimizer().kind());
        out.writeLong(s.optimizer().steps());
        writeArrays(out, s.optimizer().arrays());
    }

    /** The body (after the header, which {@link #verify} checked). */
    private static TrainingState read(DataInputStream in) throws IOException {
        long seed = in.readLong();
        int epochsDone = in.readInt();
        int bestEpoch = in.readInt();
        double bestMetric = in.readDouble();
        int without = in.readInt();
        int n = in.readInt();
        List<EpochRecord> history = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            history.add(new EpochRecord(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble()));
        }
        Map<String, INDArray> params = readArrays(in);
        Map<String, INDArray> best = readArrays(in);
        String kind = in.readUTF();
        long steps = in.readLong();
        Map<String, INDArray> opt = readArrays(in);
        return new TrainingState(epochsDone, params, new OptimizerState(kind, steps, opt), history, bestEpoch,
                bestMetric, without, best, seed);
    }

    private static void writeArrays(DataOutputStream out, Map<String, INDArray> arrays) throws IOException {
        out.writeInt(arrays.size());
        for (var e : arrays.entrySet()) {
            out.writeUTF(e.getKey());
            Nd4j.write(e.getValue().isView() ? e.getValue().dup() : e.getValue(), out);
        }
    }

    private static Map<String, INDArray> readArrays(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative array count " + n);
        }
        Map<String, INDArray> m = new LinkedHashMap<>();
        try (var outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                m.put(name, Nd4j.read(in));
            }
        }
        return m;
    }
}
