package dev.qnet.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
    private final ZipFile zip;

    private NpzArchive(Path path, ZipFile zip) {
        this.path = path;
        this.zip = zip;
    }

    /** Opens the archive; a missing, truncated or non-zip file is a {@link DataException}. */
    public static NpzArchive open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new DataException(path + ": file not found");
        }
        try {
            return new NpzArchive(path, new ZipFile(path.toFile()));
        } catch (ZipException e) {
            long size = size(path);
            throw new DataException(path + ": not a readable .npz archive (" + size + " bytes; truncated or not a zip file: "
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataException(path + ": cannot open: " + e.getMessage(), e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
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
            NpyArray a = NpyReader.read(in, where);
            // Drain to the end so the zip layer verifies the entry's CRC.
            if (in.read() != -1) {
                throw new DataException(where + ": trailing bytes after the array data (corrupt entry)");
            }
            return a;
        } catch (ZipException ex) {
            throw new DataException(where + ": corrupt entry (" + ex.getMessage() + ")", ex);
        } catch (IOException ex) {
            throw new DataException(where + ": cannot read (" + ex.getMessage() + "; file truncated or corrupt)", ex);
        }
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
