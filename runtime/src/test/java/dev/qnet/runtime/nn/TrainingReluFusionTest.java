package dev.qnet.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.core.ActivationKind;
import dev.qnet.core.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * In training, {@link Sequential} computes "batch norm, ReLU" as one oneDNN batch norm with the
 * ReLU fused ({@code fuse_norm_relu}), and its backward skips the ReLU. Two training steps must
 * compute what the layers compute one by one: outputs, input gradients, every parameter gradient
 * and the running statistics, with batch norms far from the identity (negative scales too, so the
 * mask is not just the sign of the normalised input).
 */
class TrainingReluFusionTest {

    @ParameterizedTest(name = "precision {0}")
    @EnumSource(Precision.class)
    void aFusedTrainingStepEqualsTheLayersOneByOne(Precision precision) {
        Layer fused = BufferPoolTest.network(precision);
        Layer separate = oneByOne(BufferPoolTest.network(precision));
        InferenceFoldingTest.randomizeNormalisation(fused, 31);
        InferenceFoldingTest.randomizeNormalisation(separate, 31);
        INDArray x = Nd4j.randn(new Random(32).nextLong(), new long[] {4, 3, 9, 9}).castTo(DataType.FLOAT);
        INDArray g = Nd4j.randn(new Random(33).nextLong(), new long[] {4, 3}).castTo(DataType.FLOAT);
        BufferPool pool = new BufferPool();
        for (int step = 0; step < 2; step++) {
            List<INDArray> expected = step(separate, x, g);
            List<INDArray> actual = pool.run(() -> step(fused, x, g));
            for (int i = 0; i < expected.size(); i++) {
                InferenceFoldingTest.assertClose(expected.get(i), actual.get(i), precision);
            }
            List<Parameter> pe = separate.parameters();
            List<Parameter> pa = fused.parameters();
            assertEquals(pe.size(), pa.size());
            for (int i = 0; i < pe.size(); i++) {
                InferenceFoldingTest.assertClose(pe.get(i).value(), pa.get(i).value(), precision);
                if (pe.get(i).isTrainable()) {
                    InferenceFoldingTest.assertClose(pe.get(i).grad(), pa.get(i).grad(), precision);
                }
            }
            assertEquals(0, pool.lentCount(), "the ReLU masks went back to the pool");
        }
        // The fused ReLUs never ran: each one's backward finds no forward.
        List<Activation> relus = fusedRelus(fused);
        assertEquals(5, relus.size(), "the network's batch norm + ReLU pairs");
        for (Activation r : relus) {
            assertThrows(IllegalStateException.class, () -> r.backward(Nd4j.zeros(DataType.FLOAT, 1, 1, 1, 1)),
                    "a ReLU after a batch norm ran its own forward");
        }
    }

    /** Forward in training mode, then the backward of a fixed logit gradient (the Trainer's step without the loss). */
    private static List<INDArray> step(Layer net, INDArray x, INDArray g) {
        net.parameters().forEach(Parameter::zeroGrad);
        INDArray y = net.forward(x.dup(), true).dup();
        INDArray gx = net.backward(g.dup()).dup();
        return List.of(y, gx);
    }

    /** The same network with each ReLU in a sequence of its own, which the batch norm before it cannot fuse. */
    private static Layer oneByOne(Layer l) {
        if (l instanceof Sequential s) {
            List<Layer> kids = new ArrayList<>();
            for (Layer c : s.layers()) {
                kids.add(c instanceof Activation a && a.kind() == ActivationKind.RELU ? new Sequential(List.of(c))
                        : oneByOne(c));
            }
            return new Sequential(kids);
        }
        if (l instanceof Residual r) {
            return new Residual(oneByOne(r.branch()), r.shortcut() == null ? null : oneByOne(r.shortcut()));
        }
        return l;
    }

    private static List<Activation> fusedRelus(Layer net) {
        List<Activation> out = new ArrayList<>();
        Layer.walk(net).forEach(l -> {
            if (l instanceof Sequential s) {
                for (int i = 1; i < s.layers().size(); i++) {
                    if (s.layers().get(i - 1) instanceof BatchNorm2d && s.layers().get(i) instanceof Activation a) {
                        out.add(a);
                    }
                }
            }
        });
        assertTrue(!out.isEmpty());
        return out;
    }
}
