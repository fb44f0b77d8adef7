package dev.qnet.compiler.ir;

import java.util.Map;

import java.util.List;

/**
 * A checked program. {@code networks} holds every network instance that was checked: one per
 * train section (with its arguments) and one per network whose parameters all have defaults.
 */
public record Program(List<NetworkIr> networks, List<DatasetIr> datasets, List<TrainIr> trains, List<CircuitIr> circuits,
                      Map<String, NoiseIr> noiseModels) {
    public Program {
        noiseModels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(noiseModels));
        networks = List.copyOf(networks);
        datasets = List.copyOf(datasets);
        trains = List.copyOf(trains);
        circuits = List.copyOf(circuits);
    }
}
