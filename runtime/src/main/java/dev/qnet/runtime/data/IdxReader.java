package dev.qnet.runtime.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads unsigned-byte IDX files (MNIST, Fashion-MNIST): magic 0x00000801 (labels, 1 dim) or
 * 0x00000803 (images, 3 dims), big-endian dimension sizes, then the bytes. Gzip is detected from
 * the content, not the file name, so a decompressed file named {@code .gz} still reads.
 */
public final class IdxReader {

    /** @param dims sizes, e.g. {60000, 28, 28}; @param data row-major unsigned bytes */
    public record IdxArray(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    private IdxReader() {
    }

    public static IdxArray read(Path file) {
        long fileSize = DataFiles.requireNonEmpty(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream d = new DataInputStream(new BufferedInputStream(in, 1 << 16));
            int magic = d.readInt();
            if (magic != 0x801 && magic != 0x803) {
                throw new DataException(file + ": not an unsigned-byte IDX file (magic 0x"
                        + Integer.toHexString(magic) + ", expected 0x801 for labels or 0x803 for images)");
            }
            int[] dims = new int[magic & 0xff];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = d.readInt();
                if (dims[i] < 0) {
                    throw new DataException(file + ": negative dimension " + dims[i] + " in IDX header");
                }
            }
            long count = 1;
            for (int dim : dims) {
                // Checked per dimension: three corrupt sizes multiplied would overflow a long.
                count *= dim;
                if (count > Integer.MAX_VALUE - 16) {
                    throw new DataException(file + ": IDX header dimensions " + Arrays.toString(dims)
                            + " describe more than 2 GB");
                }
            }
            // Reject a header's claim the file cannot hold before allocating for it.
            long header = 4L + 4L * dims.length;
            long capacity = gzip ? DataFiles.maxInflated(fileSize) : fileSize - header;
            if (count > capacity) {
                throw new DataException(file + ": truncated or corrupt (IDX header " + Arrays.toString(dims)
                        + " promises " + count + " data bytes, the " + fileSize + "-byte file "
                        + (gzip ? "cannot hold that many" : "holds " + capacity) + ")");
            }
            byte[] data = new byte[(int) count];
            try {
                d.readFully(data);
            } catch (EOFException e) {
                throw new DataException(file + ": truncated (IDX header promises " + count + " data bytes)", e);
            }
            // Extra bytes mean the dimensions are wrong and every image would be misaligned; reading
            // to the end also makes the gzip layer check its CRC.
            if (d.read() != -1) {
                throw new DataException(file + ": trailing bytes after the " + count + " data bytes the IDX header "
                        + Arrays.toString(dims) + " promises (corrupt header)");
            }
            return new IdxArray(dims, data);
        } catch (EOFException e) {
            throw new DataException(file + ": truncated (file ends inside the IDX header or gzip stream)", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read IDX file (" + DataException.reason(e) + ")", e);
        }
    }
}
