package dev.qnet.runtime.quantum;

import dev.qnet.core.ConvArithmetic;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import dev.qnet.runtime.quantum.noise.Execution;
import dev.qnet.runtime.quantum.noise.NoiseSimulation;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Quanvolution (Henderson et al. 2019): a small circuit used as a convolution filter.
 *
 * <p>Every {@code k x k} patch (k = 2 or 3, given stride, no padding) of every input channel is
 * angle-encoded, {@code RY(scale * pixel)} on qubit {@code i*k + j}, followed by {@code layers}
 * random layers (per qubit a rotation about a random axis, then CNOTs between random distinct qubit
 * pairs, all drawn from {@code seed}), and measured as {@code <Z>} per qubit.
 *
 * <p>Shapes: input [B, C, H, W] -> output [B, C * k*k, H', W'] with H' = (H - k) / stride + 1 (same for
 * W); output channel {@code c * k*k + q} is qubit q's expectation on input channel c. All patches of
 * the batch go through the simulator as one batch. With {@code trainable} the rotation angles are a
 * {@code theta} parameter (initialised to the same seeded random values) and get gradients; otherwise
 * they are constants (the original fixed random filter). Gradients for the input flow either way.
 */
public final class Quanvolution implements Layer {

    private final String name;
    private final int k;
    private final int stride;
    private final QuantumSimulator simulator;
    private final Parameter theta;
    private final double[] fixedTheta;
    private QuantumSimulator.Pass lastRun;
    private long[] lastShape;
    private DataType lastType;

    public Quanvolution(String name, int kernel, int stride, int layers, double scale, boolean trainable,
                        DataType dtype, long seed) {
        if (kernel != 2 && kernel != 3) {
            throw new QuantumException(name + ": quanvolution kernels are 2x2 or 3x3, got " + kernel);
        }
        if (stride < 1) {
            throw new QuantumException(name + ": stride must be >= 1, got " + stride);
        }
        this.name = name;
        this.k = kernel;
        this.stride = stride;
        int n = kernel * kernel;
        Random rnd = new Random(seed);
        Circuit.Builder b = Circuit.builder(n);
        Encodings.angle(b, GateKind.RY, 0, scale);
        GateKind[] axes = {GateKind.RX, GateKind.RY, GateKind.RZ};
        for (int l = 0; l < layers; l++) {
            for (int q = 0; q < n; q++) {
                b.add(axes[rnd.nextInt(3)], new int[0], new int[] {q}, Angle.param(b.newParam()));
            }
            for (int e = 0; e < n - 1; e++) {
                int c = rnd.nextInt(n), t = (c + 1 + rnd.nextInt(n - 1)) % n;
                b.cnot(c, t);
            }
        }
        Circuit circuit = b.build();
        double[] init = new double[circuit.parameterCount()];
        for (int i = 0; i < init.length; i++) {
            init[i] = rnd.nextDouble() * 2 * Math.PI;
        }
        this.simulator = new StatevectorSimulator(circuit, Observable.zEach(range(n)));
        this.theta = trainable && init.length > 0
            ? Parameter.trainable("theta", Nd4j.createFromArray(init).castTo(dtype).reshape(init.length)) : null;
        this.fixedTheta = init;
    }

    /**
     * A quanvolution with a circuit prepared by the caller (the compiler lowers the user's or the
     * language's random filter circuit this way).
     *
     * @param circuit k*k qubits; reads the patch as input features {@code 0..k*k-1}, pixel (di, dj)
     *                being feature {@code di*k + dj}; its encoding gates are part of it
     * @param init    initial parameter values ({@code circuit.parameterCount()} of them)
     * @param trainable whether the parameters are trained or stay fixed at {@code init}
     */
    public Quanvolution(String name, int kernel, int stride, Circuit circuit, double[] init, boolean trainable,
                        DataType dtype) {
        this(name, kernel, stride, circuit, init, trainable, dtype, Execution.IDEAL);
    }

    /**
     * The same under a noise model, simulation method and shot count ({@link NoiseSimulation#create});
     * {@link Execution#IDEAL} is the noiseless statevector, exactly as the constructor without it.
     */
    public Quanvolution(String name, int kernel, int stride, Circuit circuit, double[] init, boolean trainable,
                        DataType dtype, Execution execution) {
        if (circuit.qubits() != kernel * kernel) {
            throw new QuantumException(name + ": a " + kernel + "x" + kernel + " quanvolution needs a circuit on "
                + kernel * kernel + " qubits, got " + circuit.qubits());
        }
        if (stride < 1) {
            throw new QuantumException(name + ": stride must be >= 1, got " + stride);
        }
        if (init.length != circuit.parameterCount()) {
            throw new QuantumException(name + ": " + circuit.parameterCount() + " initial values needed, got " + init.length);
        }
        this.name = name;
        this.k = kernel;
        this.stride = stride;
        this.simulator = NoiseSimulation.create(circuit, Observable.zEach(range(kernel * kernel)), execution);
        this.fixedTheta = init.clone();
        this.theta = trainable && init.length > 0
            ? Parameter.trainable("theta", Nd4j.createFromArray(init).castTo(dtype).reshape(init.length)) : null;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    public Circuit circuit() { return simulator.circuit(); }

    /** Output spatial size for an input size. */
    public int outputSize(int size) {
        return (int) ConvArithmetic.outputSize(size, k, stride, 0);
    }

    private double[] thetaValues() {
        return theta == null ? fixedTheta : theta.value().castTo(DataType.DOUBLE).toDoubleVector();
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        if (input.rank() != 4 || input.size(2) < k || input.size(3) < k) {
            throw new QuantumException(name + ": expected input [B, C, H, W] with H, W >= " + k + ", got "
                + Arrays.toString(input.shape()));
        }
        int bsz = (int) input.size(0), c = (int) input.size(1), h = (int) input.size(2), w = (int) input.size(3);
        int ho = outputSize(h), wo = outputSize(w), n = k * k;
        double[] img = input.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int patches = bsz * c * ho * wo;
        double[] x = new double[patches * n];
        int p = 0;
        for (int bc = 0; bc < bsz * c; bc++) {
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++, p++) {
                    for (int di = 0; di < k; di++) {
                        for (int dj = 0; dj < k; dj++) {
                            x[p * n + di * k + dj] = img[(bc * h + i * stride + di) * w + j * stride + dj];
                        }
                    }
                }
            }
        }
        lastRun = simulator.forward(thetaValues(), x, patches);
        lastShape = input.shape();
        lastType = input.dataType();
        double[] z = lastRun.outputs();
        double[] out = new double[bsz * c * n * ho * wo];
        p = 0;
        for (int b = 0; b < bsz; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int s = 0; s < ho * wo; s++, p++) {
                    for (int q = 0; q < n; q++) {
                        out[((b * c + ch) * n + q) * ho * wo + s] = z[p * n + q];
                    }
                }
            }
        }
        return Nd4j.createFromArray(out).reshape('c', bsz, (long) c * n, ho, wo).castTo(lastType);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (lastRun == null) {
            throw new IllegalStateException(name + ": backward before forward");
        }
        int bsz = (int) lastShape[0], c = (int) lastShape[1], h = (int) lastShape[2], w = (int) lastShape[3];
        int ho = outputSize(h), wo = outputSize(w), n = k * k;
        double[] go = gradOutput.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] dz = new double[bsz * c * ho * wo * n];
        int p = 0;
        for (int b = 0; b < bsz; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int s = 0; s < ho * wo; s++, p++) {
                    for (int q = 0; q < n; q++) {
                        dz[p * n + q] = go[((b * c + ch) * n + q) * ho * wo + s];
                    }
                }
            }
        }
        StatevectorSimulator.Gradients g = lastRun.backward(dz);
        if (theta != null) {
            theta.grad().addi(Nd4j.createFromArray(g.dTheta()).castTo(theta.grad().dataType()).reshape(g.dTheta().length));
        }
        double[] dImg = new double[bsz * c * h * w];
        p = 0;
        for (int bc = 0; bc < bsz * c; bc++) {
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++, p++) {
                    for (int di = 0; di < k; di++) {
                        for (int dj = 0; dj < k; dj++) {
                            dImg[(bc * h + i * stride + di) * w + j * stride + dj] += g.dX()[p * n + di * k + dj];
                        }
                    }
                }
            }
        }
        return Nd4j.createFromArray(dImg).reshape('c', lastShape).castTo(lastType);
    }

    @Override
    public List<Parameter> parameters() {
        return theta == null ? List.of() : List.of(theta);
    }

    @Override
    public String name() {
        return name;
    }
}
