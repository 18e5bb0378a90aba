package dev.engram.app;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane's handler threads ({@code event-<app>-N}, daemon, made on demand and ended after 5 s idle). A handler run
 * that times out keeps its thread; to keep the pool usable the core size grows by one per such run while it is still
 * running (up to {@code maxExtra}) and shrinks back when it ends.
 */
final class WorkerPool {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private final ThreadPoolExecutor executor;
    private final int workers;
    private final int maxExtra;
    private int stuck; // guarded by this
    private boolean exhaustedWarned; // guarded by this

    /** One submitted run; {@link #await} says whether it ended in time. */
    final class Ticket {
        private Future<?> future;
        private boolean timedOut; // guarded by the pool
        private boolean done; // guarded by the pool

        /** True when the run ended (normally or not) within {@code timeout}; false when it timed out. */
        boolean await(Duration timeout) throws InterruptedException {
            try {
                future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                timedOut(this);
                return false;
            } catch (ExecutionException | CancellationException e) {
                return true;
            }
        }
    }

    WorkerPool(String prefix, int workers, int maxExtra) {
        this.workers = workers;
        this.maxExtra = maxExtra;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers + maxExtra, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, prefix + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    Ticket submit(Runnable body) {
        Ticket ticket = new Ticket();
        ticket.future = executor.submit(() -> {
            try {
                body.run();
            } finally {
                finished(ticket);
            }
        });
        return ticket;
    }

    synchronized int stuck() {
        return stuck;
    }

    private synchronized void finished(Ticket t) {
        t.done = true;
        if (t.timedOut) {
            stuck--;
            resize();
        }
    }

    private synchronized void timedOut(Ticket t) {
        if (!t.done && !t.timedOut) {
            t.timedOut = true;
            stuck++;
            resize();
        }
    }

    private void resize() {
        int core = workers + Math.min(stuck, maxExtra);
        if (core != executor.getCorePoolSize()) {
            executor.setCorePoolSize(core);
        }
        if (stuck > maxExtra && !exhaustedWarned) {
            exhaustedWarned = true;
            LOG.error("{} timed-out event handlers of one app are still running and hold all {} extra workers; "
                    + "new handlers of that app wait for a free worker", stuck, maxExtra);
        } else if (stuck <= maxExtra) {
            exhaustedWarned = false;
        }
    }

    /** Takes no more runs; what was submitted still runs. */
    void shutdown() {
        executor.shutdown();
    }

    /** After {@link #shutdown}: waits up to {@code timeout}; interrupts the handlers if they do not end. */
    boolean awaitOrInterrupt(Duration timeout) throws InterruptedException {
        if (executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return true;
        }
        executor.shutdownNow();
        return false;
    }
}
