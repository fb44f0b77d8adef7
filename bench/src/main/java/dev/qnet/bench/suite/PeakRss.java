package dev.qnet.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Peak resident set size of one benchmark process, measured by {@code bench/peak_rss.py}: the
 * wrapper starts the process and reads {@code ru_maxrss} from the rusage {@code wait4(2)} returns
 * for it, the kernel's high-water mark of that process's resident memory (its VmHWM at exit).
 * Exact, not sampled, and the same method for qnet's JVM and for a Python peer.
 */
public final class PeakRss {

    static final String WRAPPER = "bench/peak_rss.py";

    private PeakRss() {
    }

    /** {@code command}, run under the wrapper, which writes the peak in KiB to {@code out}. */
    public static List<String> wrap(List<String> command, Path out) {
        List<String> c = new ArrayList<>(List.of(BenchRunner.PYTHON, WRAPPER, out.toString()));
        c.addAll(command);
        return c;
    }

    /** The peak the wrapper wrote, in MiB (one decimal), or -1 when it wrote none. */
    public static double readMib(Path out) {
        try {
            return Math.round(Long.parseLong(Files.readString(out).strip()) / 1024.0 * 10) / 10.0;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
