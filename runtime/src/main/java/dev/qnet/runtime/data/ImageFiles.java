package dev.qnet.runtime.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Single image files for prediction, read the way the training data was shaped. */
public final class ImageFiles {

    private ImageFiles() {
    }

    /** One image as FLOAT [1, C, H, W] in [0, 1], converted to the model's channels and size. */
    public static INDArray read(Path file, int channels, int h, int w) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new DataException(file + ": cannot read image: " + e.getMessage());
        }
        if (img == null) {
            throw new DataException(file + ": not a PNG or JPEG image");
        }
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
}
