package dev.qnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes a piece of code allocates on the calling thread, so tests can show that a corrupt
 * size claim is refused before an array of that size exists (the heap is large enough that the
 * allocation itself would succeed and go unnoticed).
 */
final class Allocation {

    private Allocation() {
    }

    static long bytesAllocatedBy(Runnable r) {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(bean.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        bean.setThreadAllocatedMemoryEnabled(true);
        long before = bean.getCurrentThreadAllocatedBytes();
        r.run();
        return bean.getCurrentThreadAllocatedBytes() - before;
    }
}
