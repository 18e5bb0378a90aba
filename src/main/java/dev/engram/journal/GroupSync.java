package dev.engram.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for fsyncs: concurrent callers that need the same folder or file fsynced share one fsync instead of
 * queueing one each. A caller returns only after an fsync that <em>started after it asked</em> has completed, so
 * whatever it wrote or renamed before asking is durable: while one fsync runs, every caller arriving meanwhile waits
 * for the next one, which a single one of them runs for all. Nothing is weakened: a lone caller pays one fsync, as
 * before; N concurrent callers pay two at most.
 *
 * <p>Threading: thread-safe; one {@link Gate} per path (paths are day folders, the staging folder and appended files,
 * so a few hundred a year at most). Failure: when a shared fsync fails, every caller it was run for gets the
 * {@link IOException} (and a caller whose own fsync succeeded but a later one failed may get it too: better a
 * reported failure than a silent one).
 */
final class GroupSync {
    /** The fsync itself: {@link DurableFiles#syncDirectory} for folders, {@link DurableFiles#syncFile} for files. */
    @FunctionalInterface
    interface Fsync {
        void sync(Path p) throws IOException;
    }

    private final ConcurrentHashMap<Path, Gate> gates = new ConcurrentHashMap<>();
    private final Fsync directories;
    private final Fsync files;
    private final AtomicLong fsyncs = new AtomicLong();

    GroupSync() {
        this(DurableFiles::syncDirectory, DurableFiles::syncFile);
    }

    /** With other fsync actions (tests use it to observe which renames each fsync made durable). */
    GroupSync(Fsync directories, Fsync files) {
        this.directories = directories;
        this.files = files;
    }

    /** Returns once an fsync of folder {@code dir} that started after this call has completed. */
    void syncDirectory(Path dir) throws IOException {
        gates.computeIfAbsent(dir, k -> new Gate()).await(dir, directories);
    }

    /** Returns once an fsync of file {@code file} that started after this call has completed. */
    void syncFile(Path file) throws IOException {
        gates.computeIfAbsent(file, k -> new Gate()).await(file, files);
    }

    /**
     * Fsyncs a file only its caller writes (a staged file nobody else can see yet): no gate, nothing to share, but
     * through the same fsync action as shared files (so tests observe it too).
     */
    void syncOwnFile(Path file) throws IOException {
        fsyncs.incrementAndGet();
        files.sync(file);
    }

    /** Fsyncs a folder only its caller writes (a staged segment's folder), like {@link #syncOwnFile}. */
    void syncOwnDirectory(Path dir) throws IOException {
        fsyncs.incrementAndGet();
        directories.sync(dir);
    }

    /** How many fsyncs actually ran (for tests and benchmarks). */
    long fsyncs() {
        return fsyncs.get();
    }

    /** One path's fsync generations: started, completed, and the last failed one. */
    private final class Gate {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition done = lock.newCondition();
        private long started;
        private long completed;
        private boolean running;
        private long failedGeneration = -1;
        private IOException failure;

        void await(Path p, Fsync fsync) throws IOException {
            boolean interrupted = false;
            lock.lock();
            try {
                // The fsync we need is the first one to start from now on (a running one may have missed our write).
                long need = started + 1;
                while (completed < need) {
                    if (running) {
                        try {
                            done.await();
                        } catch (InterruptedException e) {
                            interrupted = true; // keep waiting: never return before our fsync
                        }
                        continue;
                    }
                    running = true;
                    long mine = ++started;
                    IOException error = null;
                    lock.unlock(); // callers arriving during the fsync join the next generation
                    try {
                        fsyncs.incrementAndGet();
                        fsync.sync(p);
                    } catch (IOException e) {
                        error = e;
                    } catch (RuntimeException e) {
                        error = new IOException(e.toString(), e);
                    } finally {
                        lock.lock();
                        running = false;
                        completed = mine;
                        if (error != null) {
                            failedGeneration = mine;
                            failure = error;
                        }
                        done.signalAll();
                    }
                }
                if (failedGeneration >= need) {
                    throw new IOException(failure.getMessage(), failure);
                }
            } finally {
                lock.unlock();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
