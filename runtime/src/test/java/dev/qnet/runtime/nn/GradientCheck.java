package dev.qnet.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central finite differences in DOUBLE against a layer's backward pass, for the scalar loss
 * {@code L = sum(forward(x) * R)} with a fixed random R (so dL/dOutput = R).
 */
final class GradientCheck {

    static final double H = 1e-6;

    private GradientCheck() {
    }

    static INDArray random(Random rng, long... shape) {
        return Init.normal(rng, DataType.DOUBLE, 1.0, shape);
    }

    /** Checks dL/dx and every trainable parameter's gradient; returns the largest relative error seen. */
    static double check(Layer layer, INDArray x, boolean training, double tolerance) {
        Random rng = new Random(99);
        INDArray out = layer.forward(x, training);
        INDArray r = random(rng, out.shape());
        layer.parameters().forEach(Parameter::zeroGrad);
        layer.forward(x, training);
        INDArray dx = layer.backward(r.dup()).dup();
        double worst = 0;
        worst = Math.max(worst, compare(layer.name() + " input", dx, x, () -> loss(layer, x, r, training), tolerance));
        for (Parameter p : layer.parameters()) {
            if (p.isTrainable()) {
                INDArray analytic = p.grad().dup();
                worst = Math.max(worst, compare(layer.name() + " " + p.name(), analytic, p.value(),
                        () -> loss(layer, x, r, training), tolerance));
            }
        }
        return worst;
    }

    private static double loss(Layer layer, INDArray x, INDArray r, boolean training) {
        return layer.forward(x, training).mul(r).sumNumber().doubleValue();
    }

    private static double compare(String what, INDArray analytic, INDArray variable,
                                  java.util.function.DoubleSupplier loss, double tolerance) {
        INDArray flat = variable.reshape(variable.length());
        INDArray a = analytic.reshape(analytic.length());
        double worst = 0;
        long n = flat.length();
        long step = Math.max(1, n / 60); // at most ~60 probes per array keeps the test fast
        for (long i = 0; i < n; i += step) {
            double orig = flat.getDouble(i);
            flat.putScalar(i, orig + H);
            double plus = loss.getAsDouble();
            flat.putScalar(i, orig - H);
            double minus = loss.getAsDouble();
            flat.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * H);
            double got = a.getDouble(i);
            double err = Math.abs(numeric - got) / Math.max(1e-3, Math.abs(numeric) + Math.abs(got));
            worst = Math.max(worst, err);
            assertTrue(err < tolerance, what + "[" + i + "]: numeric " + numeric + " vs backward " + got
                    + " (relative error " + err + ")");
        }
        return worst;
    }

    static INDArray doubles(long... shape) {
        return Nd4j.create(DataType.DOUBLE, shape);
    }
}
