package dev.qnet.runtime.quantum;

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
 * A circuit as a node of the executable network: [B, features] -> [B, observables].
 *
 * <p>ND4J is only at this boundary: the batch is copied to doubles, simulated (always in double),
 * and copied back in the input's data type. Backward runs the adjoint sweep once for the batch,
 * adds dLoss/dTheta into the {@code theta} parameter's gradient and returns dLoss/dInput.
 */
public final class QuantumLayer implements Layer {

    private final String name;
    private final QuantumSimulator simulator;
    private final Execution execution;
    private final Parameter theta;
    private QuantumSimulator.Pass lastRun;
    private DataType lastType;

    /**
     * @param dtype data type of {@code theta} (FLOAT for training, DOUBLE for gradient checks)
     * @param seed  theta is drawn uniformly from [0, 2 pi) by {@code new java.util.Random(seed)}
     */
    public QuantumLayer(String name, Circuit circuit, List<Observable> observables, DataType dtype, long seed) {
        this(name, circuit, observables, dtype, seed, Execution.IDEAL);
    }

    /**
     * A layer run under a noise model, simulation method and shot count ({@link NoiseSimulation#create}).
     * {@link Execution#IDEAL} is the noiseless statevector, exactly as the constructor without it.
     */
    public QuantumLayer(String name, Circuit circuit, List<Observable> observables, DataType dtype, long seed,
                        Execution execution) {
        if (observables.isEmpty()) {
            throw new QuantumException(name + ": a quantum layer needs at least one observable");
        }
        this.name = name;
        this.execution = execution;
        this.simulator = NoiseSimulation.create(circuit, observables, execution);
        Random rnd = new Random(seed);
        double[] init = new double[circuit.parameterCount()];
        for (int i = 0; i < init.length; i++) {
            init[i] = rnd.nextDouble() * 2 * Math.PI;
        }
        this.theta = Parameter.trainable("theta", Nd4j.createFromArray(init).castTo(dtype).reshape(init.length));
    }

    public Circuit circuit() { return simulator.circuit(); }

    public QuantumSimulator simulator() { return simulator; }

    public Execution execution() { return execution; }

    /** The trainable angles as doubles. */
    public double[] thetaValues() {
        return theta.value().length() == 0 ? new double[0] : theta.value().castTo(DataType.DOUBLE).toDoubleVector();
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        int f = simulator.circuit().featureCount();
        if (input.rank() != 2 || input.size(1) != f) {
            throw new QuantumException(name + ": expected input [B, " + f + "], got " + Arrays.toString(input.shape()));
        }
        int batch = (int) input.size(0);
        double[] x = f == 0 ? new double[0] : input.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        lastRun = simulator.forward(thetaValues(), x, batch);
        lastType = input.dataType();
        int k = simulator.observables().size();
        return Nd4j.createFromArray(lastRun.outputs()).reshape('c', batch, k).castTo(lastType);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (lastRun == null) {
            throw new IllegalStateException(name + ": backward before forward");
        }
        double[] dOut = gradOutput.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        StatevectorSimulator.Gradients g = lastRun.backward(dOut);
        if (g.dTheta().length > 0) {
            theta.grad().addi(Nd4j.createFromArray(g.dTheta()).castTo(theta.grad().dataType()).reshape(g.dTheta().length));
        }
        int f = simulator.circuit().featureCount();
        return Nd4j.createFromArray(g.dX()).reshape('c', lastRun.batch(), f).castTo(lastType);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(theta);
    }

    @Override
    public String name() {
        return name;
    }
}
