package dev.qnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path root;

    private static void png(Path f, int w, int h, int grey) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (grey + x) & 0xff);
            }
        }
        Files.createDirectories(f.getParent());
        ImageIO.write(img, "png", f.toFile());
    }

    private static void rgb(Path f, int w, int h, int r, int g, int b, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        Files.createDirectories(f.getParent());
        ImageIO.write(img, format, f.toFile());
    }

    @Test
    void greyFolderWithStratifiedSeededSplit() throws IOException {
        for (int i = 0; i < 10; i++) {
            png(root.resolve("Hand/" + i + ".png"), 4, 3, 10 * i);
            png(root.resolve("AbdomenCT/" + i + ".png"), 4, 3, 100);
        }
        DatasetSplits d = ImageFolder.load(root, new ImageFolder.Options(0, 0, 0.2, 0.1, 7));
        assertEquals(List.of("AbdomenCT", "Hand"), d.train().classNames());
        assertEquals(14, d.train().size());
        assertEquals(4, d.val().size());
        assertEquals(2, d.test().size());
        assertArrayEquals(new long[] {14, 1, 3, 4}, d.train().images().shape());
        assertEquals(2, java.util.Arrays.stream(d.val().labels()).filter(y -> y == 1).count());
        // First pixel of an AbdomenCT image is exactly 100/255 (raw grey sample, no gamma).
        assertEquals(100 / 255f, d.train().images().getFloat(0, 0, 0, 0), 1e-7);
        DatasetSplits again = ImageFolder.load(root, new ImageFolder.Options(0, 0, 0.2, 0.1, 7));
        assertEquals(d.md5(), again.md5());
        assertArrayEquals(d.val().labels(), again.val().labels());
        assertEquals(d.val().images(), again.val().images());
    }

    @Test
    void colourImagesBecomeThreeChannelsAndResize() throws IOException {
        rgb(root.resolve("a/x.png"), 8, 8, 255, 0, 0, "png");
        rgb(root.resolve("b/y.jpg"), 16, 16, 0, 0, 255, "jpg");
        png(root.resolve("b/z.png"), 8, 8, 50);
        DatasetSplits d = ImageFolder.load(root, new ImageFolder.Options(4, 4, 0, 0, 1));
        assertArrayEquals(new long[] {3, 3, 4, 4}, d.train().images().shape());
        assertEquals(1f, d.train().images().getFloat(0, 0, 2, 2), 1e-6);
        assertEquals(0f, d.train().images().getFloat(0, 2, 2, 2), 1e-6);
        assertTrue(d.train().images().getFloat(1, 2, 1, 1) > 0.9f);
    }

    @Test
    void inconsistentSizesWithoutResizeNameBothFiles() throws IOException {
        png(root.resolve("a/1.png"), 4, 4, 0);
        png(root.resolve("b/2.png"), 5, 4, 0);
        DataException e = assertThrows(DataException.class, () -> ImageFolder.load(root, ImageFolder.Options.defaults(1)));
        assertTrue(e.getMessage().startsWith(root.resolve("b/2.png") + ": image is 5x4 but "), e.getMessage());
        assertTrue(e.getMessage().contains("give a target size"), e.getMessage());
    }

    @Test
    void emptyFoldersAreRejected() throws IOException {
        DataException e = assertThrows(DataException.class, () -> ImageFolder.load(root, ImageFolder.Options.defaults(1)));
        assertEquals(root + ": no class sub-folders (expected one folder of images per class)", e.getMessage());
        Files.createDirectories(root.resolve("empty"));
        png(root.resolve("full/1.png"), 2, 2, 0);
        e = assertThrows(DataException.class, () -> ImageFolder.load(root, ImageFolder.Options.defaults(1)));
        assertEquals(root.resolve("empty") + ": class folder holds no PNG or JPEG images", e.getMessage());
    }

    @Test
    void unreadableImageIsNamed() throws IOException {
        png(root.resolve("a/good.png"), 2, 2, 0);
        Path bad = root.resolve("b/broken.png");
        Files.createDirectories(bad.getParent());
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        DataException e = assertThrows(DataException.class, () -> ImageFolder.load(root, ImageFolder.Options.defaults(1)));
        assertTrue(e.getMessage().startsWith(bad + ": unreadable image"), e.getMessage());
    }
}
