package dev.qnet.runtime.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one libnd4j declarable op by name with caller-allocated outputs.
 *
 * <p>Calling the ops by name (rather than through the op classes' SameDiff-oriented builders)
 * keeps the exact integer-argument layout visible next to each call, and passing the outputs
 * lets layers write into buffers they own. libnd4j dispatches to its oneDNN platform
 * implementation when one exists for the op, data type and layout (conv2d, conv2d_bp, batchnorm,
 * batchnorm_bp, maxpool2d, avgpool2d and their _bp ops in FLOAT, NCHW).
 */
public final class NativeOps {

    private NativeOps() {
    }

    static void exec(String op, INDArray[] inputs, INDArray[] outputs, int[] intArgs, double... floatArgs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(op)
                .addInputs(inputs)
                .addOutputs(outputs);
        if (intArgs.length > 0) {
            b.addIntegerArguments(intArgs);
        }
        if (floatArgs.length > 0) {
            b.addFloatingPointArguments(toObjects(floatArgs));
        }
        if (PROFILE) {
            long t = System.nanoTime();
            Nd4j.exec(b.build());
            TIMES.merge(op, System.nanoTime() - t, Long::sum);
        } else {
            Nd4j.exec(b.build());
        }
    }

    /** With {@code -Dqnet.profile=true}, nanoseconds spent per op name (for the benchmarks). */
    static final boolean PROFILE = Boolean.getBoolean("qnet.profile");
    static final java.util.Map<String, Long> TIMES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Time per op name since the last call, in ms, and resets the counters; empty unless profiling. */
    public static java.util.Map<String, Double> drainProfile() {
        java.util.Map<String, Double> r = new java.util.TreeMap<>();
        TIMES.forEach((k, v) -> r.put(k, v / 1e6));
        TIMES.clear();
        return r;
    }

    static INDArray[] in(INDArray... a) {
        return a;
    }

    private static Double[] toObjects(double[] a) {
        Double[] r = new Double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }
}
