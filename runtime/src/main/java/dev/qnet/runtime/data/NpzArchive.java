package dev.qnet.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A numpy {@code .npz} archive: a zip of {@code .npy} entries, stored or deflated (what
 * {@code np.savez} and {@code np.savez_compressed} write). Keys are entry names without
 * {@code .npy}, as in numpy.
 */
public final class NpzArchive implements AutoCloseable {

    private final Path path;
    private final long fileSize;
    private final ZipFile zip;

    private NpzArchive(Path path, long fileSize, ZipFile zip) {
        this.path = path;
        this.fileSize = fileSize;
        this.zip = zip;
    }

    /** Opens the archive; a missing, empty, truncated or non-zip file is a {@link DataException}. */
    public static NpzArchive open(Path path) {
        long size = DataFiles.requireNonEmpty(path);
        try {
            return new NpzArchive(path, size, new ZipFile(path.toFile()));
        } catch (ZipException e) {
            throw new DataException(path + ": not a readable .npz archive (" + size + " bytes; truncated or not a zip file: "
                    + DataException.reason(e) + ")", e);
        } catch (IOException e) {
            throw new DataException(path + ": cannot open: " + DataException.reason(e), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Array names in archive order, without the {@code .npy} suffix. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (ZipEntry e : Collections.list(zip.entries())) {
            String n = e.getName();
            keys.add(n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n);
        }
        return keys;
    }

    public boolean contains(String key) {
        return entry(key) != null;
    }

    private ZipEntry entry(String key) {
        ZipEntry e = zip.getEntry(key + ".npy");
        return e != null ? e : zip.getEntry(key);
    }

    /** Reads one array; errors name the archive and the entry. */
    public NpyArray read(String key) {
        ZipEntry e = entry(key);
        if (e == null) {
            throw new DataException(path + ": no array '" + key + "' in archive (has " + keys() + ")");
        }
        String where = path + ":" + e.getName();
        try (InputStream in = zip.getInputStream(e)) {
            NpyArray a = NpyReader.read(in, where, available(e));
            // Drain to the end so the zip layer verifies the entry's CRC.
            if (in.read() != -1) {
                throw new DataException(where + ": trailing bytes after the array data (corrupt entry)");
            }
            return a;
        } catch (ZipException ex) {
            throw new DataException(where + ": corrupt entry (" + DataException.reason(ex) + ")", ex);
        } catch (IOException ex) {
            throw new DataException(where + ": cannot read (" + DataException.reason(ex) + "; file truncated or corrupt)", ex);
        }
    }

    /**
     * The most bytes entry {@code e} can inflate to. Its recorded size may itself be corrupt, so
     * it is also capped by what the file's bytes can hold: a stored entry is no larger than the
     * file, a deflated one no larger than the file at deflate's best ratio.
     */
    private long available(ZipEntry e) {
        long cap = e.getMethod() == ZipEntry.STORED ? fileSize : DataFiles.maxInflated(fileSize);
        return e.getSize() >= 0 ? Math.min(e.getSize(), cap) : cap;
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            // Nothing useful to do: the archive was only read.
        }
    }
}
