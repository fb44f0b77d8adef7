package dev.qnet.runtime.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import dev.qnet.runtime.optim.OptimizerState;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves and loads a {@link TrainingState} as one binary file, atomically: the data goes to a
 * temporary file in the same directory, is fsync'ed, then renamed over the target, so a crash or
 * Ctrl-C leaves either the previous checkpoint or the new one, never half of one.
 *
 * <p>Format (big-endian, {@link DataOutputStream}): magic {@code QNETCKPT}, version, counters,
 * history rows, then named arrays in ND4J's own serialisation ({@link Nd4j#write}).
 */
public final class ModelCheckpoint {

    private static final String MAGIC = "QNETCKPT";
    private static final int VERSION = 2;

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

    /** Copies saved values into the model's parameters; names and shapes must match exactly. */
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
            if (!java.util.Arrays.equals(v.shape(), p.value().shape())) {
                throw new CheckpointException("parameter '" + p.name() + "' has shape "
                        + java.util.Arrays.toString(v.shape()) + " in the checkpoint but "
                        + java.util.Arrays.toString(p.value().shape()) + " in the model");
            }
            p.value().assign(v);
        }
    }

    public void save(TrainingState s) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fos, 1 << 20))) {
                write(out, s);
                out.flush();
                fos.getFD().sync();
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public TrainingState load() {
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 20))) {
            return read(in);
        } catch (EOFException e) {
            throw new CheckpointException(file + ": checkpoint is truncated");
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read checkpoint: " + e.getMessage());
        } catch (CheckpointException e) {
            throw new CheckpointException(file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // ND4J's array reader reports short or garbled data as unchecked exceptions.
            throw new CheckpointException(file + ": checkpoint is truncated or corrupt");
        }
    }

    private static void write(DataOutputStream out, TrainingState s) throws IOException {
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
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

    private static TrainingState read(DataInputStream in) throws IOException {
        String magic;
        try {
            magic = in.readUTF();
        } catch (IOException e) {
            magic = "";
        }
        if (!MAGIC.equals(magic)) {
            throw new CheckpointException("not a qnet checkpoint");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new CheckpointException("checkpoint version " + version + " is not supported (expected " + VERSION + ")");
        }
        long seed = in.readLong();
        int epochsDone = in.readInt();
        int bestEpoch = in.readInt();
        double bestMetric = in.readDouble();
        int without = in.readInt();
        int n = in.readInt();
        List<EpochRecord> history = new ArrayList<>(n);
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
            throw new CheckpointException("corrupt checkpoint (negative array count)");
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
