package dev.qnet.runtime.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Single image files for prediction, read the way the training data was shaped. */
public final class ImageFiles {

    private ImageFiles() {
    }

    /** One image as FLOAT [1, C, H, W] in [0, 1], converted to the model's channels and size. */
    public static INDArray read(Path file, int channels, int h, int w) {
        BufferedImage img = decode(file);
        int ih = img.getHeight();
        int iw = img.getWidth();
        float[] data = new float[channels * ih * iw];
        for (int y = 0; y < ih; y++) {
            for (int x = 0; x < iw; x++) {
                int rgb = img.getRGB(x, y);
                float r = ((rgb >> 16) & 0xff) / 255f;
                float g = ((rgb >> 8) & 0xff) / 255f;
                float b = (rgb & 0xff) / 255f;
                if (channels == 1) {
                    data[y * iw + x] = (r + g + b) / 3f;
                } else {
                    data[y * iw + x] = r;
                    data[ih * iw + y * iw + x] = g;
                    data[2 * ih * iw + y * iw + x] = b;
                }
            }
        }
        INDArray x = Nd4j.create(data, new long[] {1, channels, ih, iw});
        return ih == h && iw == w ? x : new Resize(h, w).apply(x, new Random(0), false);
    }

    /**
     * Decodes a PNG or JPEG; any failure, including the decoders' own runtime exceptions on
     * corrupt bytes, is a {@link DataException} naming the file. The size in the image's header
     * is checked against the file's length before the pixels are allocated.
     */
    static BufferedImage decode(Path file) {
        long fileSize = DataFiles.requireNonEmpty(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DataException(file + ": unreadable image (not a valid PNG or JPEG)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w * h > maxPixels(fileSize)) {
                    throw new DataException(file + ": corrupt image header (" + w + "x" + h + " pixels in a "
                            + fileSize + "-byte file)");
                }
                BufferedImage img = reader.read(0);
                if (img == null) {
                    throw new DataException(file + ": unreadable image (not a valid PNG or JPEG)");
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(file + ": unreadable image (" + DataException.reason(e) + ")", e);
        }
    }

    /**
     * The most pixels a PNG or JPEG of {@code fileSize} bytes can hold: PNG pixel data is deflate
     * of at least one bit per pixel, so at most 8 pixels per inflated byte; JPEG spends a few bits
     * per 8x8 block at the least, well inside that. The decoded image must also fit one Java int
     * array (four bytes per pixel at most).
     */
    private static long maxPixels(long fileSize) {
        long byContent = Math.min(DataFiles.maxInflated(fileSize), Long.MAX_VALUE / 8) * 8;
        return Math.min(byContent, (Integer.MAX_VALUE - 16) / 4);
    }
}
