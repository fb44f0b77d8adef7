package dev.qnet.driver.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.core.ClassWeighting;
import dev.qnet.runtime.data.DataException;
import org.junit.jupiter.api.Test;

/** {@code class_weights}: the weights of each rule on a split with 1 sample of class 0 and 4 of class 1. */
class ClassWeightsTest {

    private static final int[] LABELS = {1, 0, 1, 1, 1};

    @Test
    void noneGivesNoWeights() {
        assertNull(TrainingLowering.classWeights(ClassWeighting.NONE, LABELS, 2));
    }

    @Test
    void balancedIsInverseFrequencyWithMeanOne() {
        // N / (C n_c): 5 / (2 * 1) and 5 / (2 * 4); (2.5 + 4 * 0.625) / 5 = 1.
        assertArrayEquals(new double[] {2.5, 0.625},
                TrainingLowering.classWeights(ClassWeighting.BALANCED, LABELS, 2), 1e-15);
    }

    @Test
    void sqrtIsInverseSquareRootWithMeanOne() {
        // sqrt(n) = 1 and 2, sum 3: N / (sqrt(n_c) * 3) = 5/3 and 5/6; (5/3 + 4 * 5/6) / 5 = 1.
        assertArrayEquals(new double[] {5.0 / 3, 5.0 / 6},
                TrainingLowering.classWeights(ClassWeighting.SQRT, LABELS, 2), 1e-15);
    }

    @Test
    void anEmptyClassIsADataError() {
        DataException e = assertThrows(DataException.class,
                () -> TrainingLowering.classWeights(ClassWeighting.SQRT, LABELS, 3));
        assertTrue(e.getMessage().contains("class_weights sqrt: class 2 has no training samples"), e.getMessage());
    }
}
