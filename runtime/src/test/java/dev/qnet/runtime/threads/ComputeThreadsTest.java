package dev.qnet.runtime.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

class ComputeThreadsTest {

    @Test
    void setReachesOpenMpLibnd4jOpenBlasAndTheSimulatorPool() {
        int before = ComputeThreads.count();
        try {
            ComputeThreads.set(1);
            assertEquals(1, NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
            assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
            assertEquals(1, Nd4j.factory().blas().getMaxThreads());
            assertEquals(1, ComputeThreads.pool().getParallelism());
            ComputeThreads.set(3);
            assertEquals(3, NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
            assertEquals(3, ComputeThreads.pool().getParallelism());
        } finally {
            ComputeThreads.set(before);
        }
        assertThrows(IllegalArgumentException.class, () -> ComputeThreads.set(0));
    }
}
