package dev.qnet.bench.suite;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qnet.runtime.nn.CpuIsa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the numbers were measured on: CPU, cores, memory, Java, PyTorch, load, commit. */
public final class Machine {

    private Machine() {
    }

    public static ObjectNode describe(Proc proc) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("cpu_model", CpuIsa.model());
        String flags = CpuIsa.cpuinfo("flags") + " ";
        m.put("cpu_flags_avx2", flags.contains(" avx2 "));
        // bf16 kernels need one of these; without them `precision bf16` trains in fp32 (Precisions).
        m.put("cpu_flags_avx512_bf16", flags.contains(" avx512_bf16 "));
        m.put("cpu_flags_amx_bf16", flags.contains(" amx_bf16 "));
        m.put("dnnl_isa", CpuIsa.dnnl());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("l3_cache", l3Cache());
        m.put("memory_gb", Math.round(memTotalKb() / 1024.0 / 1024.0 * 10) / 10.0);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("torch", torchVersion(proc));
        m.put("load_average_start", loadAverage());
        Proc.Result git = proc.run(List.of("git", "rev-parse", "--short", "HEAD"), Map.of(), 30);
        m.put("git_commit", git.ok() ? git.stdout().strip() : "unknown");
        // The build benchmarks the working tree: say whether qnet's sources differ from the commit.
        Proc.Result dirty = proc.run(List.of("git", "status", "--porcelain", "--", "grammar", "core", "compiler", "runtime", "driver"), Map.of(), 30);
        m.put("git_sources_modified", dirty.ok() && !dirty.stdout().isBlank());
        return m;
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, e.g. "0.52 0.61 0.70". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    /** PyTorch's version from Debian's /usr/bin/python3, or null when torch is absent. */
    public static String torchVersion(Proc proc) {
        Proc.Result r = proc.run(List.of(BenchRunner.PYTHON, "-c", "import torch; print(torch.__version__)"), Map.of(), 120);
        return r.ok() ? r.stdout().strip() : null;
    }

    /** The last-level (L3) cache size as the kernel reports it for CPU 0, e.g. "32768K"; it decides which states stay cached. */
    private static String l3Cache() {
        try {
            return Files.readString(Path.of("/sys/devices/system/cpu/cpu0/cache/index3/size")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memTotalKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return 0;
    }
}
