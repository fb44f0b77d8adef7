package dev.qnet.runtime.nn;

import dev.qnet.core.Precision;
import java.util.concurrent.atomic.AtomicBoolean;

/** The precision a layer actually computes in, given the one asked for and the CPU. */
public final class Precisions {

    private static final AtomicBoolean NOTICE_GIVEN = new AtomicBoolean();

    private Precisions() {
    }

    /**
     * {@code requested}, except bf16 on a CPU whose oneDNN has no native BF16 kernels (AVX-512 BF16
     * or AMX), which falls back to fp32 with a one-line notice on stderr, once per process.
     */
    public static Precision effective(Precision requested) {
        if (requested == Precision.BF16 && !CpuIsa.nativeBf16()) {
            if (!NOTICE_GIVEN.getAndSet(true)) {
                System.err.println("qnet: precision bf16: this CPU has no BF16 instructions for oneDNN; training in fp32");
            }
            return Precision.FP32;
        }
        return requested;
    }
}
