package dev.engram.journal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed of one open journal: every durable write through the journal announces a {@link JournalChange} to
 * the subscribers in this process. Obtained from {@link Journal#changes()}; every {@code Journal} derived from one
 * open journal ({@code withDurability}, {@code withWarnings}) shares it.
 *
 * <p><b>Threads and ordering:</b> a writer only offers the change to each subscription's bounded queue (no waiting,
 * no subscriber code on the writer's thread), after its write is durable and before it releases the file's lock, so
 * the changes of one file, and of one writer thread, reach every subscriber in the order they were written. Each
 * subscription has its own daemon thread ({@code journal-changes-N}) that delivers its queue in order, so a slow
 * subscriber delays only itself.
 *
 * <p><b>Failures:</b> an exception thrown by a subscriber is logged and the next change is delivered. When a
 * subscription's queue is full the change is dropped for that subscriber only: the drop is counted
 * ({@link #dropped()}), logged at most once per {@link #LOG_INTERVAL_NANOS} with the count, and the subscriber is told
 * before any later change: {@code onMissed(count)}, or, for {@link #subscribe(Consumer)}, the change
 * {@link JournalChange#missed()}. A subscriber that missed changes should rescan what it derives from the journal.
 */
public final class JournalChanges {
    /** Queue capacity of {@link #subscribe(Consumer)}. */
    public static final int DEFAULT_CAPACITY = 4096;
    static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(JournalChanges.class);
    private static final AtomicLong THREADS = new AtomicLong();
    private static final AtomicLong FEEDS = new AtomicLong();
    /** This feed's origin: the process id and a number per open journal (two opens in one JVM differ). */
    private final String origin = ProcessHandle.current().pid() + "-" + FEEDS.incrementAndGet();
    private final List<Delivery> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong overflowReports = new AtomicLong();
    private final LongSupplier nanoClock;

    JournalChanges() {
        this(System::nanoTime);
    }

    JournalChanges(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Subscribes with {@link #DEFAULT_CAPACITY}; missed changes arrive as {@link JournalChange#missed()}. */
    public Subscription subscribe(Consumer<JournalChange> onChange) {
        return subscribe(onChange, count -> onChange.accept(JournalChange.missed()), DEFAULT_CAPACITY);
    }

    /**
     * Subscribes: {@code onChange} gets every change in write order on this subscription's own thread, and
     * {@code onMissed} the number of changes dropped because more than {@code capacity} were waiting. Closing the
     * returned handle stops delivery (a change being delivered at that moment completes) and ends the thread.
     */
    public Subscription subscribe(Consumer<JournalChange> onChange, LongConsumer onMissed, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        Delivery s = new Delivery(onChange, onMissed, capacity);
        subscriptions.add(s);
        s.thread.start();
        return s;
    }

    /**
     * Who announces these changes, unique per open journal in this machine ({@code <pid>-<n>}): the bus's
     * {@code journal.changed} carries it as {@code origin}, so a process skips its own changes echoed back by the bus.
     */
    public String origin() {
        return origin;
    }

    /** Changes dropped for slow subscribers since the journal was opened (each subscriber counted). */
    public long dropped() {
        return dropped.get();
    }

    /** Changes announced since the journal was opened. */
    public long published() {
        return published.get();
    }

    /** Overflow warnings logged (at most one per subscriber per interval). */
    long overflowReports() {
        return overflowReports.get();
    }

    /** Open subscriptions. */
    public int subscribers() {
        return subscriptions.size();
    }

    /** Offers a change to every subscription's queue; never blocks and never runs or fails for a subscriber. */
    void publish(JournalChange change) {
        published.incrementAndGet();
        for (Delivery s : subscriptions) {
            s.offer(change);
        }
    }

    /** A subscription to the feed; closing it stops delivery and ends its thread (never throws). */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final class Delivery implements Subscription, Runnable {
        private final Consumer<JournalChange> onChange;
        private final LongConsumer onMissed;
        private final int capacity;
        // lock-free on the writers' side: a writer announcing a change while holding its file's lock never waits
        // for this subscriber's thread (a monitor here cost ~10 % of an upload's CPU under contention)
        private final ConcurrentLinkedQueue<JournalChange> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final AtomicLong missed = new AtomicLong();
        private final Thread thread;
        private long missedSinceLog;
        private long lastLog;
        private boolean logged;
        private volatile boolean waiting;
        private volatile boolean closed;

        Delivery(Consumer<JournalChange> onChange, LongConsumer onMissed, int capacity) {
            this.onChange = onChange;
            this.onMissed = onMissed;
            this.capacity = capacity;
            this.thread = new Thread(this, "journal-changes-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
        }

        void offer(JournalChange change) {
            if (closed) {
                return;
            }
            if (size.incrementAndGet() <= capacity) {
                queue.add(change);
                if (waiting) {
                    LockSupport.unpark(thread);
                }
                return;
            }
            size.decrementAndGet();
            missed.incrementAndGet();
            dropped.incrementAndGet();
            synchronized (this) { // the rare overflow path: count and report
                missedSinceLog++;
                long now = nanoClock.getAsLong();
                if (!logged || now - lastLog >= LOG_INTERVAL_NANOS) {
                    LOG.warn("journal change feed: subscriber {} is behind (queue of {} full); dropped {} change(s) for"
                            + " it since the last report, {} in all; it is told to rescan", thread.getName(), capacity,
                            missedSinceLog, dropped.get());
                    overflowReports.incrementAndGet();
                    logged = true;
                    lastLog = now;
                    missedSinceLog = 0;
                }
            }
        }

        @Override
        public void run() {
            while (true) {
                JournalChange next = queue.poll();
                if (next == null) {
                    // Dekker with offer(): set waiting, then look again; a writer adds, then looks at waiting
                    waiting = true;
                    if (queue.isEmpty() && !closed) {
                        LockSupport.park(this);
                    }
                    waiting = false;
                    if (Thread.currentThread().isInterrupted()) {
                        // nothing in Engram interrupts this thread (close() unparks it); whoever did keeps the flag
                        // and the subscription ends, as for close()
                        return;
                    }
                    if (closed) {
                        return;
                    }
                    continue;
                }
                if (closed) {
                    return;
                }
                size.decrementAndGet();
                long lost = missed.getAndSet(0);
                if (lost > 0) {
                    deliver(() -> onMissed.accept(lost));
                }
                deliver(() -> onChange.accept(next));
            }
        }

        private void deliver(Runnable call) {
            if (closed) {
                return;
            }
            try {
                call.run();
            } catch (RuntimeException | Error e) {
                LOG.error("journal change feed: subscriber {} failed; it keeps receiving changes", thread.getName(), e);
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                queue.clear();
            }
            LockSupport.unpark(thread);
            subscriptions.remove(this);
        }
    }
}
