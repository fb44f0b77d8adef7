package dev.qnet.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** MNIST-format IDX bytes built in tests (big-endian magic and sizes, then unsigned bytes). */
final class IdxFixtures {

    static final int LABELS = 0x801;
    static final int IMAGES = 0x803;

    private IdxFixtures() {
    }

    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The raw bytes of a u1 array (e.g. the shipped file's first images). */
    static byte[] bytes(NpyArray a) {
        var d = a.data();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
