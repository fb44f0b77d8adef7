package dev.qnet.runtime.threads;

import dev.qnet.runtime.train.TrainingListener;
import java.nio.file.Path;

/**
 * How many threads a job computes with: a fixed count ({@code --threads N}), or by default a fair
 * share of the cores, {@code max(1, cores / jobs)} over the qnet jobs running on the machine.
 *
 * <p>The share is re-read while training (at batch ends, at most every {@link #RECHECK_NANOS}),
 * so a job that started alone gives up cores when a second one starts and takes them back when
 * it ends. Measured on the quick start, 2 cores: two jobs with every pool at 2 threads ran at
 * 0.19x their solo speed each, as their OpenMP threads spin-waited for one another.
 *
 * <p>Threads change the order of floating-point sums, so runs with different thread counts agree
 * to about 1e-6 relative, not bit for bit; a run that must repeat exactly pins {@code --threads}.
 * As a listener it must be called on the thread that trains (OpenMP's count is per thread).
 */
public final class ThreadBudget implements TrainingListener, AutoCloseable {

    /** How often a fair share is recomputed during training: cheap (a directory listing), but not per batch. */
    static final long RECHECK_NANOS = 2_000_000_000L;

    private final int fixed;           // 0 for a fair share
    private final int cores;
    private final JobRegistry registry;
    private int threads;
    private int jobs = 1;
    private long lastCheck;

    private ThreadBudget(int fixed, int cores, JobRegistry registry) {
        this.fixed = fixed;
        this.cores = cores;
        this.registry = registry;
    }

    /** Always {@code threads} threads. */
    public static ThreadBudget fixed(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        return new ThreadBudget(threads, ComputeThreads.cores(), null);
    }

    /** A fair share of this machine's cores among the qnet jobs of this user. */
    public static ThreadBudget fairShare() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "qnet-jobs-" + System.getProperty("user.name"));
        return fairShare(dir, ComputeThreads.cores());
    }

    static ThreadBudget fairShare(Path registryDir, int cores) {
        return new ThreadBudget(0, cores, JobRegistry.join(registryDir));
    }

    /** The thread count this budget gives now, without applying it. */
    int compute() {
        if (fixed > 0) {
            return fixed;
        }
        jobs = registry == null ? 1 : registry.liveJobs();
        return Math.max(1, cores / jobs);
    }

    /** Computes the count and applies it to every pool; call it on the thread that runs the model. */
    public int apply() {
        lastCheck = System.nanoTime();
        int n = compute();
        if (n != threads) {
            threads = n;
            ComputeThreads.set(n);
        }
        return n;
    }

    /** The count last applied. */
    public int threads() {
        return threads;
    }

    /** For provenance and logs: {@code "2 (fixed)"} or {@code "1 (fair share: 2 qnet jobs on 2 cores)"}. */
    public String describe() {
        return fixed > 0 ? threads + " (fixed)"
            : threads + " (fair share: " + jobs + " qnet job" + (jobs == 1 ? "" : "s") + " on " + cores + " cores)";
    }

    @Override
    public void epochStart(int epoch, int epochs, int batches) {
        recheck();
    }

    @Override
    public void batchEnd(int batch, double loss, double accuracy, double samplesPerSecond) {
        recheck();
    }

    private void recheck() {
        if (fixed == 0 && System.nanoTime() - lastCheck >= RECHECK_NANOS) {
            apply();
        }
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
