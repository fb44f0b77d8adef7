package dev.qnet.runtime.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadBudgetTest {

    @TempDir
    Path dir;

    @Test
    void aJobAloneGetsEveryCore() {
        try (ThreadBudget b = ThreadBudget.fairShare(dir, 8)) {
            assertEquals(8, b.compute());
        }
    }

    @Test
    void concurrentJobsSplitTheCoresAndTakeThemBackWhenOneEnds() throws IOException {
        try (ThreadBudget a = ThreadBudget.fairShare(dir, 8)) {
            try (ThreadBudget b = ThreadBudget.fairShare(dir, 8); ThreadBudget c = ThreadBudget.fairShare(dir, 8)) {
                assertEquals(2, a.compute());   // 8 cores / 3 jobs, rounded down
                assertEquals(2, b.compute());
                assertTrue(a.describe().contains("3 qnet jobs on 8 cores"), a.describe());
            }
            assertEquals(8, a.compute());
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "a job removes its file when it ends");
        }
    }

    @Test
    void moreJobsThanCoresStillGetOneThreadEach() {
        try (ThreadBudget a = ThreadBudget.fairShare(dir, 2); ThreadBudget b = ThreadBudget.fairShare(dir, 2);
             ThreadBudget c = ThreadBudget.fairShare(dir, 2)) {
            assertEquals(1, a.compute());
        }
    }

    @Test
    void aKilledJobStopsCountingAndItsFileIsRemoved() throws Exception {
        // A real second process holds a lock on a job file, then dies by SIGKILL.
        Path file = dir.resolve("job-killed.job");
        Files.createFile(file);
        Process holder = lockHolder(file);
        try (ThreadBudget a = ThreadBudget.fairShare(dir, 2)) {
            assertEquals(1, a.compute(), "the other process's lock counts as a live job");
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertEquals(2, a.compute());
            assertFalse(Files.exists(file), "a dead job's file is cleaned up");
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aFileNobodyHoldsIsNotAJob() throws IOException {
        Files.createFile(dir.resolve("job-stale.job"));
        try (ThreadBudget a = ThreadBudget.fairShare(dir, 4)) {
            assertEquals(4, a.compute());
        }
    }

    @Test
    void anUnusableRegistryMeansEveryCore() throws IOException {
        Path notADir = Files.createFile(dir.resolve("plain-file"));
        try (ThreadBudget a = ThreadBudget.fairShare(notADir.resolve("jobs"), 4)) {
            assertEquals(4, a.compute());
        }
    }

    @Test
    void fixedIgnoresOtherJobs() {
        try (ThreadBudget other = ThreadBudget.fairShare(dir, 2); ThreadBudget f = ThreadBudget.fixed(3)) {
            assertEquals(3, f.compute());
            assertTrue(f.describe().endsWith("(fixed)"));
        }
        assertThrows(IllegalArgumentException.class, () -> ThreadBudget.fixed(0));
    }

    /** Starts a JVM that locks {@code file} and prints "locked", then sleeps until killed. */
    private static Process lockHolder(Path file) throws IOException, InterruptedException {
        Path src = Files.createTempFile("Hold", ".java");
        Files.writeString(src, """
            import java.nio.channels.FileChannel;
            import java.nio.file.*;
            public class Hold {
                public static void main(String[] a) throws Exception {
                    FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE);
                    ch.lock();
                    System.out.println("locked");
                    System.out.flush();
                    Thread.sleep(600_000);
                }
            }
            """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, src.toString(), file.toString())).redirectErrorStream(true).start();
        String line = new String(p.getInputStream().readNBytes("locked".length()));
        assertEquals("locked", line, "the lock-holding process did not start");
        return p;
    }
}
