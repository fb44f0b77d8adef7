package dev.qnet.bench.quantum;

import dev.qnet.runtime.quantum.Angle;
import dev.qnet.runtime.quantum.Circuit;
import dev.qnet.runtime.quantum.Gate;
import dev.qnet.runtime.quantum.Observable;
import dev.qnet.runtime.quantum.Qcnn;
import dev.qnet.runtime.quantum.StatevectorSimulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.redfx.strange.Complex;
import org.redfx.strange.Program;
import org.redfx.strange.Step;
import org.redfx.strange.gate.Cnot;
import org.redfx.strange.gate.RotationY;
import org.redfx.strange.gate.SingleQubitMatrixGate;
import org.redfx.strange.local.SimpleQuantumExecutionEnvironment;

/**
 * qnet's statevector simulator on its own, without the compiled model: the forward throughput of
 * the 8-qubit QCNN circuit of {@code torch_qcnn8.py} (batch 1024) and, right after it in the same
 * process, Strange's on the same circuit, so each run gives one back-to-back qnet/Strange pair;
 * and the time of one single-qubit gate on 10..24 qubits against this JVM's measured copy
 * bandwidth. Prints one JSON line. Training throughput is measured on the compiled model
 * ({@code dev.qnet.bench.compiled.StepBench} with examples/qcnn.qnet), not here.
 *
 * <p>usage: SimulatorBench [seconds per measurement, default 3]
 */
public final class SimulatorBench {

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threads", Runtime.getRuntime().availableProcessors());
        Circuit circuit = Qcnn.peer8();
        out.put("gates", circuit.gates().size());
        out.put("params", circuit.parameterCount());
        forward(circuit, 1024, Math.min(2, seconds)); // JIT warm-up, not reported
        double fwd = forward(circuit, 1024, seconds);
        out.put("forward_samples_per_s_b1024", round(fwd));
        double strange = strangeForward(circuit, seconds);
        out.put("strange_forward_samples_per_s", round(strange));
        out.put("forward_vs_strange", round(fwd / strange));
        double bw = copyBandwidth();
        out.put("copy_bandwidth_GBps", round(bw / 1e9));
        Map<String, Object> gates = new LinkedHashMap<>();
        for (int n = 10; n <= 24; n += 2) {
            double t = singleQubitGate(n, seconds / 3);
            double bound = StatevectorSimulator.bytesPerState(n) * 2 / bw;
            gates.put(Integer.toString(n), Map.of("ms", round(t * 1e3), "bound_ms", round(bound * 1e3),
                "ratio", round(t / bound)));
        }
        out.put("ry_gate", gates);
        System.out.println(json(out));
    }

    static double forward(Circuit circuit, int batch, double seconds) {
        Random rnd = new Random(1);
        double[] x = new double[batch * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() * Math.PI;
        }
        double[] theta = new double[60];
        StatevectorSimulator sim = new StatevectorSimulator(circuit, List.of(new Observable.Z(7)));
        double sink = 0;
        for (int i = 0; i < 5; i++) {
            sink += sim.forward(theta, x, batch).outputs()[0];
        }
        long start = System.nanoTime();
        int steps = 0;
        do {
            sink += sim.forward(theta, x, batch).outputs()[0];
            steps++;
        } while (System.nanoTime() - start < seconds * 1e9);
        double rate = (double) steps * batch / ((System.nanoTime() - start) / 1e9);
        System.err.printf(Locale.ROOT, "forward batch %d: %.0f samples/s (%s)%n", batch, rate, sink > 1e300 ? "" : "ok");
        return rate;
    }

    /**
     * Strange, one Program per sample as a user of it would: RY via RotationY, CNOT via Cnot, RZ
     * as a SingleQubitMatrixGate (Strange's RotationZ is only a global phase). Qubit q -> 7 - q.
     */
    static double strangeForward(Circuit circuit, double seconds) {
        Random rnd = new Random(2);
        double[] theta = new double[60];
        for (int k = 0; k < 60; k++) {
            theta[k] = rnd.nextDouble() * 6;
        }
        SimpleQuantumExecutionEnvironment env = new SimpleQuantumExecutionEnvironment();
        long start = 0;
        int samples = 0;
        for (int it = 0; ; it++) {
            if (it == 2) {
                start = System.nanoTime();
                samples = 0;
            }
            double[] x = new double[8];
            for (int i = 0; i < 8; i++) {
                x[i] = rnd.nextDouble() * Math.PI;
            }
            Program p = new Program(8);
            for (Gate g : circuit.gates()) {
                double a = g.angles().length > 0 ? g.angles()[0].value(theta, x, 0) : 0;
                int t = 7 - g.targets()[0];
                switch (g.kind()) {
                    case RY -> p.addStep(new Step(new RotationY(a, t)));
                    case CNOT -> p.addStep(new Step(new Cnot(7 - g.controls()[0], t)));
                    case RZ -> {
                        double c = Math.cos(a / 2), s = Math.sin(a / 2);
                        p.addStep(new Step(new SingleQubitMatrixGate(t, new Complex[][] {
                            {new Complex(c, -s), Complex.ZERO}, {Complex.ZERO, new Complex(c, s)}})));
                    }
                    default -> throw new IllegalStateException(g.toString());
                }
            }
            Complex[] amps = env.runProgram(p).getProbability();
            double z = 0;
            for (int i = 0; i < amps.length; i++) {
                z += ((i & 1) == 0 ? 1 : -1) * amps[i].abssqr();
            }
            if (Double.isNaN(z)) {
                throw new IllegalStateException("NaN");
            }
            samples++;
            if (it >= 2 && System.nanoTime() - start > seconds * 1e9) {
                break;
            }
        }
        double rate = samples / ((System.nanoTime() - start) / 1e9);
        System.err.printf(Locale.ROOT, "strange forward: %.1f samples/s%n", rate);
        return rate;
    }

    /** Bytes per second for read + write of a 256 MB array pair (System.arraycopy), best of 5. */
    static double copyBandwidth() {
        int len = 16 << 20; // 16 Mi doubles = 128 MiB each
        double[] a = new double[len], b = new double[len];
        java.util.Arrays.fill(a, 1.0);
        double best = 0;
        for (int r = 0; r < 6; r++) {
            long t = System.nanoTime();
            System.arraycopy(a, 0, b, 0, len);
            double s = (System.nanoTime() - t) / 1e9;
            best = Math.max(best, 2.0 * 8 * len / s);
        }
        // a read-modify-write loop over one array, the access pattern of an in-place gate
        for (int r = 0; r < 4; r++) {
            long t = System.nanoTime();
            for (int i = 0; i < len; i++) {
                a[i] = a[i] * 0.5 + 0.25;
            }
            double s = (System.nanoTime() - t) / 1e9;
            best = Math.max(best, 2.0 * 8 * len / s);
        }
        System.err.printf(Locale.ROOT, "copy bandwidth: %.1f GB/s%n", best / 1e9);
        return best;
    }

    /** Seconds for one RY on the middle qubit of an n-qubit state, applied in place (amplitudes split over cores). */
    static double singleQubitGate(int n, double seconds) {
        int reps = n <= 16 ? 200 : 20;
        Circuit.Builder b = Circuit.builder(n);
        for (int r = 0; r < reps; r++) {
            b.ry(n / 2, Angle.param(0));
        }
        StatevectorSimulator sim = new StatevectorSimulator(b.build(), List.of());
        double[] re = new double[1 << n], im = new double[1 << n];
        re[0] = 1;
        double[] theta = {0.3};
        double best = Double.MAX_VALUE;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        int rounds = 0;
        do {
            long t0 = System.nanoTime();
            sim.evolve(re, im, theta, new double[0]);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9 / reps);
            rounds++;
        } while (System.nanoTime() < deadline || rounds < 3);
        System.err.printf(Locale.ROOT, "ry on %d qubits: %.4f ms%n", n, best * 1e3);
        return best;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String json(Map<String, Object> m) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            String s = v instanceof Map<?, ?> sub ? json(castMap(sub)) : String.valueOf(v);
            parts.add("\"" + e.getKey() + "\":" + s);
        }
        return "{" + String.join(",", parts) + "}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return new LinkedHashMap<>((Map<String, Object>) m);
    }
}
