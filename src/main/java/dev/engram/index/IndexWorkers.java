package dev.engram.index;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Runs a catch-up's per-file work on a few threads (one per core, at most {@link #MAX_THREADS}): reading and
 * formatting journal files and inverting their chunks happen in parallel (Lucene's writer takes concurrent updates),
 * so a rebuild uses every core while the caller's thread only reports progress. The threads have the caller's
 * priority, or the one asked for (the service's catch-up indexes at minimum priority), and end with the run. The first failure stops the other
 * threads and is rethrown on the caller's thread.
 */
final class IndexWorkers {
    static final int MAX_THREADS = 4;
    /** How often the caller hears of the progress. */
    static final long TICK_MS = 250;

    private IndexWorkers() {
    }

    static int threads() {
        return Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Calls {@code work} with every index in {@code [0, n)} once, on {@link #threads()} threads, until done or
     * {@code stop} answers true; calls {@code tick} with the items done so far on the caller's thread every
     * {@link #TICK_MS} and once at the end.
     *
     * @return the items done
     */
    static int run(int n, IntConsumer work, BooleanSupplier stop, IntConsumer tick) {
        return run(n, work, stop, tick, Thread.currentThread().getPriority());
    }

    /** As {@link #run(int, IntConsumer, BooleanSupplier, IntConsumer)}, the threads at Java priority {@code priority}. */
    static int run(int n, IntConsumer work, BooleanSupplier stop, IntConsumer tick, int priority) {
        return run(n, work, stop, tick, priority, null);
    }

    /**
     * As {@link #run(int, IntConsumer, BooleanSupplier, IntConsumer, int)}, adding the CPU time its threads used (ns)
     * to {@code cpu} unless null (the start-up bench tells the walk's CPU from the rest).
     */
    static int run(int n, IntConsumer work, BooleanSupplier stop, IntConsumer tick, int priority,
                   java.util.concurrent.atomic.LongAdder cpu) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable loop = () -> {
            for (int i; failure.get() == null && !stop.getAsBoolean() && (i = next.getAndIncrement()) < n; ) {
                try {
                    work.accept(i);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    return;
                }
                done.incrementAndGet();
            }
            if (cpu != null) {
                cpu.add(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            }
        };
        int count = Math.min(threads(), Math.max(1, n));
        Thread[] threads = new Thread[count];
        for (int t = 0; t < count; t++) {
            threads[t] = new Thread(loop, "index-worker-" + t);
            threads[t].setDaemon(true);
            threads[t].setPriority(priority);
            threads[t].start();
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join(TICK_MS);
                } catch (InterruptedException e) {
                    interrupted = true; // the workers finish their files; the caller's stop ends them early
                }
                tick.accept(done.get());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        tick.accept(done.get());
        if (failure.get() != null) {
            throw failure.get();
        }
        return done.get();
    }
}
