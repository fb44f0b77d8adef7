package dev.qnet.runtime.data;

import static dev.qnet.runtime.data.IdxFixtures.IMAGES;
import static dev.qnet.runtime.data.IdxFixtures.LABELS;
import static dev.qnet.runtime.data.IdxFixtures.bytes;
import static dev.qnet.runtime.data.IdxFixtures.gzip;
import static dev.qnet.runtime.data.IdxFixtures.idx;
import static dev.qnet.runtime.data.NpzFixtures.convert;
import static dev.qnet.runtime.data.NpzFixtures.firstRows;
import static dev.qnet.runtime.data.NpzFixtures.reshape;
import static dev.qnet.runtime.data.NpzFixtures.shipped;
import static dev.qnet.runtime.data.NpzFixtures.with;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad data, written as a corrupted copy of the shipped PneumoniaMNIST file (or of
 * tiny IDX and PNG sets cut from it), is refused at load with one exact line naming the file,
 * the array and the first bad index. Loads go through {@link Datasets#open}, what
 * {@code qnetc run --data} calls.
 */
class CorruptDataTest {

    private static final String EMPTY = ": empty file (0 bytes; an interrupted download or copy?)";

    @TempDir
    Path tmp;

    private DatasetSplits open(Path fileOrDir) {
        return Datasets.open(fileOrDir.toString(), new DataLocator(List.of(tmp), tmp), 0, 1);
    }

    private DatasetSplits openMnist() {
        return Datasets.open("mnist", new DataLocator(List.of(tmp), tmp), 0, 1);
    }

    /** The one-line message {@link #open} fails with. */
    private String refused(Path fileOrDir) {
        DataException e = assertThrows(DataException.class, () -> open(fileOrDir));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    /** Stored, as np.savez writes (and faster to write than deflated on a shared machine). */
    private Path npz(String name, Map<String, NpyArray> arrays) throws IOException {
        return NpzFixtures.write(tmp.resolve(name), arrays, false);
    }

    private static Map<String, NpyArray> replacing(String key, NpyArray a) {
        Map<String, NpyArray> m = shipped();
        m.put(key, a);
        return m;
    }

    private static NpyArray floatImages(String split) {
        return convert(shipped().get(split + "_images"), NpyArray.Dtype.F4, 1 / 255.0);
    }

    // --- NaN and Inf pixels -------------------------------------------------------------------

    @Test
    void nanPixelNamesImageAndPixel() throws IOException {
        NpyArray x = with(with(floatImages("train"), 123 * 784 + 456, Double.NaN), 200 * 784, Double.NaN);
        Path f = npz("pneumoniamnist.npz", replacing("train_images", x));
        assertEquals(f + ": train_images[123] (pixel 456) is NaN: the file is corrupt", refused(f));
    }

    @Test
    void infinitePixelsAndDoublesBeyondFloatAreRefused() throws IOException {
        Path f = npz("pneumoniamnist.npz", replacing("val_images",
                with(floatImages("val"), 7 * 784 + 783, Double.POSITIVE_INFINITY)));
        assertEquals(f + ": val_images[7] (pixel 783) is Inf: the file is corrupt", refused(f));

        NpyArray f8 = convert(shipped().get("test_images"), NpyArray.Dtype.F8, 1 / 255.0);
        Path g = npz("pneumoniamnist_b.npz", replacing("test_images", with(f8, 0, Double.NEGATIVE_INFINITY)));
        assertEquals(g + ": test_images[0] (pixel 0) is -Inf: the file is corrupt", refused(g));
        // Finite as a double, but Inf once narrowed to the float the network trains on.
        Path h = npz("pneumoniamnist_c.npz", replacing("test_images", with(f8, 784 + 1, 1e300)));
        assertEquals(h + ": test_images[1] (pixel 1) is 1.0E300 (beyond the float range): the file is corrupt",
                refused(h));
    }

    /** The positive control for the two tests above: finite float images load like the bytes they came from. */
    @Test
    void finiteFloatImagesLoad() throws IOException {
        Map<String, NpyArray> m = shipped();
        for (String s : NpzFixtures.SPLITS) {
            m.put(s + "_images", floatImages(s));
        }
        DatasetSplits d = open(npz("pneumoniamnist.npz", m));
        DatasetSplits bytes = open(NpzFixtures.SHIPPED);
        assertArrayEquals(new long[] {4708, 1, 28, 28}, d.train().images().shape());
        assertTrue(d.test().images().equalsWithEps(bytes.test().images(), 1e-6));
        assertArrayEquals(bytes.val().labels(), d.val().labels());
    }

    // --- empty files and archives -------------------------------------------------------------

    @Test
    void emptyFileIsNamedAsEmpty() throws IOException {
        Path f = Files.write(tmp.resolve("pneumoniamnist.npz"), new byte[0]);
        assertEquals(f + EMPTY, refused(f));
    }

    @Test
    void archiveWithoutArraysOrWithMissingOnes() throws IOException {
        // The 22-byte end-of-central-directory record alone: a valid zip with no entries.
        byte[] emptyZip = new byte[22];
        ByteBuffer.wrap(emptyZip).putInt(0x504b0506);
        Path f = Files.write(tmp.resolve("pneumoniamnist.npz"), emptyZip);
        assertEquals(f + ": empty .npz archive (no arrays; expected train/val/test _images and _labels)", refused(f));

        Map<String, NpyArray> m = shipped();
        m.remove("val_labels");
        Path g = npz("breastmnist.npz", m);
        assertEquals(g + ": missing array 'val_labels' (not a MedMNIST file? has [train_images, val_images,"
                + " test_images, train_labels, test_labels])", refused(g));
    }

    // --- image layout -------------------------------------------------------------------------

    @Test
    void flatImagesAreRefusedWithTheReshapeToUse() throws IOException {
        Path f = npz("pneumoniamnist.npz", replacing("train_images", reshape(shipped().get("train_images"), 4708, 784)));
        assertEquals(f + ": train_images is stored flat, shape [4708, 784]; expected images [N, H, W] or [N, H, W, C]"
                + " (reshape to [4708, 28, 28])", refused(f));
    }

    @Test
    void explicitSingleChannelLoads() throws IOException {
        Map<String, NpyArray> m = shipped();
        for (String s : NpzFixtures.SPLITS) {
            NpyArray x = m.get(s + "_images");
            m.put(s + "_images", reshape(x, x.shape()[0], 28, 28, 1));
        }
        assertArrayEquals(new long[] {624, 1, 28, 28}, open(npz("pneumoniamnist.npz", m)).test().images().shape());
    }

    // --- labels -------------------------------------------------------------------------------

    @Test
    void nonIntegerFloatLabelIsNamed() throws IOException {
        NpyArray y = with(convert(shipped().get("train_labels"), NpyArray.Dtype.F8, 1), 42, 1.5);
        Path f = npz("pneumoniamnist.npz", replacing("train_labels", y));
        assertEquals(f + ": train_labels[42] is 1.5: labels must be whole class numbers", refused(f));

        NpyArray nan = with(convert(shipped().get("test_labels"), NpyArray.Dtype.F4, 1), 3, Double.NaN);
        Path g = npz("pneumoniamnist_b.npz", replacing("test_labels", nan));
        assertEquals(g + ": test_labels[3] is NaN: the file is corrupt", refused(g));
    }

    @Test
    void wholeFloatLabelsLoadAsClasses() throws IOException {
        Map<String, NpyArray> m = shipped();
        for (String s : NpzFixtures.SPLITS) {
            m.put(s + "_labels", convert(m.get(s + "_labels"), NpyArray.Dtype.F4, 1));
        }
        DatasetSplits d = open(npz("pneumoniamnist.npz", m));
        assertArrayEquals(open(NpzFixtures.SHIPPED).train().labels(), d.train().labels());
    }

    @Test
    void negativeLabelsAreNamed() throws IOException {
        NpyArray y = with(convert(shipped().get("val_labels"), NpyArray.Dtype.I8, 1), 7, -1);
        Path f = npz("pneumoniamnist.npz", replacing("val_labels", y));
        assertEquals(f + ": val_labels[7] is -1: labels must be class numbers 0, 1, ...", refused(f));

        NpyArray fy = with(convert(shipped().get("val_labels"), NpyArray.Dtype.F8, 1), 9, -1);
        Path g = npz("pneumoniamnist_b.npz", replacing("val_labels", fy));
        assertEquals(g + ": val_labels[9] is -1: labels must be class numbers 0, 1, ...", refused(g));
    }

    @Test
    void labelOutsideTheNamedSetsClasses() throws IOException {
        Path f = npz("pneumoniamnist.npz", replacing("test_labels", with(shipped().get("test_labels"), 100, 5)));
        assertEquals(f + ": test_labels[100] is 5, outside pneumoniamnist's 2 classes (0..1)", refused(f));
        // The size suffix does not hide the set: pneumoniamnist_64 has the same two classes.
        Path g = npz("pneumoniamnist_64.npz", replacing("train_labels", with(shipped().get("train_labels"), 0, 2)));
        assertEquals(g + ": train_labels[0] is 2, outside pneumoniamnist's 2 classes (0..1)", refused(g));
    }

    @Test
    void unknownSetTakesItsClassesFromTheLabelsWithinReason() throws IOException {
        DatasetSplits three = open(npz("mine.npz", replacing("test_labels", with(shipped().get("test_labels"), 0, 2))));
        assertEquals(List.of("0", "1", "2"), three.train().classNames());

        NpyArray huge = with(convert(shipped().get("train_labels"), NpyArray.Dtype.I8, 1), 3, 1_000_000);
        Path f = npz("mine.npz", replacing("train_labels", huge));
        assertEquals(f + ": train_labels[3] is 1000000, more classes than the file's 5856 images: the labels are corrupt",
                refused(f));
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path f = npz("pneumoniamnist.npz", replacing("val_labels", firstRows(shipped().get("val_labels"), 523)));
        assertEquals(f + ": val_labels: 523 labels for 524 images in val_images", refused(f));
    }

    // --- size claims in headers ---------------------------------------------------------------

    private Path withTrainHeader(String shape) throws IOException {
        byte[] data = bytes(shipped().get("train_images"));
        Map<String, byte[]> e = NpzFixtures.entries(shipped());
        e.put("train_images", NpzArchiveTest.rawNpy(1,
                "{'descr': '|u1', 'fortran_order': False, 'shape': " + shape + ", }\n", data));
        return NpzArchiveTest.writeNpz(tmp.resolve("pneumoniamnist.npz"), e, true);
    }

    @Test
    void shapesBeyondTheEntryAreRefusedBeforeAllocating() throws IOException {
        Path f = withTrainHeader("(1099511627776,)");
        assertEquals(f + ":train_images.npy: array of shape [1099511627776] u1 is too large (limit 2 GB)", refused(f));
        // 2^32 * 2^32 * 28 wraps to 0 in a long: it must not read as an empty array.
        Path g = withTrainHeader("(4294967296, 4294967296, 28)");
        assertEquals(g + ":train_images.npy: array of shape [4294967296, 4294967296, 28] u1 is too large (limit 2 GB)",
                refused(g));
        // Found by LoaderFuzzTest: this product overflows to a negative size (NegativeArraySizeException).
        Path n = withTrainHeader("(24, 9223372036854775807)");
        assertEquals(n + ":train_images.npy: array of shape [24, 9223372036854775807] u1 is too large (limit 2 GB)",
                refused(n));
        // Under the 2 GB limit, so only the entry's size shows the claim is false.
        Path h = withTrainHeader("(2000000000,)");
        long allocated = Allocation.bytesAllocatedBy(() -> assertEquals(h + ":train_images.npy: the header describes"
                + " [2000000000] u1 (2000000000 bytes) but only 3691072 bytes are stored (corrupt header or truncated"
                + " file)", refused(h)));
        assertTrue(allocated < 200_000_000, allocated + " bytes allocated");
    }

    /** Found by LoaderFuzzTest: the header was quoted verbatim, so a damaged one broke the one-line message. */
    @Test
    void damagedHeaderIsQuotedOnOneLine() throws IOException {
        Map<String, byte[]> e = NpzFixtures.entries(shipped());
        e.put("val_labels", NpzArchiveTest.rawNpy(1, "{'descr': '|u1',\n'shape': (524, 1), }\n",
                bytes(shipped().get("val_labels"))));
        Path f = NpzArchiveTest.writeNpz(tmp.resolve("pneumoniamnist.npz"), e, false);
        assertEquals(f + ":val_labels.npy: .npy header has no 'fortran_order': {'descr': '|u1',?'shape': (524, 1), }",
                refused(f));
    }

    // --- IDX ----------------------------------------------------------------------------------

    private Path mnistDir() throws IOException {
        return Files.createDirectories(tmp.resolve("mnist"));
    }

    /** A valid 40-image MNIST-format set cut from the shipped file's train split (train and t10k alike). */
    private void writeMnist(byte[] trainImagesIdx) throws IOException {
        Path dir = mnistDir();
        byte[] px = bytes(firstRows(shipped().get("train_images"), 40));
        byte[] y = bytes(firstRows(shipped().get("train_labels"), 40));
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(trainImagesIdx));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idx(LABELS, new int[] {40}, y)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(idx(IMAGES, new int[] {40, 28, 28}, px)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idx(LABELS, new int[] {40}, y)));
    }

    private String mnistRefused() {
        DataException e = assertThrows(DataException.class, this::openMnist);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static byte[] images40() {
        return bytes(firstRows(shipped().get("train_images"), 40));
    }

    @Test
    void idxEmptyFileAndTooFewTrainingImages() throws IOException {
        writeMnist(idx(IMAGES, new int[] {40, 28, 28}, images40()));
        Path train = tmp.resolve("mnist/train-images-idx3-ubyte.gz");
        // Until now this was an IllegalArgumentException, which the CLI prints as a stack trace.
        assertEquals(train + ": 40 training images, too few to hold out 5000 for validation and still train",
                mnistRefused());
        Files.write(train, new byte[0]);
        assertEquals(train + EMPTY, mnistRefused());
    }

    @Test
    void idxDimensionsThatOverflowOrOutgrowTheFile() throws IOException {
        Path train = tmp.resolve("mnist/train-images-idx3-ubyte.gz");
        // (2^31 - 1)^3 overflows a long; it used to wrap to an arbitrary array size.
        writeMnist(idx(IMAGES, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, images40()));
        assertEquals(train + ": IDX header dimensions [2147483647, 2147483647, 2147483647] describe more than 2 GB",
                mnistRefused());

        // Found by LoaderFuzzTest: a labels file whose count says 1.28 billion made the reader allocate 1.28 GB.
        writeMnist(idx(IMAGES, new int[] {40, 28, 28}, images40()));
        Path labels = tmp.resolve("mnist/train-labels-idx1-ubyte.gz");
        Files.write(labels, gzip(idx(LABELS, new int[] {1280700969}, bytes(firstRows(shipped().get("train_labels"), 40)))));
        long labelsSize = Files.size(labels);
        long labelsAllocated = Allocation.bytesAllocatedBy(() -> assertEquals(labels + ": truncated or corrupt (IDX header"
                + " [1280700969] promises 1280700969 data bytes, the " + labelsSize + "-byte file cannot hold that many)",
                mnistRefused()));
        assertTrue(labelsAllocated < 20_000_000, labelsAllocated + " bytes allocated");

        writeMnist(idx(IMAGES, new int[] {60000, 28, 28}, new byte[100]));
        long size = Files.size(train);
        long allocated = Allocation.bytesAllocatedBy(() -> assertEquals(train + ": truncated or corrupt (IDX header"
                + " [60000, 28, 28] promises 47040000 data bytes, the " + size + "-byte file cannot hold that many)",
                mnistRefused()));
        assertTrue(allocated < 20_000_000, allocated + " bytes allocated");
    }

    @Test
    void idxDimensionsThatDisagreeWithTheData() throws IOException {
        Path train = tmp.resolve("mnist/train-images-idx3-ubyte.gz");
        writeMnist(idx(IMAGES, new int[] {39, 28, 28}, images40()));
        assertEquals(train + ": trailing bytes after the 30576 data bytes the IDX header [39, 28, 28] promises"
                + " (corrupt header)", mnistRefused());
        writeMnist(idx(IMAGES, new int[] {40, 28, 0}, new byte[0]));
        assertEquals(train + ": images of 28x0 pixels (IDX dimensions [40, 28, 0])", mnistRefused());
    }

    // --- PNG folders --------------------------------------------------------------------------

    /** Two class folders of three 28x28 PNGs, the shipped file's first six train images. */
    private Path pngFolder() throws IOException {
        NpyArray x = shipped().get("train_images");
        for (int i = 0; i < 6; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                img.getRaster().setSample(p % 28, p / 28, 0, (int) x.getDouble(i * 784L + p));
            }
            Path f = tmp.resolve("folder/" + (i % 2 == 0 ? "normal" : "pneumonia") + "/" + i + ".png");
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
        }
        return tmp.resolve("folder");
    }

    @Test
    void emptyPngIsNamed() throws IOException {
        Path dir = pngFolder();
        assertEquals(6, open(dir).train().size() + open(dir).val().size() + open(dir).test().size());
        Path f = Files.write(dir.resolve("pneumonia/3.png"), new byte[0]);
        assertEquals(f + EMPTY, refused(dir));
        DataException predict = assertThrows(DataException.class, () -> ImageFiles.read(f, 1, 28, 28));
        assertEquals(f + EMPTY, predict.getMessage());
    }

    @Test
    void pngHeaderClaimingHugeImageIsRefusedBeforeDecoding() throws IOException {
        Path dir = pngFolder();
        Path f = dir.resolve("normal/2.png");
        byte[] png = Files.readAllBytes(f);
        // IHDR width and height sit at bytes 16..23; 30000x30000 would be a 900 MB raster.
        ByteBuffer.wrap(png).putInt(16, 30000).putInt(20, 30000);
        Files.write(f, png);
        long allocated = Allocation.bytesAllocatedBy(() -> assertEquals(f + ": corrupt image header (30000x30000"
                + " pixels in a " + png.length + "-byte file)", refused(dir)));
        assertTrue(allocated < 100_000_000, allocated + " bytes allocated");
    }

    /** The bound above is not so tight that a real, highly compressible image is refused. */
    @Test
    void largeBlankPngStillLoads() throws IOException {
        Path f = tmp.resolve("blank/a/blank.png");
        Files.createDirectories(f.getParent());
        ImageIO.write(new BufferedImage(2000, 2000, BufferedImage.TYPE_BYTE_GRAY), "png", f.toFile());
        assertTrue(Files.size(f) < 10_000, Files.size(f) + " bytes");
        assertArrayEquals(new long[] {1, 1, 2000, 2000}, open(tmp.resolve("blank")).train().images().shape());
    }
}
