package dev.engram.journal;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Overlapping one writer's independent fsyncs: a staged segment's files, its folder, and after the rename the day
 * folder and the staging folder do not depend on each other, so they run at the same time on helper threads (on
 * ext4 concurrent fsyncs of one transaction share its commit) instead of one after the other. Nothing is weakened:
 * the writer still {@link #await}s every one of them before the step that depends on it (the rename, the answer).
 *
 * <p>Threading: a process-wide pool of daemon threads ({@code journal-fsync-N}), created on demand (at most
 * {@value #MAX_THREADS}) and ended after {@value #IDLE_SECONDS} s idle; when every thread is busy the caller runs
 * the fsync itself (slower, never skipped). It holds no journal state. Failure: {@link #await} throws the fsync's
 * {@link IOException}; it never returns before the fsync ended, even when interrupted (the interrupt is kept).
 */
final class Overlap {
    static final int MAX_THREADS = 32;
    static final int IDLE_SECONDS = 10;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, MAX_THREADS, IDLE_SECONDS,
            TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "journal-fsync-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    /** An fsync (or another short disk step) that may throw. */
    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    private Overlap() {
    }

    /** Starts {@code step} on a helper thread (or runs it now when all are busy); {@link #await} its result. */
    static Future<Void> start(Step step) {
        Callable<Void> c = () -> {
            step.run();
            return null;
        };
        return POOL.submit(c);
    }

    /** Waits until {@code f} ended (never earlier, even when interrupted) and throws its failure. */
    static void await(Future<Void> f) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: the caller depends on this fsync having ended
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IOException(String.valueOf(c), c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
