package dev.qnet.bench.classical;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Parameter;
import dev.qnet.runtime.nn.SoftmaxCrossEntropy;
import dev.qnet.runtime.optim.Adam;
import dev.qnet.runtime.train.StepWorkspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ResNet-50 (1x28x28, 2 classes) throughput in qnet's eager ND4J runtime, the same measurement as
 * {@code torch_resnet50_28.py}: images/s of forward + backward + Adam steps on a fixed random
 * batch, and inference images/s.
 *
 * <p>usage: ResNetBench [trainBatches=32,128] [steps=5] [inferBatch=128 (0 = skip)]; prints one line
 * per measurement with min and median step times. {@code -Dqnet.profile=true} adds time per native
 * op; {@code -Dqnet.bench.noWorkspace=true} runs training steps without the step workspace.
 */
public final class ResNetBench {

    static final long EXPECTED_PARAMETERS = 23_503_298L;

    public static void main(String[] args) {
        int[] trainBatches = Arrays.stream((args.length > 0 ? args[0] : "32,128").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int inferBatch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        boolean useWorkspace = !Boolean.getBoolean("qnet.bench.noWorkspace");
        System.out.println("nd4j threads " + Nd4j.getEnvironment().maxMasterThreads()
                + ", helpers allowed " + Nd4j.getEnvironment().helpersAllowed());

        Layer model = ResNet50.build(1, 2, DataType.FLOAT, 0);
        List<Parameter> params = model.parameters();
        long count = params.stream().filter(Parameter::isTrainable).mapToLong(Parameter::size).sum();
        if (count != EXPECTED_PARAMETERS) {
            throw new IllegalStateException("ResNet-50 has " + count + " parameters, expected " + EXPECTED_PARAMETERS);
        }
        System.out.println("params " + count);
        // Inference on the freshly initialised model first: after a few Adam steps on random data
        // the running statistics are far from the activations and eval-mode values can drift
        // into the denormal range, which measures the CPU's denormal penalty, not the network.
        INDArray xi = Nd4j.randn(DataType.FLOAT, Math.max(1, inferBatch), 1, 28, 28);
        StepWorkspace wsi = new StepWorkspace("bench-infer");
        if (inferBatch > 0) {
            report("inference batch " + inferBatch, inferBatch, steps,
                    () -> wsi.run(() -> model.forward(xi, false).sumNumber().doubleValue()));
            wsi.release();
        }
        Adam adam = Adam.adam(0);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(null);
        Random rng = new Random(0);
        for (int batch : trainBatches) {
            INDArray x = Nd4j.randn(DataType.FLOAT, batch, 1, 28, 28);
            int[] y = rng.ints(batch, 0, 2).toArray();
            StepWorkspace ws = new StepWorkspace("bench-train-" + batch);
            Runnable step = () -> {
                params.forEach(Parameter::zeroGrad);
                if (useWorkspace) {
                    ws.run(() -> model.backward(loss.compute(model.forward(x, true), y).gradLogits()));
                } else {
                    model.backward(loss.compute(model.forward(x, true), y).gradLogits());
                }
                adam.step(params, 1e-3);
            };
            report("train batch " + batch, batch, steps, step);
            ws.release();
        }
        INDArray logits = model.forward(xi, false);
        System.out.println("after training, eval-mode logits mean |z| = " + logits.ameanNumber()
                + ", train-mode = " + model.forward(xi, true).ameanNumber());
    }

    private static void report(String what, int batch, int steps, Runnable step) {
        step.run(); // warm-up: oneDNN primitive creation, allocation pools
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[steps / 2];
        if (Boolean.getBoolean("qnet.profile")) {
            System.out.println("  native op ms over " + (steps + 1) + " steps: " + dev.qnet.runtime.nn.NativeOps.drainProfile());
        }
        System.out.printf("%s%s: %.1f images/s (median %.0f ms/step, min %.0f ms, steps %s)%n",
                what, Boolean.getBoolean("qnet.bench.noWorkspace") ? " (no workspace)" : "", batch * 1000 / median, median, sorted[0], Arrays.toString(Arrays.stream(ms).mapToLong(Math::round).toArray()));
    }
}
