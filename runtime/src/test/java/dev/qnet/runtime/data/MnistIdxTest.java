package dev.qnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistIdxTest {

    @TempDir
    Path tmp;

    @Test
    void realFilesHaveTheReadmeMd5AndShapes() {
        Path dir = SharedData.file("mnist/train-images-idx3-ubyte.gz").getParent();
        assertEquals("f68b3c2dcbeaaa9fbdd348bbdeb94873", FileDigest.md5(dir.resolve("train-images-idx3-ubyte.gz")));
        assertEquals("d53e105ee54ea40749a09fcbcd1e9432", FileDigest.md5(dir.resolve("train-labels-idx1-ubyte.gz")));
        assertEquals("9fb629c4189551a2d022fa330f9573f3", FileDigest.md5(dir.resolve("t10k-images-idx3-ubyte.gz")));
        assertEquals("ec29112dd5afa0611ce80d1b7f02629c", FileDigest.md5(dir.resolve("t10k-labels-idx1-ubyte.gz")));
        DatasetSplits d = MnistIdx.load(dir, "mnist", MnistIdx.DIGITS, 5000, 42);
        assertArrayEquals(new long[] {55000, 1, 28, 28}, d.train().images().shape());
        assertArrayEquals(new long[] {5000, 1, 28, 28}, d.val().images().shape());
        assertArrayEquals(new long[] {10000, 1, 28, 28}, d.test().images().shape());
        // Well-known facts of MNIST: the first test digit is a 7, the test set has 1,135 ones.
        assertEquals(7, d.test().labels()[0]);
        assertEquals(1135, Arrays.stream(d.test().labels()).filter(y -> y == 1).count());
        int[] all = new int[10];
        for (int y : d.train().labels()) {
            all[y]++;
        }
        for (int y : d.val().labels()) {
            all[y]++;
        }
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, all);
    }

    @Test
    void splitIsSeeded() {
        int[] a = MnistIdx.permutation(1000, 1);
        assertArrayEquals(a, MnistIdx.permutation(1000, 1));
        assertNotEquals(Arrays.toString(a), Arrays.toString(MnistIdx.permutation(1000, 2)));
    }

    private static void writeIdx(Path f, int magic, int[] dims, byte[] data, boolean gz) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        try (OutputStream o = gz ? new GZIPOutputStream(Files.newOutputStream(f)) : Files.newOutputStream(f)) {
            o.write(b.array());
        }
    }

    @Test
    void plainAndGzipBothRead() throws IOException {
        byte[] px = new byte[3 * 2 * 2];
        px[5] = (byte) 255;
        writeIdx(tmp.resolve("train-images-idx3-ubyte"), 0x803, new int[] {3, 2, 2}, px, false);
        writeIdx(tmp.resolve("train-labels-idx1-ubyte.gz"), 0x801, new int[] {3}, new byte[] {1, 2, 0}, true);
        writeIdx(tmp.resolve("t10k-images-idx3-ubyte.gz"), 0x803, new int[] {1, 2, 2}, new byte[4], true);
        writeIdx(tmp.resolve("t10k-labels-idx1-ubyte"), 0x801, new int[] {1}, new byte[] {9}, false);
        DatasetSplits d = MnistIdx.load(tmp, "tiny", MnistIdx.FASHION, 1, 3);
        assertEquals(2, d.train().size());
        assertEquals(1, d.val().size());
        assertEquals(9, d.test().labels()[0]);
        assertEquals("Ankle boot", d.test().classNames().get(9));
    }

    @Test
    void wrongMagicTruncationAndBadLabelsAreClear() throws IOException {
        Path bad = tmp.resolve("bad");
        writeIdx(bad, 0x0d03, new int[] {1, 1, 1}, new byte[1], false);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(bad));
        assertTrue(e.getMessage().contains("magic 0xd03"), e.getMessage());

        Path cut = tmp.resolve("cut.gz");
        writeIdx(cut, 0x803, new int[] {10, 28, 28}, new byte[100], true);
        e = assertThrows(DataException.class, () -> IdxReader.read(cut));
        assertTrue(e.getMessage().startsWith(cut + ": truncated"), e.getMessage());

        writeIdx(tmp.resolve("train-images-idx3-ubyte"), 0x803, new int[] {2, 1, 1}, new byte[2], false);
        writeIdx(tmp.resolve("train-labels-idx1-ubyte"), 0x801, new int[] {2}, new byte[] {1, 12}, false);
        writeIdx(tmp.resolve("t10k-images-idx3-ubyte"), 0x803, new int[] {1, 1, 1}, new byte[1], false);
        writeIdx(tmp.resolve("t10k-labels-idx1-ubyte"), 0x801, new int[] {1}, new byte[1], false);
        e = assertThrows(DataException.class, () -> MnistIdx.load(tmp, "x", MnistIdx.DIGITS, 1, 0));
        assertTrue(e.getMessage().contains("label 12 at index 1 is out of range [0, 10)"), e.getMessage());
    }

    @Test
    void realGzipCutShortIsTruncated() throws IOException {
        Path src = SharedData.file("mnist/t10k-labels-idx1-ubyte.gz");
        Path cut = tmp.resolve("t10k-labels-idx1-ubyte.gz");
        byte[] all = Files.readAllBytes(src);
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(src))) {
            Files.write(tmp.resolve("plain"), in.readAllBytes());
        }
        assertEquals(10000, IdxReader.read(tmp.resolve("plain")).count());
    }
}
