package dev.qnet.driver.lower;

import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.runtime.nn.Activation;
import dev.qnet.runtime.nn.AvgPool2d;
import dev.qnet.runtime.nn.BatchNorm1d;
import dev.qnet.runtime.nn.BatchNorm2d;
import dev.qnet.runtime.nn.Conv2d;
import dev.qnet.runtime.nn.Dense;
import dev.qnet.runtime.nn.Dropout;
import dev.qnet.runtime.nn.Flatten;
import dev.qnet.runtime.nn.GlobalAvgPool;
import dev.qnet.runtime.nn.GlobalMaxPool;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.MaxPool2d;
import dev.qnet.runtime.nn.Residual;
import dev.qnet.runtime.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Lowers a checked network instance (the IR tree) to executable runtime layers.
 *
 * <p>The IR already holds every decision (padding per side, inferred projections, active qubits,
 * parameter layout), so lowering is a structural walk: one runtime layer per IR node. All random
 * initialisation draws from one {@link Random} seeded by the train section, in tree order, so the
 * same file and seed always give the same initial weights.
 */
public final class NetworkLowering {

    private final DataType dtype;
    private final Random rng;
    private final long seed;

    public NetworkLowering(DataType dtype, long seed) {
        this.dtype = dtype;
        this.seed = seed;
        this.rng = new Random(seed);
    }

    public Layer lower(NetworkIr network) {
        return lower(network.body());
    }

    Layer lower(Node node) {
        // Java 17 has no pattern switch (preview only), hence the instanceof chain over the sealed IR.
        if (node instanceof Node.Conv c) {
            return new Conv2d(c.inChannels(), c.outChannels(), c.kernel(), c.kernel(), c.stride(),
                    c.padding(), c.padding(), c.groups(), c.bias(), dtype, rng);
        } else if (node instanceof Node.BatchNorm b) {
            return b.input().isImage()
                    ? new BatchNorm2d(b.features(), b.eps(), b.momentum(), dtype)
                    : new BatchNorm1d(b.features(), b.eps(), b.momentum(), dtype);
        } else if (node instanceof Node.Activation a) {
            return new Activation(Activation.Kind.parse(a.kind()));
        } else if (node instanceof Node.Pool p) {
            return p.kind().equals("max")
                    ? new MaxPool2d(p.kernel(), p.stride(), p.padding())
                    : new AvgPool2d(p.kernel(), p.stride(), p.padding());
        } else if (node instanceof Node.GlobalPool g) {
            return g.kind().equals("max") ? new GlobalMaxPool() : new GlobalAvgPool();
        } else if (node instanceof Node.Dropout d) {
            // Each dropout gets its own mask stream derived from the run seed and its position.
            return new Dropout(d.p(), seed * 31 + d.path().hashCode());
        } else if (node instanceof Node.Flatten) {
            return new Flatten();
        } else if (node instanceof Node.Dense d) {
            return new Dense(d.inFeatures(), d.units(), d.bias(), dtype, rng);
        } else if (node instanceof Node.Sequence s) {
            return sequence(s);
        } else if (node instanceof Node.Residual r) {
            return new Residual(sequence(r.branch()), r.shortcut() == null ? null : sequence(r.shortcut()));
        } else if (node instanceof Node.QuantumStage q) {
            return QuantumLowering.lower(q, dtype, rng);
        } else if (node instanceof Node.Quanvolution q) {
            return QuantumLowering.lower(q, dtype, rng);
        }
        throw new IllegalStateException("no lowering for IR node " + node.getClass().getSimpleName());
    }

    private Layer sequence(Node.Sequence s) {
        List<Layer> layers = new ArrayList<>(s.nodes().size());
        for (Node child : s.nodes()) {
            layers.add(lower(child));
        }
        return new Sequential(layers, s.path().isEmpty() ? "network" : s.path());
    }
}
