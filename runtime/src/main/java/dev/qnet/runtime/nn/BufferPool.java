package dev.qnet.runtime.nn;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Reusable memory for the large activations and gradients of a step (feature maps), so that a
 * step needs only the memory live at its busiest moment rather than the sum of everything it
 * creates.
 *
 * <p>Why not the ND4J workspace alone: a workspace is a bump allocator that frees only at the end
 * of the step, so every activation and every gradient of ResNet-50 stayed resident until the step
 * ended (peak RSS 3x PyTorch's). Why not plain allocation and {@code close()}: a fresh buffer per
 * tensor per step costs page faults and zeroing, as much as the convolutions (the reason the
 * workspace was introduced). The pool keeps its buffers between steps, by data type and element
 * count, and hands a buffer out again as soon as its tensor is {@link #release released} as
 * dead: the smallest free one that holds the request and is less than twice its size (so the
 * weight-sized temporaries of many shapes share a few buffers, while a feature map never pins one
 * of the next stage's, twice as large).
 *
 * <p>Lifetimes come from the network's structure: {@link Sequential} releases a layer's output
 * after the backward of that layer (its last reader, since the next layer ran its backward
 * before) and each gradient once the layer below has consumed it; in evaluation it releases an
 * activation as soon as the next layer has read it. Whatever a step did not release is reclaimed
 * when the step ends ({@link #run}): by the step contract of {@code StepWorkspace} no array
 * created inside a step outlives it.
 *
 * <p>Active for the current thread only inside {@link #run}; outside (tests, single calls)
 * {@link #create} allocates normally and {@link #release} does nothing.
 */
public final class BufferPool {

    private static final ThreadLocal<BufferPool> ACTIVE = new ThreadLocal<>();
    /**
     * Where a pooled buffer starts: on a cache line. ND4J aligns its allocations to 32 bytes only,
     * so every 64-byte AVX-512 load of oneDNN's kernels could straddle two cache lines.
     */
    private static final int ALIGNMENT = 64;
    /**
     * Bytes allocated by every pool of this JVM and not yet freed by {@link #clear}: a pool that is
     * dropped without {@code clear} leaves its buffers to the garbage collector, which runs rarely
     * because the heap side of an off-heap array is tiny, so the memory stays resident.
     */
    private static final AtomicLong HELD = new AtomicLong();

    private record Key(DataType type, long length) {
    }

    private final Map<DataType, NavigableMap<Long, ArrayDeque<INDArray>>> free = new HashMap<>();
    /** Buffers handed out in the current step, by base address: flat array of that buffer. */
    private final Map<Long, INDArray> lent = new HashMap<>();
    private final Map<INDArray, Key> keys = new IdentityHashMap<>();
    /** The allocation each aligned buffer is a view of (what {@link #clear} frees). */
    private final Map<INDArray, INDArray> allocations = new IdentityHashMap<>();

    /** Runs {@code step} with this pool active on the current thread; reclaims every buffer afterwards. */
    public <T> T run(Supplier<T> step) {
        BufferPool previous = ACTIVE.get();
        ACTIVE.set(this);
        try {
            return step.get();
        } finally {
            ACTIVE.set(previous);
            for (INDArray flat : lent.values()) {
                giveBack(flat);
            }
            lent.clear();
        }
    }

    /** Frees every buffer (the pool stays usable and allocates again on demand). */
    public void clear() {
        for (NavigableMap<Long, ArrayDeque<INDArray>> bySize : free.values()) {
            for (ArrayDeque<INDArray> q : bySize.values()) {
                for (INDArray a : q) {
                    allocations.get(a).close();
                }
            }
        }
        HELD.addAndGet(-bytes());
        free.clear();
        keys.clear();
        allocations.clear();
        lent.clear();
    }

    /**
     * A new uninitialised row-major array; from the active pool when there is one (its memory then
     * lives outside any ND4J workspace and belongs to the pool).
     */
    static INDArray create(DataType type, long... shape) {
        BufferPool pool = ACTIVE.get();
        if (pool == null) {
            return Nd4j.createUninitialized(type, shape);
        }
        long length = 1;
        for (long s : shape) {
            length *= s;
        }
        INDArray flat = pool.take(new Key(type, length));
        INDArray prefix = flat.length() == length ? flat : flat.get(NDArrayIndex.interval(0, length));
        return prefix.reshape('c', shape);
    }

    private INDArray take(Key key) {
        INDArray flat = null;
        NavigableMap<Long, ArrayDeque<INDArray>> bySize = free.computeIfAbsent(key.type(), t -> new TreeMap<>());
        for (Map.Entry<Long, ArrayDeque<INDArray>> e : bySize.tailMap(key.length(), true).entrySet()) {
            if (e.getKey() >= 2 * key.length()) {
                break;
            }
            flat = e.getValue().poll();
            if (flat != null) {
                break;
            }
        }
        if (flat == null) {
            int width = key.type().width();
            INDArray allocation;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                allocation = Nd4j.createUninitialized(key.type(), key.length() + ALIGNMENT / width);
            }
            long misaligned = allocation.data().address() % ALIGNMENT; // a multiple of width: ND4J aligns to 32
            long offset = misaligned == 0 ? 0 : (ALIGNMENT - misaligned) / width;
            flat = allocation.get(NDArrayIndex.interval(offset, offset + key.length()));
            keys.put(flat, key);
            allocations.put(flat, allocation);
            HELD.addAndGet(key.length() * width);
        }
        lent.put(flat.data().address(), flat);
        return flat;
    }

    /**
     * Declares {@code a} (any view of a pooled buffer) dead: nothing reads or writes it any more.
     * A no-op for arrays that are not from the active pool, and outside a pool.
     */
    static void release(INDArray a) {
        BufferPool pool = ACTIVE.get();
        if (pool == null || a == null) {
            return;
        }
        INDArray flat = pool.lent.remove(a.data().address());
        if (flat != null) {
            pool.giveBack(flat);
        }
    }

    private void giveBack(INDArray flat) {
        Key k = keys.get(flat);
        free.get(k.type()).computeIfAbsent(k.length(), n -> new ArrayDeque<>()).push(flat);
    }

    /** Whether the active pool (if any) would treat {@code a} and {@code b} as one buffer. */
    static boolean sameBuffer(INDArray a, INDArray b) {
        return a != null && b != null && a.data().address() == b.data().address();
    }

    /** Whether a pool is active on this thread (so dead tensors should be released). */
    static boolean active() {
        return ACTIVE.get() != null;
    }

    /** Bytes the pool holds (free and lent), for tests and reports. */
    public long bytes() {
        long n = 0;
        for (Map.Entry<INDArray, Key> e : keys.entrySet()) {
            n += e.getValue().length() * e.getValue().type().width();
        }
        return n;
    }

    /** Bytes held by all pools of this JVM that were not {@link #clear cleared}, for tests. */
    public static long heldBytes() {
        return HELD.get();
    }

    /** For tests: the number of buffers currently handed out. */
    int lentCount() {
        return lent.size();
    }
}
