package dev.qnet.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SoftmaxCrossEntropyTest {

    private final INDArray logits = Nd4j.create(new double[][] {{1.0, -0.5, 2.0}, {0.3, 0.1, -1.2}});
    private final int[] labels = {2, 1};

    @Test
    void matchesReferenceValues() {
        // PyTorch's cross_entropy definition evaluated in Python floats (math.log / math.exp)
        assertEquals(0.6427003181, new SoftmaxCrossEntropy(null).compute(logits, labels).loss(), 1e-9);
        // ... with weight = [1, 3, 0.5]: sum_i w[y_i] l_i / sum_i w[y_i]
        assertEquals(0.8363869512, new SoftmaxCrossEntropy(new double[] {1, 3, 0.5}).compute(logits, labels).loss(), 1e-9);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        for (double[] w : new double[][] {null, {1, 3, 0.5}}) {
            SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(w);
            var r = ce.compute(logits, labels);
            assertEquals(1, r.correct());
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    INDArray p = logits.dup();
                    p.putScalar(i, j, p.getDouble(i, j) + 1e-6);
                    INDArray m = logits.dup();
                    m.putScalar(i, j, m.getDouble(i, j) - 1e-6);
                    double numeric = (ce.compute(p, labels).loss() - ce.compute(m, labels).loss()) / 2e-6;
                    assertEquals(numeric, r.gradLogits().getDouble(i, j), 1e-8);
                }
            }
        }
    }

    @Test
    void rejectsBadLabels() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SoftmaxCrossEntropy(null).compute(logits.castTo(DataType.FLOAT), new int[] {0, 3}));
        assertEquals("cross-entropy: label 3 out of range [0, 3)", e.getMessage());
    }
}
