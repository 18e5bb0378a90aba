package dev.engram.app;

import dev.engram.callosum.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One app's event lane: a bounded queue in arrival order, a thread ({@code event-lane-<app>}) that takes one event at
 * a time, runs the app's handlers of it on the lane's worker pool and waits for each (up to the handler timeout)
 * before taking the next. A full lane drops the new event: counted, logged and announced on the bus at most every
 * 10 s, and the app is told on its lane thread ({@link App#eventsDropped}).
 */
final class Lane {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Delivery(Message message, List<Handler> handlers) {
    }

    final App app;
    final String name;
    private final AppContext context;
    private final DispatcherSettings settings;
    private final ArrayBlockingQueue<Delivery> queue;
    private final WorkerPool pool;
    private final Thread thread;
    private volatile boolean open = true;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong untold = new AtomicLong();
    private final AtomicLong droppedSinceWarn = new AtomicLong();
    private final AtomicLong lastWarn;
    private final long warnIntervalNanos;
    private final java.util.function.LongSupplier clock;
    private volatile long lastDropNanos;
    private volatile String latestDropped = "";

    Lane(App app, String name, AppContext context, DispatcherSettings settings) {
        this(app, name, context, settings, WARN_INTERVAL_NANOS, System::nanoTime);
    }

    /**
     * @param warnIntervalNanos at most one drop warning per this interval (tests pass a short one)
     * @param clock the time in nanoseconds the warning interval and the last drop are measured on
     *        ({@code System::nanoTime}; tests pass a clock they move)
     */
    Lane(App app, String name, AppContext context, DispatcherSettings settings, long warnIntervalNanos,
            java.util.function.LongSupplier clock) {
        this.warnIntervalNanos = warnIntervalNanos;
        this.clock = clock;
        this.lastWarn = new AtomicLong(clock.getAsLong() - warnIntervalNanos);
        this.app = app;
        this.name = name;
        this.context = context;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.pool = new WorkerPool("event-" + name + "-", settings.workers(), settings.maxExtraWorkers());
        this.thread = Thread.ofPlatform().daemon().name("event-lane-" + name).unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** Queues one event for the app's handlers; false (counted, reported) when the lane is full or closed. */
    boolean offer(Message message, List<Handler> handlers) {
        if (open && queue.offer(new Delivery(message, handlers))) {
            accepted.incrementAndGet();
            if (droppedSinceWarn.get() > 0) {
                warnDrops(clock.getAsLong()); // the flood stopped: the drops since the last warning are told now
            }
            return true;
        }
        if (!open) {
            return false;
        }
        dropped.incrementAndGet();
        untold.incrementAndGet();
        droppedSinceWarn.incrementAndGet();
        latestDropped = message.tract() + "/" + message.event();
        lastDropNanos = clock.getAsLong();
        warnDrops(lastDropNanos);
        return false;
    }

    /**
     * Logs and announces ({@code health.notice}) the drops since the last warning, at most once per interval. Called
     * on every drop, on the next accepted event and by the lane thread at least once per interval, so the drops after
     * the last warning of a flood are told too.
     */
    private void warnDrops(long now) {
        long last = lastWarn.get();
        if (droppedSinceWarn.get() == 0 || now - last < warnIntervalNanos || !lastWarn.compareAndSet(last, now)) {
            return;
        }
        long since = droppedSinceWarn.getAndSet(0);
        if (since == 0) {
            return;
        }
        LOG.warn("[{}] event lane full ({} events): dropped {} event(s) since the last warning, {} in all"
                + " (latest {})", name, settings.queueCapacity(), since, dropped.get(), latestDropped);
        try {
            context.emit("health", "notice", Map.of("source", "app." + name, "level", "warn",
                    "message", "app " + name + " is behind: " + since + " event(s) dropped (" + dropped.get()
                            + " in all); its handlers are too slow for the event rate"));
        } catch (RuntimeException e) {
            LOG.warn("[{}] could not announce the dropped events: {}", name, e.toString());
        }
    }

    private void loop() {
        while (open) {
            tellDrops();
            Delivery d;
            try {
                d = queue.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(warnIntervalNanos)), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            warnDrops(clock.getAsLong());
            if (d == null) {
                continue;
            }
            try {
                if (!handle(d)) {
                    return;
                }
            } catch (RejectedExecutionException e) {
                return; // stop shut the pool down
            } catch (RuntimeException e) {
                LOG.error("[{}] event dispatch failed for {}/{}; continuing", name, d.message().tract(),
                        d.message().event(), e);
            }
        }
    }

    private void tellDrops() {
        long n = untold.getAndSet(0);
        if (n > 0) {
            try {
                app.eventsDropped(n);
            } catch (RuntimeException e) {
                LOG.warn("[{}] {}#eventsDropped failed", name, HandlerScanner.shortName(app.getClass()), e);
            }
        }
    }

    /** Runs the app's handlers of one event and waits for each in turn; false when interrupted (stopping). */
    private boolean handle(Delivery d) {
        Message message = d.message();
        String tract = message.tract();
        String event = message.event();
        handled.incrementAndGet();
        List<WorkerPool.Ticket> tickets = new ArrayList<>(d.handlers().size());
        for (Handler h : d.handlers()) {
            EventContext ctx = new EventContext(message, name, tract, event, context);
            runs.incrementAndGet();
            tickets.add(pool.submit(() -> run(h, ctx)));
        }
        Duration timeout = settings.handlerTimeout();
        for (int i = 0; i < tickets.size(); i++) {
            try {
                if (!awaitTelling(tickets.get(i), timeout)) {
                    timeouts.incrementAndGet();
                    LOG.warn("[{}] handler {} did not finish {}/{} within {} ms; it keeps running, "
                            + "the next event proceeds", name, d.handlers().get(i).name(), tract, event,
                            timeout.toMillis());
                }
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }

    /** Waits for one handler up to {@code timeout}, telling pending drops every warning interval meanwhile. */
    private boolean awaitTelling(WorkerPool.Ticket ticket, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (ticket.await(Duration.ofNanos(Math.min(left, warnIntervalNanos)))) {
                return true;
            }
            warnDrops(clock.getAsLong());
        }
    }

    private void run(Handler h, EventContext ctx) {
        try {
            h.invoke(ctx);
        } catch (Throwable t) {
            failures.incrementAndGet();
            LOG.error("[{}] handler {} failed on {}/{}", name, h.name(), ctx.tract(), ctx.event(), t);
        }
    }

    /** Refuses new events, ends the lane thread (the event in hand finishes) and returns the discarded count. */
    int close(long deadlineNanos) throws InterruptedException {
        open = false;
        thread.interrupt();
        if (thread.isAlive()) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        }
        int discarded = queue.size();
        queue.clear();
        pool.shutdown();
        return discarded;
    }

    /** After {@link #close}: waits for running handlers until the deadline; false when they had to be interrupted. */
    boolean awaitHandlers(long deadlineNanos) throws InterruptedException {
        return pool.awaitOrInterrupt(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
    }

    /** Whether events were dropped within the last {@code nanos}. */
    boolean droppedWithin(long nanos) {
        return dropped.get() > 0 && clock.getAsLong() - lastDropNanos < nanos;
    }

    LaneStats stats() {
        return new LaneStats(name, queue.size(), settings.queueCapacity(), accepted.get(), handled.get(), runs.get(),
                failures.get(), timeouts.get(), dropped.get(), pool.stuck());
    }
}
