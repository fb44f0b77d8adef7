package dev.qnet.runtime.data;

import static dev.qnet.runtime.data.NpzArchiveTest.npy;
import static dev.qnet.runtime.data.NpzArchiveTest.writeNpz;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MedMnistNpzTest {

    @TempDir
    Path tmp;

    private static int count(int[] labels, int c) {
        return (int) Arrays.stream(labels).filter(y -> y == c).count();
    }

    @Test
    void pneumoniaMatchesTheSharedReadme() {
        Path f = SharedData.file("pneumoniamnist.npz");
        DatasetSplits d = MedMnistNpz.load(f);
        assertEquals("28209eda62fecd6e6a2d98b1501bb15f", d.md5());
        assertEquals("pneumoniamnist", d.name());
        assertEquals(List.of("normal", "pneumonia"), d.train().classNames());
        assertArrayEquals(new long[] {4708, 1, 28, 28}, d.train().images().shape());
        assertArrayEquals(new long[] {524, 1, 28, 28}, d.val().images().shape());
        assertArrayEquals(new long[] {624, 1, 28, 28}, d.test().images().shape());
        assertEquals(1214, count(d.train().labels(), 0));
        assertEquals(3494, count(d.train().labels(), 1));
        assertEquals(135, count(d.val().labels(), 0));
        assertEquals(389, count(d.val().labels(), 1));
        assertEquals(234, count(d.test().labels(), 0));
        assertEquals(390, count(d.test().labels(), 1));
        double min = d.train().images().minNumber().doubleValue();
        double max = d.train().images().maxNumber().doubleValue();
        assertTrue(min >= 0 && max <= 1 && max > 0.9, min + " " + max);
    }

    @Test
    void breastMatchesTheSharedReadme() {
        Path f = SharedData.file("breastmnist.npz");
        DatasetSplits d = MedMnistNpz.load(f);
        assertEquals("750601b1f35ba3300ea97c75c52ff8f6", d.md5());
        assertEquals(List.of("malignant", "normal, benign"), d.test().classNames());
        assertEquals(546, d.train().size());
        assertEquals(78, d.val().size());
        assertEquals(156, d.test().size());
        assertEquals(147, count(d.train().labels(), 0));
        assertEquals(399, count(d.train().labels(), 1));
    }

    @Test
    void pixelsAreScaledAndRgbBecomesChannelsFirst() throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        // 2 RGB images of 1x2 pixels: pixel (r,g,b) values chosen so the transpose is visible.
        double[] px = {10, 20, 30, 40, 50, 60, 255, 0, 0, 0, 0, 255};
        for (String s : List.of("train", "val", "test")) {
            e.put(s + "_images", npy(NpyArray.Dtype.U1, new long[] {2, 1, 2, 3}, px));
            e.put(s + "_labels", npy(NpyArray.Dtype.U1, new long[] {2, 1}, 0, 1));
        }
        Path f = writeNpz(tmp.resolve("tiny.npz"), e, true);
        DatasetSplits d = MedMnistNpz.load(f);
        assertArrayEquals(new long[] {2, 3, 1, 2}, d.train().images().shape());
        float[] x = d.train().images().dup('c').data().asFloat();
        assertArrayEquals(new float[] {10 / 255f, 40 / 255f, 20 / 255f, 50 / 255f, 30 / 255f, 60 / 255f,
                1, 0, 0, 0, 0, 1}, x, 1e-7f);
        assertEquals(List.of("0", "1"), d.train().classNames());
    }

    private Path fake(String name, Map<String, byte[]> overrides) throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        for (String s : List.of("train", "val", "test")) {
            e.put(s + "_images", npy(NpyArray.Dtype.U1, new long[] {2, 2, 2}, new double[8]));
            e.put(s + "_labels", npy(NpyArray.Dtype.U1, new long[] {2, 1}, 0, 1));
        }
        e.putAll(overrides);
        return writeNpz(tmp.resolve(name), e, false);
    }

    private String error(Path f) {
        DataException e = assertThrows(DataException.class, () -> MedMnistNpz.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void labelsOutOfRangeAreRejectedWithIndex() throws IOException {
        Path f = fake("pneumoniamnist.npz", Map.of("val_labels", npy(NpyArray.Dtype.U1, new long[] {2, 1}, 1, 2)));
        String m = error(f);
        assertEquals(f + ": val_labels[1] is 2, outside pneumoniamnist's 2 classes (0..1)", m);
    }

    @Test
    void wrongShapesAreRejected() throws IOException {
        String m = error(fake("a.npz", Map.of("test_images", npy(NpyArray.Dtype.U1, new long[] {2, 4}, new double[8]))));
        assertTrue(m.contains(": test_images is stored flat, shape [2, 4]; expected images [N, H, W]"), m);
        m = error(fake("b.npz", Map.of("val_images", npy(NpyArray.Dtype.U1, new long[] {2, 1, 4}, new double[8]))));
        assertTrue(m.contains("differs from train's [2, 2]"), m);
        m = error(fake("c.npz", Map.of("train_labels", npy(NpyArray.Dtype.U1, new long[] {3, 1}, 0, 1, 0))));
        assertTrue(m.contains(": train_labels: 3 labels for 2 images in train_images"), m);
        m = error(fake("d.npz", Map.of("train_images", npy(NpyArray.Dtype.U1, new long[] {2, 2, 2, 2}, new double[16]))));
        assertTrue(m.contains("3D volume"), m);
    }

    @Test
    void multiLabelAnd3dSetsAreRejectedClearly() throws IOException {
        String m = error(fake("x.npz", Map.of("train_labels", npy(NpyArray.Dtype.U1, new long[] {2, 14}, new double[28]))));
        assertTrue(m.contains("multi-label"), m);
        Path chest = fake("chestmnist.npz", Map.of());
        assertTrue(error(chest).contains("chestmnist is multi-label"));
        Path organ = fake("organmnist3d.npz", Map.of());
        assertTrue(error(organ).contains("3D MedMNIST set"));
    }

    @Test
    void missingArrayIsNamed() throws IOException {
        Path f = writeNpz(tmp.resolve("m.npz"), Map.of("train_images", npy(NpyArray.Dtype.U1, new long[] {1}, 0)), true);
        String m = error(f);
        assertTrue(m.contains("missing arrays 'train_labels', 'val_images', 'val_labels', 'test_images', 'test_labels'"
                + " (not a MedMNIST file? has [train_images])"), m);
    }

    @Test
    void truncatedRealFileIsAOneLineError() throws IOException {
        Path src = SharedData.file("breastmnist.npz");
        Path cut = tmp.resolve("breastmnist.npz");
        byte[] all = Files.readAllBytes(src);
        Files.write(cut, Arrays.copyOf(all, all.length - 100));
        String m = error(cut);
        assertTrue(m.contains("truncated"), m);
    }

    /** The quick start's embedded copy must stay byte-identical to the official release. */
    @Test
    void embeddedQuickStartCopyVerifies() {
        Path embedded = SharedData.embedded("pneumoniamnist.npz");
        assertEquals(MedMnistCatalog.require("pneumoniamnist").md5(), FileDigest.md5(embedded));
    }

    @Test
    void flagComesFromTheFileName() {
        assertEquals("pneumoniamnist", MedMnistNpz.flagOf(Path.of("/x/pneumoniamnist_64.npz")));
        assertEquals("breastmnist", MedMnistNpz.flagOf(Path.of("BreastMNIST.npz")));
    }
}
