package dev.qnet.bench.compiled;

import dev.qnet.core.Keyword;
import dev.qnet.core.Precision;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import dev.qnet.runtime.nn.Residual;
import dev.qnet.runtime.nn.Sequential;
import dev.qnet.runtime.optim.Optimizer;
import dev.qnet.runtime.threads.ComputeThreads;
import dev.qnet.runtime.train.BatchTransform;
import dev.qnet.runtime.train.Trainer;
import dev.qnet.runtime.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the milliseconds of one training step go: the compiled model's step (the Trainer's
 * {@link Trainer.BatchStep}, as {@link StepBench} times it) with every layer of the network wrapped
 * in a timer, so each layer's forward and backward are measured in place (oneDNN and libnd4j run
 * synchronously, so the wall time around a call is the call's). A residual's own time is its add
 * (its total minus its branch and shortcut); the rest of the step (loss, optimizer, zeroing the
 * gradients, the batch copy) is the step's time minus the network's. A batch norm and the ReLU after
 * it, which training runs as one fused batch norm, are timed as one unit ("batchnorm+relu").
 *
 * <p>usage: LayerProfile FILE.qnet BATCH [--warmup-steps N] [--steps N] [--precision fp32|bf16]
 * [--threads N]; prints a Markdown table per layer (medians over the timed steps) and one per layer
 * kind. The rest is split by timing, after the profiled steps, the gradient zeroing and the
 * optimiser step alone on the same parameters (a fresh optimiser of the section's kind: the same
 * work per step); loss and batch copy are what remains. {@code --threads} fixes the compute
 * threads (default: every core), e.g. 1 for steadier relative comparisons on a busy machine.
 */
public final class LayerProfile {

    private LayerProfile() {
    }

    /** A timed node of the network; its self time excludes its timed children. */
    private static final class Timed implements Layer {
        final String path;
        final Layer inner;
        final List<Timed> children = new ArrayList<>();
        final List<Double> forwardMs = new ArrayList<>();
        final List<Double> backwardMs = new ArrayList<>();
        private Layer wrapped;

        Timed(String path, Layer inner) {
            this.path = path;
            this.inner = inner;
        }

        @Override
        public INDArray forward(INDArray input, boolean training) {
            long t = System.nanoTime();
            INDArray out = wrapped.forward(input, training);
            forwardMs.add((System.nanoTime() - t) / 1e6);
            return out;
        }

        @Override
        public INDArray forwardOverwriting(INDArray input, boolean training) {
            long t = System.nanoTime();
            INDArray out = wrapped.forwardOverwriting(input, training);
            forwardMs.add((System.nanoTime() - t) / 1e6);
            return out;
        }

        @Override
        public INDArray backward(INDArray gradOutput) {
            long t = System.nanoTime();
            INDArray g = wrapped.backward(gradOutput);
            backwardMs.add((System.nanoTime() - t) / 1e6);
            return g;
        }

        @Override
        public INDArray backwardOverwriting(INDArray gradOutput) {
            long t = System.nanoTime();
            INDArray g = wrapped.backwardOverwriting(gradOutput);
            backwardMs.add((System.nanoTime() - t) / 1e6);
            return g;
        }

        @Override
        public boolean backwardReadsOutput() {
            return wrapped.backwardReadsOutput();
        }

        @Override
        public boolean acceptsBfloat16() {
            return wrapped.acceptsBfloat16();
        }

        @Override
        public List<Parameter> parameters() {
            return wrapped.parameters();
        }

        @Override
        public String name() {
            return inner.name();
        }

        double self(List<Double> own, java.util.function.Function<Timed, List<Double>> of, int step) {
            double v = own.get(step);
            for (Timed c : children) {
                v -= of.apply(c).get(step);
            }
            return v;
        }
    }

    /** The same network with every node wrapped (a Sequential of timed children, a Residual of timed parts). */
    private static Timed wrap(String path, Layer l, List<Timed> all) {
        Timed t = new Timed(path, l);
        all.add(t);
        if (l instanceof Sequential s) {
            List<Layer> kids = new ArrayList<>();
            List<Layer> ls = s.layers();
            for (int i = 0; i < ls.size(); i++) {
                String at = path.isEmpty() ? String.valueOf(i) : path + "." + i;
                Timed c;
                if (s.fusesReluAfter(i)) {
                    // Training runs this pair as one fused batch norm (Sequential): time the pair, as it runs.
                    String name = ls.get(i).name().replace("batchnorm", "batchnorm+relu");
                    c = new Timed(at + "+" + (i + 1), new Sequential(List.of(ls.get(i), ls.get(i + 1)), name));
                    c.wrapped = c.inner;
                    all.add(c);
                    i++;
                } else {
                    c = wrap(at, ls.get(i), all);
                }
                t.children.add(c);
                kids.add(c);
            }
            t.wrapped = new Sequential(kids, s.name());
        } else if (l instanceof Residual r) {
            Timed b = wrap(path + ".branch", r.branch(), all);
            t.children.add(b);
            Timed sc = r.shortcut() == null ? null : wrap(path + ".shortcut", r.shortcut(), all);
            if (sc != null) {
                t.children.add(sc);
            }
            t.wrapped = new Residual(b, sc);
        } else {
            t.wrapped = l;
        }
        return t;
    }

    public static void main(String[] args) {
        List<String> a = List.of(args);
        if (a.size() < 2) {
            System.err.println("usage: LayerProfile FILE.qnet BATCH [--warmup-steps N] [--steps N] [--precision fp32|bf16]"
                    + " [--threads N]");
            System.exit(2);
        }
        Path file = Path.of(a.get(0));
        int batch = Integer.parseInt(a.get(1));
        int warmup = intOption(a, "--warmup-steps", 1);
        int steps = intOption(a, "--steps", 3);
        int threads = intOption(a, "--threads", 0);
        if (threads > 0) {
            ComputeThreads.set(threads); // on this thread, which runs the model
        }
        int at = a.indexOf("--precision");
        Precision precision = at >= 0 && at + 1 < a.size()
                ? Keyword.parse(Precision.values(), a.get(at + 1), "precision") : null;

        CompiledModel m = CompiledModel.compile(file, batch, precision);
        List<Timed> all = new ArrayList<>();
        Timed root = wrap("", m.model(), all);
        Nd4j.getRandom().setSeed(0);
        long[] shape = IntStream.concat(IntStream.of(batch), m.input().stream().mapToInt(Integer::intValue))
                .mapToLong(i -> i).toArray();
        INDArray x = Nd4j.randn(DataType.FLOAT, shape);
        int[] labels = new Random(0).ints(batch, 0, m.classes()).toArray();
        TrainingConfig config = m.configFor(labels);
        Trainer.BatchStep step = new Trainer(config, BatchTransform.IDENTITY, List.of(), null).batchStep(root);
        double lr = config.schedule().lr(config.lr(), 0);
        List<Double> stepMs = new ArrayList<>();
        for (int s = 0; s < warmup + steps; s++) {
            long t = System.nanoTime();
            step.run(x::dup, labels, lr);
            stepMs.add((System.nanoTime() - t) / 1e6);
        }
        step.close();
        List<Parameter> params = root.parameters();
        Optimizer optimizer = Trainer.optimizer(config);
        List<Double> zeroMs = new ArrayList<>();
        List<Double> optimizerMs = new ArrayList<>();
        for (int s = 0; s < warmup + steps; s++) {
            long t = System.nanoTime();
            params.forEach(Parameter::zeroGrad);
            zeroMs.add((System.nanoTime() - t) / 1e6);
            t = System.nanoTime();
            optimizer.step(params, lr);
            optimizerMs.add((System.nanoTime() - t) / 1e6);
        }

        System.out.printf(Locale.ROOT, "# %s, batch %d, precision %s: median of %d steps after %d warm-up%n%n", file, batch,
                precision == null ? "(file's)" : precision.keyword(), steps, warmup);
        double stepMedian = median(stepMs.subList(warmup, stepMs.size()));
        double netF = median(root.forwardMs.subList(warmup, warmup + steps));
        double netB = median(root.backwardMs.subList(warmup, warmup + steps));
        double rest = stepMedian - netF - netB;
        double zero = median(zeroMs.subList(warmup, zeroMs.size()));
        double opt = median(optimizerMs.subList(warmup, optimizerMs.size()));
        System.out.printf(Locale.ROOT, "step %.1f ms: network forward %.1f, backward %.1f, rest (loss, optimizer, copy) %.1f%n%n",
                stepMedian, netF, netB, rest);
        System.out.printf(Locale.ROOT, "rest, timed alone after the profiled steps: zeroing the gradients %.1f, optimizer %.1f;"
                + " loss and batch copy (the remainder) %.1f%s%n%n", zero, opt, rest - zero - opt,
                threads > 0 ? " (--threads " + threads + ")" : "");
        System.out.println("| layer | name | forward ms (self) | backward ms (self) |");
        System.out.println("|---|---|---|---|");
        Map<String, double[]> byKind = new LinkedHashMap<>();
        for (Timed t : all) {
            if (t == root || t.inner instanceof Sequential && !t.children.isEmpty()) {
                continue; // a sequence's own time is only the loop around its children (a fused pair has none)
            }
            double f = selfMedian(t, true, warmup, steps);
            double b = selfMedian(t, false, warmup, steps);
            String label = t.inner instanceof Residual ? "residual add" : t.name();
            System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f |%n", t.path, label, f, b);
            byKind.computeIfAbsent(kind(label), k -> new double[3]);
            double[] acc = byKind.get(kind(label));
            acc[0] += f;
            acc[1] += b;
            acc[2]++;
        }
        System.out.println();
        System.out.println("| kind | layers | forward ms | backward ms | share of step |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, double[]> e : byKind.entrySet()) {
            double[] v = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f%% |%n", e.getKey(), (int) v[2], v[0], v[1],
                    100 * (v[0] + v[1]) / stepMedian);
        }
    }

    private static double selfMedian(Timed t, boolean forward, int warmup, int steps) {
        List<Double> v = new ArrayList<>();
        for (int s = warmup; s < warmup + steps; s++) {
            v.add(forward ? t.self(t.forwardMs, c -> c.forwardMs, s) : t.self(t.backwardMs, c -> c.backwardMs, s));
        }
        return median(v);
    }

    /** conv3x3(64, stride 2) -> conv3x3; batchnorm(64) -> batchnorm. */
    private static String kind(String name) {
        int p = name.indexOf('(');
        return p < 0 ? name : name.substring(0, p);
    }

    private static double median(List<Double> v) {
        double[] d = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(d);
        return d.length == 0 ? Double.NaN : d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    }

    private static int intOption(List<String> a, String name, int dflt) {
        int at = a.indexOf(name);
        return at >= 0 && at + 1 < a.size() ? Integer.parseInt(a.get(at + 1)) : dflt;
    }
}
