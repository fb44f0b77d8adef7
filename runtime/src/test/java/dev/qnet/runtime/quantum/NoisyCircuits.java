package dev.qnet.runtime.quantum;

import dev.qnet.core.NoiseChannel;
import dev.qnet.core.NoiseScope;
import dev.qnet.runtime.quantum.noise.NoiseModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Random circuits and noise models shared by the noisy simulators' tests. */
final class NoisyCircuits {

    static final int PARAMS = SimulatorReferenceTest.PARAMS;

    private NoisyCircuits() {
    }

    /** A random circuit of every kind on n qubits, reading 3 angle features (after the 2^n amplitudes when amplitude-encoded). */
    static Circuit random(int n, int gates, boolean amplitude, Random rnd) {
        int first = amplitude ? 1 << n : 0;
        Circuit.Builder b = Circuit.builder(n).parameters(PARAMS);
        if (amplitude) {
            b.amplitudeEncoding(0);
            SimulatorReferenceTest.mixingLayer(b, rnd);
        }
        b.features(first + 3);
        GateKind[] kinds = GateKind.values();
        for (int g = 0; g < gates; g++) {
            GateKind k = kinds[rnd.nextInt(kinds.length)];
            while (k.controls() + k.targets() > n || (k == GateKind.MCX && n < 2)) {
                k = kinds[rnd.nextInt(kinds.length)];
            }
            SimulatorReferenceTest.addRandomGate(b, k, n, rnd, first, 3);
        }
        return b.build();
    }

    /** Every channel in random scopes (per gate kind, named, layer), random strengths up to {@code max}, random readout. */
    static NoiseModel randomModel(int n, double max, Random rnd) {
        List<NoiseModel.Rule> rules = new ArrayList<>();
        NoiseScope[] scopes = NoiseScope.values();
        for (NoiseChannel ch : NoiseChannel.values()) {
            NoiseScope s = scopes[rnd.nextInt(scopes.length)];
            Set<GateKind> named = s == NoiseScope.NAMED_GATES
                ? Set.of(GateKind.RY, GateKind.CNOT, GateKind.RZ, GateKind.CRX, GateKind.U3) : Set.of();
            rules.add(new NoiseModel.Rule(s, named, ch, new double[] {rnd.nextDouble() * max}));
        }
        double[] p10 = new double[n], p01 = new double[n];
        for (int q = 0; q < n; q++) {
            p10[q] = rnd.nextDouble() * max;
            p01[q] = rnd.nextDouble() * max;
        }
        return new NoiseModel("random", rules, new NoiseModel.Readout(p10, p01));
    }

    static List<Observable> observables(int n) {
        List<Observable> obs = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            obs.add(new Observable.Z(q));
        }
        if (n > 1) {
            obs.add(new Observable.ZProduct(new int[] {0, n - 1}));
            obs.add(new Observable.Probability(new int[] {n - 1, 0}, 2));
        }
        return obs;
    }

    static double[] uniform(int len, Random rnd, double scale) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = (rnd.nextDouble() * 2 - 1) * scale;
        }
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
