package dev.qnet.runtime.optim;

import dev.qnet.runtime.threads.ComputeThreads;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One pass of an element-wise optimiser update over the memory of every parameter: for each
 * parameter, its arrays (value, gradient, state buffers) are walked together in chunks copied to
 * the heap, the kernel updates a chunk in place, and the arrays it writes are copied back.
 *
 * <p>Why not ND4J ops: an update written as ND4J ops is several passes over memory, and libnd4j's
 * fused {@code adam_updater} runs a scalar loop (as fast as this pass with the JIT's vectorisation
 * turned off) and leaves the subtraction from the weights to another op; on ResNet-50's 23.5M
 * parameters that is inside the 67.5 ms "rest" (loss, optimizer, copy) of the 844 ms step in
 * bench/results/2026-12-02T14-05-profile-resnet50-b32-fp32.md. A chunk of a few thousand elements stays in
 * the first-level caches, and the kernel's loop over heap arrays is one the JIT vectorises, so the
 * pass costs about one read of every array and one write of those updated. The chunks are split
 * across {@link ComputeThreads#count()} threads.
 */
final class ParameterPass {

    /** Elements per chunk: the chunks of all arrays of one parameter fit in a core's L1/L2. */
    private static final int CHUNK = 2048;
    /** Below this many elements in total the pass runs on the calling thread. */
    private static final long PARALLEL_MIN = 1 << 16;

    /** Updates {@code chunk[a][0..n)} in place; {@code chunk[a]} holds the elements of operand a. */
    interface FloatKernel {
        void apply(float[][] chunk, int n);
    }

    /** The same for float64 parameters (gradient checks and tests). */
    interface DoubleKernel {
        void apply(double[][] chunk, int n);
    }

    /**
     * @param operands per parameter its arrays, all dense, of one data type and the same length
     * @param writes   how many of the leading operands the kernel writes (they are copied back)
     */
    static void run(List<INDArray[]> operands, int writes, FloatKernel floats, DoubleKernel doubles) {
        if (operands.isEmpty()) {
            return;
        }
        long[] start = new long[operands.size() + 1];
        for (int p = 0; p < operands.size(); p++) {
            INDArray[] ops = operands.get(p);
            for (INDArray a : ops) {
                if (!isDense(a) || a.length() != ops[0].length() || a.dataType() != ops[0].dataType()) {
                    throw new IllegalStateException("optimizer: parameter arrays must be dense and alike, got "
                            + a.shapeInfoToString());
                }
            }
            start[p + 1] = start[p] + ops[0].length();
        }
        long total = start[operands.size()];
        int threads = total < PARALLEL_MIN ? 1 : ComputeThreads.count();
        if (threads == 1) {
            new Range(operands, start, 0, total, writes, floats, doubles).call();
            return;
        }
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            tasks.add(new Range(operands, start, total * t / threads, total * (t + 1) / threads, writes, floats, doubles));
        }
        try {
            for (Future<Void> f : ComputeThreads.pool().invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("optimizer update interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("optimizer update failed", e.getCause());
        }
    }

    /** Row-major without gaps (strides of size-1 dimensions do not matter). */
    private static boolean isDense(INDArray a) {
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            return false;
        }
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) {
                return false;
            }
            expected *= a.size(d);
        }
        return true;
    }

    /** The elements [from, to) of the parameters laid end to end. */
    private record Range(List<INDArray[]> operands, long[] start, long from, long to, int writes,
                         FloatKernel floats, DoubleKernel doubles) implements Callable<Void> {

        @Override
        public Void call() {
            int k = operands.get(0).length;
            float[][] fc = null;
            double[][] dc = null;
            for (int p = 0; p < operands.size(); p++) {
                long lo = Math.max(from, start[p]);
                long hi = Math.min(to, start[p + 1]);
                if (lo >= hi) {
                    continue;
                }
                INDArray[] ops = operands.get(p);
                int first = (int) (lo - start[p]);
                int count = (int) (hi - lo);
                if (ops[0].dataType() == DataType.FLOAT) {
                    fc = fc != null ? fc : new float[k][CHUNK];
                    FloatBuffer[] b = new FloatBuffer[k];
                    for (int a = 0; a < k; a++) {
                        FloatPointer fp = new FloatPointer(address(ops[a]));
                        fp.capacity(ops[a].length());
                        b[a] = fp.asBuffer();
                    }
                    for (int at = first; at < first + count; at += CHUNK) {
                        int n = Math.min(CHUNK, first + count - at);
                        for (int a = 0; a < k; a++) {
                            b[a].get(at, fc[a], 0, n);
                        }
                        floats.apply(fc, n);
                        for (int a = 0; a < writes; a++) {
                            b[a].put(at, fc[a], 0, n);
                        }
                    }
                } else {
                    dc = dc != null ? dc : new double[k][CHUNK];
                    DoubleBuffer[] b = new DoubleBuffer[k];
                    for (int a = 0; a < k; a++) {
                        DoublePointer dp = new DoublePointer(address(ops[a]));
                        dp.capacity(ops[a].length());
                        b[a] = dp.asBuffer();
                    }
                    for (int at = first; at < first + count; at += CHUNK) {
                        int n = Math.min(CHUNK, first + count - at);
                        for (int a = 0; a < k; a++) {
                            b[a].get(at, dc[a], 0, n);
                        }
                        doubles.apply(dc, n);
                        for (int a = 0; a < writes; a++) {
                            b[a].put(at, dc[a], 0, n);
                        }
                    }
                }
            }
            return null;
        }
    }

    /** The address of {@code a}'s first element. */
    private static Pointer address(INDArray a) {
        return new Pointer() {
            {
                address = a.data().address() + a.offset() * a.data().getElementSize();
            }
        };
    }
}
