package dev.qnet.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * The quantum stages and quanvolutions of a network, in tree order, each with how it runs. The one
 * walk behind {@code qnetc check}'s "simulation ..." lines and the run's provenance
 * ({@code metrics.json}, {@code report.md}), so both state the same execution in the same words.
 */
public final class QuantumParts {

    private QuantumParts() { }

    /** What a part is, as reports name it. */
    public enum Kind {
        QUANTUM("quantum"), QUANV("quanv");

        private final String word;

        Kind(String word) { this.word = word; }

        public String word() { return word; }
    }

    /**
     * One quantum part.
     *
     * @param circuitsPerSample circuits simulated for one input sample: 1 for a stage, the patch count for a quanvolution
     */
    public record Part(String path, Kind kind, int qubits, long circuitsPerSample, ExecutionIr execution) {

        /** {@code simulation quanv2: noise device, density_matrix (auto: noisy, 4 <= 10 qubits), exact}. */
        public String simulation() {
            return "simulation " + path + ": noise " + execution.describe();
        }
    }

    /** Replaces a part's execution (command-line noise and shots), given its path and qubits. */
    @FunctionalInterface
    public interface Override {
        ExecutionIr apply(String path, ExecutionIr execution, int qubits);
    }

    /** The parts of {@code root} as the source declares them. */
    public static List<Part> of(Node root) {
        return of(root, (path, e, qubits) -> e);
    }

    /**
     * The parts of {@code root}, each execution passed through {@code override} (command-line noise
     * and shots replacing the source's; identity for none).
     */
    public static List<Part> of(Node root, Override override) {
        List<Part> out = new ArrayList<>();
        Node.walk(root).forEach(node -> {
            if (node instanceof Node.QuantumStage q) {
                out.add(new Part(q.path(), Kind.QUANTUM, q.qubits(), 1, override.apply(q.path(), q.execution(), q.qubits())));
            } else if (node instanceof Node.Quanvolution q) {
                out.add(new Part(q.path(), Kind.QUANV, q.qubits(), q.output().size() / q.qubits(),
                        override.apply(q.path(), q.execution(), q.qubits())));
            }
        });
        return out;
    }
}
