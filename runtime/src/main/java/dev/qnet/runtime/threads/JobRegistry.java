package dev.qnet.runtime.threads;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The qnet jobs running on this machine, as lock files in one directory: each job holds an
 * exclusive lock on its own file while it runs. The operating system drops a lock when its
 * process dies, even by SIGKILL, so a file whose lock can be taken is a dead job's leftover and
 * is removed; no job has to shut down cleanly for the count to stay right.
 */
final class JobRegistry implements AutoCloseable {

    private static final String SUFFIX = ".job";

    private final Path dir;
    private final Path own;
    private final FileChannel channel;
    private final FileLock lock;

    private JobRegistry(Path dir, Path own, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.own = own;
        this.channel = channel;
        this.lock = lock;
    }

    /** Registers this job in {@code dir}, or returns {@code null} when the directory is unusable. */
    static JobRegistry join(Path dir) {
        try {
            Files.createDirectories(dir);
            Path own = Files.createTempFile(dir, "job-" + ProcessHandle.current().pid() + "-", SUFFIX);
            FileChannel ch = FileChannel.open(own, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                Files.deleteIfExists(own);
                return null;
            }
            return new JobRegistry(dir, own, ch, lock);
        } catch (IOException | RuntimeException e) {
            return null;   // no fair sharing (e.g. read-only tmp): the job still runs, on every core
        }
    }

    /** Jobs alive now, this one included; removes the files of jobs that died. */
    int liveJobs() {
        int live = 1;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                if (!f.equals(own) && isHeld(f)) {
                    live++;
                }
            }
        } catch (IOException e) {
            // an unreadable directory counts as no other job, as if there were no registry
        }
        return live;
    }

    private static boolean isHeld(Path f) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe == null) {
                return true;            // another process holds it
            }
            probe.release();
            Files.deleteIfExists(f);    // its job died without removing it
            return false;
        } catch (OverlappingFileLockException e) {
            return true;                // held by another registry in this JVM
        } catch (IOException e) {
            return false;               // vanished (its job just ended) or unreadable
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
            Files.deleteIfExists(own);
        } catch (IOException ignored) {
            // the next job's liveJobs() removes a file whose lock is gone
        }
    }
}
