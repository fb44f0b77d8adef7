package dev.qnet.runtime.quantum.noise;

import dev.qnet.core.SimulationMethod;

/**
 * How a quantum stage runs: under which noise, with which simulator, with how many shots per
 * expectation value; {@link NoiseSimulation#create} builds the simulator it describes. {@link #IDEAL} (noiseless, statevector, exact) is what every stage ran as
 * before noise existed and stays the default.
 *
 * @param method       never {@link SimulationMethod#AUTO}: the driver resolves auto before building
 * @param shots        shots per expectation value; 0 means exact expectation values
 * @param trajectories trajectories per sample (used by {@link SimulationMethod#TRAJECTORIES} only; 0 means
 *                     {@link dev.qnet.core.Limits#DEFAULT_TRAJECTORIES})
 * @param seed         seeds shot sampling and trajectory branches, so a run is repeatable
 */
public record Execution(NoiseModel noise, SimulationMethod method, int shots, int trajectories, long seed) {

    public static final Execution IDEAL = new Execution(NoiseModel.NONE, SimulationMethod.STATEVECTOR, 0, 0, 0);

    public Execution {
        if (method == SimulationMethod.AUTO) {
            throw new IllegalArgumentException("resolve the simulation method before building an Execution");
        }
        if (shots < 0) {
            throw new IllegalArgumentException("shots must be >= 0 (0 = exact), got " + shots);
        }
    }

    public boolean exact() { return shots == 0; }
}
