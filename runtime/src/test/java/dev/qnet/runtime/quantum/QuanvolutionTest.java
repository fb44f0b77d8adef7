package dev.qnet.runtime.quantum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class QuanvolutionTest {

    @Test
    void shapesAndOnePatchAgainstTheCircuit() {
        Quanvolution qv = new Quanvolution("quanv", 2, 2, 1, Math.PI, false, DataType.DOUBLE, 3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 6, 5);
        INDArray y = qv.forward(x, false);
        assertArrayEquals(new long[] {2, 12, 3, 2}, y.shape());
        // patch (b=1, c=2, i=1, j=1) -> rows 2..3, cols 2..3
        double[] patch = {x.getDouble(1, 2, 2, 2), x.getDouble(1, 2, 2, 3), x.getDouble(1, 2, 3, 2), x.getDouble(1, 2, 3, 3)};
        assertEquals(0, qv.parameters().size());
        StatevectorSimulator sim = new StatevectorSimulator(qv.circuit(), Observable.zEach(0, 1, 2, 3));
        // the fixed angles are the seeded values: recover them by building a trainable twin
        Quanvolution twin = new Quanvolution("twin", 2, 2, 1, Math.PI, true, DataType.DOUBLE, 3);
        double[] theta = twin.parameters().get(0).value().toDoubleVector();
        double[] z = sim.forward(theta, patch, 1).outputs();
        for (int q = 0; q < 4; q++) {
            assertEquals(z[q], y.getDouble(1, 2 * 4 + q, 1, 1), 1e-12);
        }
        assertEquals(y, twin.forward(x, false));
    }

    @Test
    void trainableGradientsMatchFiniteDifferences() {
        Quanvolution qv = new Quanvolution("quanv", 3, 1, 2, 1.0, true, DataType.DOUBLE, 5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 1, 4, 4);
        INDArray w = Nd4j.rand(DataType.DOUBLE, 1, 9, 2, 2).subi(0.5);
        qv.forward(x, true);
        qv.parameters().get(0).zeroGrad();
        INDArray dx = qv.backward(w);
        double h = 1e-5;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double keep = x.getDouble(0, 0, i, j);
                x.putScalar(new int[] {0, 0, i, j}, keep + h);
                double up = qv.forward(x, true).mul(w).sumNumber().doubleValue();
                x.putScalar(new int[] {0, 0, i, j}, keep - h);
                double down = qv.forward(x, true).mul(w).sumNumber().doubleValue();
                x.putScalar(new int[] {0, 0, i, j}, keep);
                assertEquals((up - down) / (2 * h), dx.getDouble(0, 0, i, j), 1e-6);
            }
        }
        INDArray theta = qv.parameters().get(0).value();
        for (int p = 0; p < theta.length(); p += 3) {
            double keep = theta.getDouble(p);
            theta.putScalar(p, keep + h);
            double up = qv.forward(x, true).mul(w).sumNumber().doubleValue();
            theta.putScalar(p, keep - h);
            double down = qv.forward(x, true).mul(w).sumNumber().doubleValue();
            theta.putScalar(p, keep);
            assertEquals((up - down) / (2 * h), qv.parameters().get(0).grad().getDouble(p), 1e-6);
        }
        assertEquals(List.of("theta"), qv.parameters().stream().map(dev.qnet.runtime.nn.Parameter::name).toList());
    }
}
