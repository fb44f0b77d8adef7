package dev.qnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AugmentationTest {

    /** A generator pinned to fixed draws, to test a transform at its extreme. */
    private static final class Fixed extends Random {
        private final double d;
        private final boolean b;

        Fixed(double d, boolean b) {
            this.d = d;
            this.b = b;
        }

        @Override
        public double nextDouble() {
            return d;
        }

        @Override
        public boolean nextBoolean() {
            return b;
        }
    }

    private static INDArray ramp(int n, int c, int h, int w) {
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 97) / 97f;
        }
        return Nd4j.create(x, new long[] {n, c, h, w}, 'c');
    }

    @Test
    void rotationByNinetyDegreesIsAnExactQuarterTurn() {
        INDArray x = ramp(1, 2, 5, 5);
        INDArray y = new Rotate(90).apply(x, new Fixed(1.0, false), true);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    assertEquals(x.getFloat(0, c, 4 - j, i), y.getFloat(0, c, i, j), 1e-5, i + "," + j);
                }
            }
        }
    }

    @Test
    void flipMirrorsAndTranslateShiftsWithZeroFill() {
        INDArray x = ramp(1, 1, 4, 6);
        INDArray h = Flip.horizontally().apply(x, new Fixed(0, true), true);
        INDArray v = Flip.vertically().apply(x, new Fixed(0, true), true);
        INDArray t = new Translate(2).apply(x, new Fixed(1.0, false), true);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(x.getFloat(0, 0, i, 5 - j), h.getFloat(0, 0, i, j), 1e-6);
                assertEquals(x.getFloat(0, 0, 3 - i, j), v.getFloat(0, 0, i, j), 1e-6);
                float expected = i >= 2 && j >= 2 ? x.getFloat(0, 0, i - 2, j - 2) : 0f;
                assertEquals(expected, t.getFloat(0, 0, i, j), 1e-6);
            }
        }
        assertEquals(x, Flip.horizontally().apply(x, new Fixed(0, false), true), "tails: no flip");
    }

    @Test
    void zoomKeepsTheCentreAndScalesAroundIt() {
        INDArray x = ramp(1, 1, 5, 5);
        INDArray z = new Zoom(0.5).apply(x, new Fixed(1.0, false), true); // factor 1.5
        assertEquals(x.getFloat(0, 0, 2, 2), z.getFloat(0, 0, 2, 2), 1e-6);
        // Output (2, 2 + 1.5) samples input column 3 on the centre row.
        INDArray z2 = new Zoom(0.5).apply(x, new Fixed(0.0, false), true); // factor 0.5
        assertEquals(x.getFloat(0, 0, 2, 4), z2.getFloat(0, 0, 2, 3), 1e-6);
    }

    @Test
    void reproducibleForASeedAndOffForEvaluation() {
        INDArray x = ramp(16, 1, 28, 28);
        Augmentations aug = Augmentations.compose(List.of(new Rotate(15), Flip.horizontally(), new Zoom(0.1),
                new Translate(2)));
        assertEquals(1, aug.steps().size(), "geometric steps fuse into one resampling");
        INDArray a = aug.apply(x, new Random(5), true);
        INDArray b = aug.apply(x, new Random(5), true);
        INDArray c = aug.apply(x, new Random(6), true);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertSame(x, aug.apply(x, new Random(5), false));
        // Different samples get different transforms.
        assertNotEquals(a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).sumNumber().doubleValue()
                - x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).sumNumber().doubleValue(),
                a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).sumNumber().doubleValue()
                - x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).sumNumber().doubleValue());
    }

    @Test
    void normalizeUsesTrainStatisticsAndAlwaysApplies() {
        float[] px = {0, 1, 2, 3, 10, 10, 10, 14};
        LabeledImages train = new LabeledImages(Nd4j.create(px, new long[] {1, 2, 2, 2}, 'c'), new int[] {0},
                List.of("a", "b"));
        Normalize n = Normalize.fromTrain(train);
        assertArrayEquals(new float[] {1.5f, 11f}, n.mean(), 1e-6f);
        assertArrayEquals(new float[] {(float) Math.sqrt(1.25), (float) Math.sqrt(3)}, n.std(), 1e-6f);
        INDArray y = n.apply(train.images(), new Random(0), false);
        assertEquals(0, y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1))
                .meanNumber().doubleValue(), 1e-6);
        assertEquals(-1.5 / Math.sqrt(1.25), y.getFloat(0, 0, 0, 0), 1e-6);
    }

    @Test
    void bilinearResizeMatchesPytorchAlignCornersFalse() {
        INDArray x = Nd4j.create(new float[] {0, 1, 2, 3}, new long[] {1, 1, 2, 2}, 'c');
        INDArray y = new Resize(4, 4).apply(x, null, false);
        // torch.nn.functional.interpolate(x, size=4, mode='bilinear', align_corners=False)
        float[] expected = {0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3};
        assertArrayEquals(expected, y.dup('c').data().asFloat(), 1e-6f);
        INDArray down = new Resize(2, 2).apply(y, null, true);
        assertArrayEquals(new long[] {1, 1, 2, 2}, down.shape());
    }

    @Test
    void batchOf128IsFast() {
        INDArray x = ramp(128, 1, 28, 28);
        Augmentations aug = Augmentations.compose(List.of(new Rotate(10), Flip.horizontally(), new Zoom(0.1)));
        Random rng = new Random(1);
        for (int i = 0; i < 150; i++) {
            aug.apply(x, rng, true);
        }
        int reps = 50;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            aug.apply(x, rng, true);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / reps;
        System.out.printf("augmentation: %.2f ms per batch of 128 x 28x28%n", ms);
        // About 3 ms on the 2-core build machine when warm; the bound leaves room for a loaded CI.
        assertTrue(ms < 25, "took " + ms + " ms");
    }
}
