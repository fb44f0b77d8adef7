package dev.qnet.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks every loader makes on a data file before parsing it, and the size bound that lets a
 * loader reject a header's claim before allocating for it.
 */
final class DataFiles {

    /**
     * The most bytes deflate can expand one input byte into (its format tops out near 1032:1).
     * Zip entries, gzip streams and PNG image data are all deflate, so a header that claims more
     * than {@code fileSize * MAX_DEFLATE_RATIO} bytes of content is corrupt, whatever it says.
     */
    static final long MAX_DEFLATE_RATIO = 1032;

    private DataFiles() {
    }

    /**
     * The size of {@code file}, which must exist and hold at least one byte: an empty file is
     * what an interrupted download or a full disk leaves, and every format would otherwise
     * report it as a confusing parse error.
     */
    static long requireNonEmpty(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": file not found");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + DataException.reason(e) + ")", e);
        }
        if (size == 0) {
            throw new DataException(file + ": empty file (0 bytes; an interrupted download or copy?)");
        }
        return size;
    }

    /** At most how many bytes {@code compressedBytes} of deflate data can decompress to. */
    static long maxInflated(long compressedBytes) {
        return compressedBytes > Long.MAX_VALUE / MAX_DEFLATE_RATIO ? Long.MAX_VALUE : compressedBytes * MAX_DEFLATE_RATIO;
    }
}
