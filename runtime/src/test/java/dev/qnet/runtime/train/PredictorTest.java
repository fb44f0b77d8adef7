package dev.qnet.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.nn.BufferPool;
import dev.qnet.runtime.nn.Layer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class PredictorTest {

    /**
     * Prediction frees its feature maps when it returns. Before, every call left a pool of them
     * to the garbage collector: the ResNet-50 inference benchmark grew by ~600 MiB per call at
     * batch 128, and so would every run of a sweep task in one JVM.
     */
    @Test
    void repeatedPredictionsLeaveNoPooledMemory() {
        Layer model = SyntheticData.tinyCnn(3);
        LabeledImages images = SyntheticData.split(40, 9);
        long before = BufferPool.heldBytes();

        // The model's evaluation forward does take its maps from a step's pool (so the check below can fail).
        try (StepWorkspace ws = new StepWorkspace("predictor-test")) {
            ws.run(() -> model.forward(images.images(), false).sumNumber());
            assertTrue(BufferPool.heldBytes() > before, "the forward pooled no feature maps");
        }
        assertEquals(before, BufferPool.heldBytes());

        INDArray first = Predictor.probabilities(model, images, 16, null);
        for (int i = 0; i < 3; i++) {
            INDArray again = Predictor.probabilities(model, images, 16, null);
            assertEquals(first, again, "prediction " + i + " differs from the first");
            assertEquals(before, BufferPool.heldBytes(), "bytes still pooled after prediction " + i);
        }
        assertEquals(40, first.rows());
    }
}
