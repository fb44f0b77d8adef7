package dev.qnet.runtime.threads;

import java.util.concurrent.ForkJoinPool;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The number of threads this process computes with, applied to every pool that does numeric
 * work: libnd4j's parallel loops, OpenMP (libnd4j and qnet's oneDNN layers share one libgomp,
 * the one bundled with nd4j-native), OpenBLAS (dense layers' matrix products) and the quantum
 * simulators' fork-join pool.
 *
 * <p>Why one place: each of those pools defaults to every core. Two jobs on a 2-core machine then
 * run four spinning OpenMP threads on two cores, and each job's step waits on threads the OS has
 * parked: measured on the quick start, 0.19x solo speed each instead of 0.5x.
 *
 * <p>{@link #set} must be called on the thread that runs the model: OpenMP's thread count is a
 * per-thread setting (the {@code nthreads-var} ICV of the calling thread).
 */
public final class ComputeThreads {

    private static final Object LOCK = new Object();
    private static int count = cores();
    private static ForkJoinPool pool;

    private ComputeThreads() {
    }

    /** The cores this JVM may use (respects container and affinity limits). */
    public static int cores() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** The current thread count (every core until {@link #set} is called). */
    public static int count() {
        synchronized (LOCK) {
            return count;
        }
    }

    /**
     * The simulators' pool, sized to {@link #count()}. A pool replaced by {@link #set} finishes
     * the tasks it has and then lets its threads die.
     */
    public static ForkJoinPool pool() {
        synchronized (LOCK) {
            if (pool == null || pool.getParallelism() != count) {
                if (pool != null) {
                    pool.shutdown();
                }
                pool = new ForkJoinPool(count);
            }
            return pool;
        }
    }

    /** Uses {@code threads} threads from now on, in every pool; call it on the model's thread. */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        synchronized (LOCK) {
            count = threads;
        }
        // libnd4j's own pool keeps its size (its setMaxThreads is a no-op in 1.0.0-M2.1); the
        // master-thread limit is what its parallel loops split work by.
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
