package dev.qnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzArchiveTest {

    @TempDir
    Path tmp;

    /** Writes an npz with the given entries (name without .npy -> bytes), stored or deflated. */
    static Path writeNpz(Path file, Map<String, byte[]> entries, boolean deflate) throws IOException {
        try (OutputStream f = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(f)) {
            for (var e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey() + ".npy");
                if (!deflate) {
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    z.setCrc(crc.getValue());
                }
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    static byte[] npy(NpyArray.Dtype dtype, long[] shape, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (dtype) {
                case U1 -> b.put((byte) v);
                case I8 -> b.putLong((long) v);
                case F4 -> b.putFloat((float) v);
                case F8 -> b.putDouble(v);
            }
        }
        b.flip();
        return NpyReader.write(new NpyArray(dtype, shape, b));
    }

    /** A .npy with a hand-written header, for versions 2/3 and for headers numpy would not write. */
    static byte[] rawNpy(int major, String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(6 + 2 + (major == 1 ? 2 : 4) + h.length + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        b.put(h).put(data);
        return b.array();
    }

    @Test
    void readsEveryDtypeStoredAndDeflated() throws IOException {
        for (boolean deflate : new boolean[] {false, true}) {
            Path f = writeNpz(tmp.resolve("all" + deflate + ".npz"), Map.of(
                    "u", npy(NpyArray.Dtype.U1, new long[] {2, 2}, 0, 1, 254, 255),
                    "i", npy(NpyArray.Dtype.I8, new long[] {3}, -5, 0, 1L << 40),
                    "f", npy(NpyArray.Dtype.F4, new long[] {1, 2}, 0.5, -1.25),
                    "d", npy(NpyArray.Dtype.F8, new long[] {}, Math.PI)), deflate);
            try (NpzArchive npz = NpzArchive.open(f)) {
                NpyArray u = npz.read("u");
                assertArrayEquals(new long[] {2, 2}, u.shape());
                assertEquals(255, u.getLong(3));
                assertEquals(254.0, u.getDouble(2));
                NpyArray i = npz.read("i");
                assertEquals(-5, i.getLong(0));
                assertEquals(1L << 40, i.getLong(2));
                assertArrayEquals(new float[] {0.5f, -1.25f}, npz.read("f").toFloats(1f));
                NpyArray d = npz.read("d");
                assertEquals(0, d.rank());
                assertEquals(Math.PI, d.getDouble(0));
            }
        }
    }

    /** Writing reads the array's bytes; it must not consume them (a second write used to come out empty). */
    @Test
    void writingAnArrayTwiceGivesTheSameBytes() {
        byte[] raw = npy(NpyArray.Dtype.F4, new long[] {2}, 1, 2);
        NpyArray a = NpyReader.read(new ByteArrayInputStream(raw), "a.npy", raw.length);
        assertArrayEquals(NpyReader.write(a), NpyReader.write(a));
        assertEquals(2f, a.toFloats(1f)[1]);
    }

    @Test
    void readsVersion2And3Headers() {
        byte[] data = {7, 8, 9};
        for (int major : new int[] {2, 3}) {
            byte[] raw = rawNpy(major, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }\n", data);
            NpyArray a = NpyReader.read(new ByteArrayInputStream(raw), "x.npy", raw.length);
            assertArrayEquals(new long[] {3}, a.shape());
            assertEquals(9, a.getLong(2));
        }
    }

    @Test
    void rejectsFortranOrderNamingTheEntry() throws IOException {
        byte[] raw = rawNpy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }\n", new byte[4]);
        Path f = writeNpz(tmp.resolve("f.npz"), Map.of("a", raw), true);
        try (NpzArchive npz = NpzArchive.open(f)) {
            DataException e = assertThrows(DataException.class, () -> npz.read("a"));
            assertTrue(e.getMessage().contains(f + ":a.npy"), e.getMessage());
            assertTrue(e.getMessage().contains("Fortran"), e.getMessage());
        }
    }

    @Test
    void rejectsUnsupportedDtypes() {
        for (String descr : new String[] {">f4", "<i4", "<c16", "|b1"}) {
            byte[] raw = rawNpy(1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (1,), }\n", new byte[16]);
            DataException e = assertThrows(DataException.class,
                    () -> NpyReader.read(new ByteArrayInputStream(raw), "x.npz:a.npy", raw.length));
            assertTrue(e.getMessage().contains("unsupported dtype '" + descr + "'"), e.getMessage());
            assertTrue(e.getMessage().startsWith("x.npz:a.npy"), e.getMessage());
        }
    }

    @Test
    void rejectsWrongMagicAndTruncatedData() {
        byte[] good = npy(NpyArray.Dtype.F8, new long[] {4}, 1, 2, 3, 4);
        byte[] bad = good.clone();
        bad[1] = 'X';
        DataException magic = assertThrows(DataException.class,
                () -> NpyReader.read(new ByteArrayInputStream(bad), "a.npy", bad.length));
        assertTrue(magic.getMessage().contains("wrong magic"), magic.getMessage());
        byte[] cut = Arrays.copyOf(good, good.length - 5);
        // A stream that ends before the length its container promised...
        DataException trunc = assertThrows(DataException.class,
                () -> NpyReader.read(new ByteArrayInputStream(cut), "a.npy", good.length));
        assertEquals("a.npy: truncated (data needs 32 bytes, found 27)", trunc.getMessage());
        // ...and a header describing more than the container holds, refused before reading the data.
        DataException claim = assertThrows(DataException.class,
                () -> NpyReader.read(new ByteArrayInputStream(cut), "a.npy", cut.length));
        assertEquals("a.npy: the header describes [4] f8 (32 bytes) but only 27 bytes are stored (corrupt header"
                + " or truncated file)", claim.getMessage());
        byte[] unknownVersion = good.clone();
        unknownVersion[6] = 9;
        assertThrows(DataException.class, () -> NpyReader.read(new ByteArrayInputStream(unknownVersion), "a.npy", unknownVersion.length));
    }

    @Test
    void truncatedArchiveGivesOneLineErrorWithThePath() throws IOException {
        Path src = SharedData.file("pneumoniamnist.npz");
        Path cut = tmp.resolve("pneumoniamnist.npz");
        byte[] all = Files.readAllBytes(src);
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        DataException e = assertThrows(DataException.class, () -> NpzArchive.open(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void notAZipFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("text.npz"), "hello");
        DataException e = assertThrows(DataException.class, () -> NpzArchive.open(f));
        assertTrue(e.getMessage().contains("not a readable .npz archive"), e.getMessage());
        DataException missing = assertThrows(DataException.class, () -> NpzArchive.open(tmp.resolve("nope.npz")));
        assertEquals(tmp.resolve("nope.npz") + ": file not found", missing.getMessage());
    }

    @Test
    void readsTheRealPneumoniaArchive() {
        Path f = SharedData.file("pneumoniamnist.npz");
        try (NpzArchive npz = NpzArchive.open(f)) {
            assertEquals(java.util.Set.of("train_images", "train_labels", "val_images", "val_labels", "test_images",
                    "test_labels"), java.util.Set.copyOf(npz.keys()));
            NpyArray x = npz.read("train_images");
            assertEquals(NpyArray.Dtype.U1, x.dtype());
            assertArrayEquals(new long[] {4708, 28, 28}, x.shape());
        }
    }
}
