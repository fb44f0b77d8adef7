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
 * The 8-qubit QCNN of {@code torch_qcnn8.py} on qnet's simulator: training throughput (forward,
 * adjoint backward, Adam on 60 circuit + 4 head parameters, softmax cross-entropy) at batch 128 and
 * 1024, forward throughput, Strange's forward throughput on the same circuit, and the time of one
 * single-qubit gate on 10..24 qubits against this JVM's measured copy bandwidth. Prints one JSON line.
 *
 * <p>usage: QcnnBench [seconds per measurement, default 3] [--peer]; with {@code --peer} the PyTorch
 * peer runs in the same process tree right after each of our measurements (same machine, same moment).
 */
public final class QcnnBench {

    public static void main(String[] args) {
        boolean withPeer = List.of(args).contains("--peer");
        double seconds = args.length > 0 && !args[0].startsWith("--") ? Double.parseDouble(args[0]) : 3;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threads", Runtime.getRuntime().availableProcessors());
        Circuit circuit = Qcnn.peer8();
        out.put("gates", circuit.gates().size());
        out.put("params", circuit.parameterCount());
        train(circuit, 128, Math.min(2, seconds)); // JIT warm-up, not reported
        for (int batch : new int[] {128, 1024}) {
            double tr = train(circuit, batch, seconds);
            out.put("train_samples_per_s_b" + batch, round(tr));
            out.put("forward_samples_per_s_b" + batch, round(forward(circuit, batch, seconds)));
            double[] peer = withPeer ? peer(batch) : null;
            if (peer != null) {
                out.put("peer_train_samples_per_s_b" + batch, peer[0]);
                out.put("peer_forward_samples_per_s_b" + batch, peer[1]);
                out.put("train_vs_peer_b" + batch, round(tr / peer[0]));
            }
        }
        double strange = strangeForward(circuit, seconds);
        out.put("strange_forward_samples_per_s", round(strange));
        out.put("forward_vs_strange", round((Double) out.get("forward_samples_per_s_b1024") / strange));
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

    /** Training steps per second times batch: forward, adjoint backward, Adam, head and loss. */
    static double train(Circuit circuit, int batch, double seconds) {
        Random rnd = new Random(0);
        double[] x = new double[batch * 8];
        int[] y = new int[batch];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() * Math.PI;
        }
        for (int b = 0; b < batch; b++) {
            y[b] = rnd.nextInt(2);
        }
        double[] theta = new double[60];
        for (int k = 0; k < 60; k++) {
            theta[k] = rnd.nextDouble() * 2 * Math.PI;
        }
        StatevectorSimulator sim = new StatevectorSimulator(circuit, List.of(new Observable.Z(7)));
        double[] head = new double[4]; // w0, w1, c0, c1
        Adam adam = new Adam(64, 1e-2);
        double[] params = new double[64];
        double[] grads = new double[64];
        double firstLoss = Double.NaN, lastLoss = 0;
        int steps = 0;
        long start = 0;
        for (int it = 0; ; it++) {
            if (it == 3) {
                start = System.nanoTime();
                steps = 0;
            }
            StatevectorSimulator.Run run = sim.forward(theta, x, batch);
            double[] z = run.outputs();
            double[] dz = new double[batch];
            double[] dHead = new double[4];
            double loss = 0;
            for (int b = 0; b < batch; b++) {
                double l0 = z[b] * head[0] + head[2], l1 = z[b] * head[1] + head[3];
                double m = Math.max(l0, l1);
                double e0 = Math.exp(l0 - m), e1 = Math.exp(l1 - m), s = e0 + e1;
                double p0 = e0 / s, p1 = e1 / s;
                loss -= Math.log((y[b] == 0 ? p0 : p1)) / batch;
                double g0 = (p0 - (y[b] == 0 ? 1 : 0)) / batch, g1 = (p1 - (y[b] == 1 ? 1 : 0)) / batch;
                dz[b] = g0 * head[0] + g1 * head[1];
                dHead[0] += g0 * z[b];
                dHead[1] += g1 * z[b];
                dHead[2] += g0;
                dHead[3] += g1;
            }
            StatevectorSimulator.Gradients g = run.backward(dz);
            System.arraycopy(theta, 0, params, 0, 60);
            System.arraycopy(head, 0, params, 60, 4);
            System.arraycopy(g.dTheta(), 0, grads, 0, 60);
            System.arraycopy(dHead, 0, grads, 60, 4);
            adam.step(params, grads);
            System.arraycopy(params, 0, theta, 0, 60);
            System.arraycopy(params, 60, head, 0, 4);
            if (Double.isNaN(firstLoss)) {
                firstLoss = loss;
            }
            lastLoss = loss;
            steps++;
            if (it >= 3 && System.nanoTime() - start > seconds * 1e9) {
                break;
            }
        }
        double rate = (double) steps * batch / ((System.nanoTime() - start) / 1e9);
        System.err.printf(Locale.ROOT, "train batch %d: %.0f samples/s, loss %.4f -> %.4f%n", batch, rate, firstLoss, lastLoss);
        return rate;
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

    /**
     * Runs the PyTorch peer ({@code bench/peers/torch_qcnn8.py}, 2 threads) if python3 with torch is
     * present; returns {train, forward} samples/s or null.
     */
    static double[] peer(int batch) {
        java.io.File script = new java.io.File("bench/peers/torch_qcnn8.py");
        if (!script.exists()) {
            script = new java.io.File("../shared/peers/torch_qcnn8.py");
        }
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", script.getPath(), Integer.toString(batch), "20", "2")
                .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("train (\\d+) samples/s, forward (\\d+) samples/s").matcher(text);
            if (!m.find()) {
                System.err.println("peer did not run: " + text.strip());
                return null;
            }
            System.err.println("peer: " + text.strip());
            return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
        } catch (java.io.IOException e) {
            System.err.println("peer did not run: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Adam (Kingma and Ba) with the PyTorch defaults the peer uses. */
    static final class Adam {
        private final double[] m;
        private final double[] v;
        private final double lr;
        private int t;

        Adam(int size, double lr) {
            this.m = new double[size];
            this.v = new double[size];
            this.lr = lr;
        }

        void step(double[] p, double[] g) {
            t++;
            double b1 = 0.9, b2 = 0.999, eps = 1e-8;
            double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
            for (int i = 0; i < p.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                p[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
            }
        }
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
