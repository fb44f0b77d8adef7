package dev.qnet.runtime.quantum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Gradient check of the quantum layer through the Layer interface with ND4J DOUBLE arrays. */
class QuantumLayerTest {

    @Test
    void gradientsThroughTheLayerMatchFiniteDifferences() {
        Circuit.Builder b = Circuit.builder(4);
        Encodings.angle(b, GateKind.RY, 0, 1.0);
        int[] active = {0, 1, 2, 3};
        while (active.length > 1) {
            Qcnn.conv(b, active, Qcnn.peerConv(), true);
            active = Qcnn.pool(b, active, Qcnn.peerPool(), true);
        }
        List<Observable> obs = List.of(new Observable.Z(3), new Observable.ZProduct(new int[] {2, 3}));
        QuantumLayer layer = new QuantumLayer("q", b.build(), obs, DataType.DOUBLE, 1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4).muli(3);
        INDArray w = Nd4j.rand(DataType.DOUBLE, 5, 2).subi(0.5);
        INDArray y = layer.forward(x, true);
        assertArrayEquals(new long[] {5, 2}, y.shape());
        assertEquals(DataType.DOUBLE, y.dataType());
        layer.parameters().get(0).zeroGrad();
        INDArray dx = layer.backward(w);
        double h = 1e-5;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                double keep = x.getDouble(i, j);
                x.putScalar(new int[] {i, j}, keep + h);
                double up = layer.forward(x, true).mul(w).sumNumber().doubleValue();
                x.putScalar(new int[] {i, j}, keep - h);
                double down = layer.forward(x, true).mul(w).sumNumber().doubleValue();
                x.putScalar(new int[] {i, j}, keep);
                assertEquals((up - down) / (2 * h), dx.getDouble(i, j), 1e-6, "dx[" + i + "," + j + "]");
            }
        }
        INDArray theta = layer.parameters().get(0).value();
        INDArray grad = layer.parameters().get(0).grad();
        for (int p = 0; p < theta.length(); p++) {
            double keep = theta.getDouble(p);
            theta.putScalar(p, keep + h);
            double up = layer.forward(x, true).mul(w).sumNumber().doubleValue();
            theta.putScalar(p, keep - h);
            double down = layer.forward(x, true).mul(w).sumNumber().doubleValue();
            theta.putScalar(p, keep);
            assertEquals((up - down) / (2 * h), grad.getDouble(p), 1e-6, "dtheta[" + p + "]");
        }
        assertEquals(12, theta.length(), "4 shared blocks of 3 parameters");
    }

    @Test
    void floatInputGivesFloatOutputAndThetaIsSeeded() {
        Circuit c = Encodings.angle(Circuit.builder(2), GateKind.RX, 0, 1.0).ry(0, Angle.param(0)).cnot(0, 1).build();
        QuantumLayer a = new QuantumLayer("a", c, Observable.zEach(0, 1), DataType.FLOAT, 9);
        QuantumLayer b = new QuantumLayer("b", c, Observable.zEach(0, 1), DataType.FLOAT, 9);
        assertEquals(a.thetaValues()[0], b.thetaValues()[0], 0);
        double t = a.thetaValues()[0];
        assertEquals(new Random(9).nextDouble() * 2 * Math.PI, t, 1e-6);
        INDArray y = a.forward(Nd4j.zeros(DataType.FLOAT, 3, 2), false);
        assertEquals(DataType.FLOAT, y.dataType());
        assertEquals(Math.cos(t), y.getDouble(0, 0), 1e-6);
        assertEquals(DataType.FLOAT, a.backward(Nd4j.ones(DataType.FLOAT, 3, 2)).dataType());
    }
}
