package dev.qnet.runtime.quantum;

import java.util.List;

/**
 * What {@link QuantumLayer} and {@link Quanvolution} need from a simulator, whichever method it
 * uses (statevector, density matrix, trajectories, with or without shots): a batched forward pass
 * giving one value per observable and sample, and a backward pass giving dLoss/dTheta and dLoss/dX.
 * Each implementation's javadoc says what its gradient is.
 */
public interface QuantumSimulator {

    Circuit circuit();

    List<Observable> observables();

    /** {@code theta}: {@link Circuit#parameterCount()} values; {@code x}: row-major [batch, featureCount]. */
    Pass forward(double[] theta, double[] x, int batch);

    /** One forward pass, kept for its backward. */
    interface Pass {
        int batch();

        /** Observable values, row-major [batch, observables]. */
        double[] outputs();

        /** {@code dOut}: dLoss/dOutput, row-major [batch, observables]. */
        StatevectorSimulator.Gradients backward(double[] dOut);

        /**
         * Sample b's final distribution over the {@code 2^n} basis states before readout error
         * (qubit 0 = most significant bit): what finite shots are drawn from.
         */
        double[] probabilities(int b);
    }
}
