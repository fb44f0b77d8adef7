package dev.qnet.driver.lower;

import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.core.Precision;
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
import java.util.Set;
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
    private final Precision precision;
    private final Set<String> frozen;
    private final ExecutionOverride override;

    public NetworkLowering(DataType dtype, long seed) {
        this(dtype, seed, Precision.FP32);
    }

    /** @param precision the train section's {@code precision}: the arithmetic of the convolutions */
    public NetworkLowering(DataType dtype, long seed, Precision precision) {
        this(dtype, seed, precision, Set.of(), ExecutionOverride.NONE);
    }

    /**
     * @param precision the train section's {@code precision}: the arithmetic of the convolutions
     * @param frozen    paths of nodes whose parameters keep their initial values (an ablation's frozen variant)
     * @param override  noise and shots for every quantum stage and quanvolution (eval --noise, --set noise)
     */
    public NetworkLowering(DataType dtype, long seed, Precision precision, Set<String> frozen, ExecutionOverride override) {
        this.dtype = dtype;
        this.seed = seed;
        this.rng = new Random(seed);
        this.precision = precision;
        this.frozen = Set.copyOf(frozen);
        this.override = override;
    }

    /**
     * Noise and shots that replace what the source says (null fields keep it), for every quantum
     * stage and quanvolution, or only for those whose paths are in {@code parts} (the paths
     * {@code qnetc check} prints: {@code quanv2}, {@code quantum13}); the others run under
     * {@code others} (null: as the source says). {@code auto} methods are re-resolved for the new noise.
     */
    public record ExecutionOverride(dev.qnet.compiler.ir.NoiseIr noise, Integer shots, Set<String> parts,
                                    ExecutionOverride others) {
        public static final ExecutionOverride NONE = new ExecutionOverride(null, null);

        public ExecutionOverride {
            parts = Set.copyOf(parts);
        }

        /** For every part. */
        public ExecutionOverride(dev.qnet.compiler.ir.NoiseIr noise, Integer shots) {
            this(noise, shots, Set.of(), null);
        }

        public dev.qnet.compiler.ir.ExecutionIr apply(String path, dev.qnet.compiler.ir.ExecutionIr e, int qubits) {
            if (!parts.isEmpty() && !parts.contains(path)) return others == null ? e : others.apply(path, e, qubits);
            if (noise == null && shots == null) return e;
            return e.with(noise != null ? noise : e.noise(), shots != null ? shots : e.shots(), qubits);
        }
    }

    /** Shot sampling and trajectories of a stage get their own stream from the run seed and the stage's place, like dropout. */
    private dev.qnet.runtime.quantum.noise.Execution execution(dev.qnet.compiler.ir.ExecutionIr e, int qubits, String path) {
        return NoiseLowering.execution(override.apply(path, e, qubits), qubits, seed * 31 + path.hashCode() + 17);
    }

    public Layer lower(NetworkIr network) {
        return lower(network.body());
    }

    Layer lower(Node node) {
        Layer layer = lowerNode(node);
        return frozen.contains(node.path()) ? new FrozenLayer(layer) : layer;
    }

    private Layer lowerNode(Node node) {
        return node.accept(new Node.Visitor<>() {
            @Override
            public Layer conv(Node.Conv c) {
                return new Conv2d(c.inChannels(), c.outChannels(), c.kernel(), c.kernel(), c.stride(),
                        c.padding(), c.padding(), c.groups(), c.bias(), dtype, rng, precision);
            }

            @Override
            public Layer batchNorm(Node.BatchNorm b) {
                return b.input().isImage()
                        ? new BatchNorm2d(b.features(), b.eps(), b.momentum(), dtype)
                        : new BatchNorm1d(b.features(), b.eps(), b.momentum(), dtype);
            }

            @Override
            public Layer activation(Node.Activation a) {
                return new Activation(a.kind());
            }

            @Override
            public Layer pool(Node.Pool p) {
                return switch (p.kind()) {
                    case MAX -> new MaxPool2d(p.kernel(), p.stride(), p.padding());
                    case AVG -> new AvgPool2d(p.kernel(), p.stride(), p.padding());
                };
            }

            @Override
            public Layer globalPool(Node.GlobalPool g) {
                return switch (g.kind()) {
                    case MAX -> new GlobalMaxPool();
                    case AVG -> new GlobalAvgPool();
                };
            }

            @Override
            public Layer dropout(Node.Dropout d) {
                // Each dropout gets its own mask stream derived from the run seed and its position.
                return new Dropout(d.p(), seed * 31 + d.path().hashCode());
            }

            @Override
            public Layer flatten(Node.Flatten f) {
                return new Flatten();
            }

            @Override
            public Layer dense(Node.Dense d) {
                return new Dense(d.inFeatures(), d.units(), d.bias(), dtype, rng);
            }

            @Override
            public Layer sequence(Node.Sequence s) {
                return NetworkLowering.this.sequence(s);
            }

            @Override
            public Layer residual(Node.Residual r) {
                return new Residual(NetworkLowering.this.sequence(r.branch()),
                        r.shortcut() == null ? null : NetworkLowering.this.sequence(r.shortcut()));
            }

            @Override
            public Layer quantumStage(Node.QuantumStage q) {
                return QuantumLowering.lower(q, dtype, rng, execution(q.execution(), q.qubits(), q.path()));
            }

            @Override
            public Layer quanvolution(Node.Quanvolution q) {
                return QuantumLowering.lower(q, dtype, rng, execution(q.execution(), q.qubits(), q.path()));
            }
        });
    }

    private Layer sequence(Node.Sequence s) {
        List<Layer> layers = new ArrayList<>(s.nodes().size());
        for (Node child : s.nodes()) {
            layers.add(lower(child));
        }
        return new Sequential(layers, s.path().isEmpty() ? "network" : s.path());
    }
}
