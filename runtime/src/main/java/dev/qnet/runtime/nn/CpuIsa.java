package dev.qnet.runtime.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU a run computed on, for its provenance. oneDNN picks its kernels by instruction set, and
 * kernels for different sets round differently, so the same file, seed and thread count trains to
 * different weights on an AVX2 and on an AVX-512 machine (a BreastMNIST run's loss differs from
 * the first epoch). A results file that names the set says which runs can repeat each other bit
 * for bit. The same query decides whether {@code precision bf16} runs natively (Precisions).
 */
public final class CpuIsa {

    private CpuIsa() {
    }

    /** oneDNN's name for the instruction set it dispatches to on this CPU, e.g. "avx2". */
    public static String dnnl() {
        int isa = Effective.ISA;
        return switch (isa) {
            case org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_sse41 -> "sse41";
            case org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx -> "avx";
            case org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx2 -> "avx2";
            case org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx2_vnni -> "avx2_vnni";
            case org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_mic -> "avx512_mic";
            case org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_mic_4ops -> "avx512_mic_4ops";
            case org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core -> "avx512_core";
            case org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_vnni -> "avx512_core_vnni";
            case org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_bf16 -> "avx512_core_bf16";
            case org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_amx -> "avx512_core_amx";
            default -> "isa " + isa;
        };
    }

    /**
     * Whether oneDNN runs bfloat16 convolutions on this CPU's own BF16 instructions (AVX-512 BF16
     * or AMX), rather than emulating them: only then does {@code precision bf16} pay.
     */
    static boolean nativeBf16() {
        return Effective.ISA == org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_bf16
                || Effective.ISA == org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_amx;
    }

    /** oneDNN's instruction set, queried once per process (the first time it is asked for). */
    private static final class Effective {
        static final int ISA = org.bytedeco.dnnl.global.dnnl.dnnl_get_effective_cpu_isa();
    }

    /** The kernel's "model name" of the first CPU in /proc/cpuinfo, or "unknown" off Linux. */
    public static String model() {
        return cpuinfo("model name");
    }

    /** The first CPU's field {@code name} in /proc/cpuinfo (e.g. "flags"), or "unknown" off Linux. */
    public static String cpuinfo(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith(name)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux: the field stays unknown; the instruction set is still known
        }
        return "unknown";
    }
}
