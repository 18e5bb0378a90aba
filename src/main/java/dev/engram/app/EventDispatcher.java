package dev.engram.app;

import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import dev.engram.journal.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers apps and delivers bus events to their {@link OnEvent} handlers. See the package documentation for the
 * threading, ordering and failure rules.
 *
 * <p>Typical use by the composition root:
 * <pre>{@code
 * var apps = new EventDispatcher(journal, client::emit, DispatcherSettings.defaults());
 * apps.register(List.of(new DevApp()));
 * apps.register(ExternalApps.load(classLoader));
 * apps.start();
 * // bus callback: apps.dispatch(message)   (never blocks)
 * apps.stop();
 * }</pre>
 */
public final class EventDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final long OVERFLOW_WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AppContext context;
    private final DispatcherSettings settings;
    private final BlockingQueue<Message> queue;
    private final Stats stats = new Stats();
    private final Object lock = new Object();
    private final Map<String, App> apps = new LinkedHashMap<>(); // guarded by lock
    private volatile DispatchTable table = DispatchTable.EMPTY;
    private volatile boolean running;
    private Thread thread; // guarded by lock
    private volatile WorkerPool pool;
    private final AtomicLong lastOverflowWarn = new AtomicLong(System.nanoTime() - OVERFLOW_WARN_INTERVAL_NANOS);
    private final AtomicLong droppedSinceWarn = new AtomicLong();

    public EventDispatcher(AppContext context, DispatcherSettings settings) {
        this.context = Objects.requireNonNull(context, "context");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    }

    public EventDispatcher(Journal journal, Emitter emitter, DispatcherSettings settings) {
        this(AppContext.of(journal, emitter), settings);
    }

    /**
     * Registers apps in list order: checks each name, finds and validates its handlers, then calls its
     * {@link App#start}; only then can events reach it. A bad app (invalid or duplicate name, bad handler,
     * {@code start} failing) is refused and reported, and never stops the others. May be called again later (e.g. for
     * external apps); each call publishes a new frozen dispatch table.
     */
    public RegistrationReport register(List<? extends App> newApps) {
        List<String> registered = new ArrayList<>();
        List<RegistrationFailure> failures = new ArrayList<>();
        synchronized (lock) {
            for (App app : newApps) {
                if (app == null) {
                    failures.add(new RegistrationFailure("?", "null", List.of("null in the app list; leave it out")));
                    continue;
                }
                RegistrationFailure failure = registerOne(app);
                if (failure == null) {
                    registered.add(app.name());
                } else {
                    LOG.warn("app {} ({}) not registered: {}", failure.app(), failure.appClass(), failure.message());
                    failures.add(failure);
                }
            }
        }
        return new RegistrationReport(registered, failures);
    }

    private RegistrationFailure registerOne(App app) {
        String cls = HandlerScanner.shortName(app.getClass());
        String name;
        try {
            name = app.name();
            Names.app(name);
        } catch (InvalidNameException e) {
            return new RegistrationFailure("?", app.getClass().getName(),
                    List.of(cls + "#name: " + e.getMessage()));
        } catch (RuntimeException e) {
            return new RegistrationFailure("?", app.getClass().getName(),
                    List.of(cls + "#name threw " + e + "; return a fixed name"));
        }
        App other = apps.get(name);
        if (other != null) {
            return new RegistrationFailure(name, app.getClass().getName(), List.of(cls + "#name: app name '" + name
                    + "' is already registered by " + other.getClass().getName() + "; give each app a unique name"));
        }
        HandlerScanner.Scan scan = HandlerScanner.scan(name, app);
        if (!scan.problems().isEmpty()) {
            return new RegistrationFailure(name, app.getClass().getName(), scan.problems());
        }
        try {
            app.start(context);
        } catch (RuntimeException e) {
            LOG.warn("app {}: start failed", name, e);
            return new RegistrationFailure(name, app.getClass().getName(),
                    List.of(cls + "#start failed: " + e + "; fix the app or leave it out"));
        }
        apps.put(name, app);
        table = table.plus(scan.handlers());
        LOG.info("registered app {} ({} event handler(s))", name, scan.handlers().size());
        return null;
    }

    /** Starts the dispatcher thread and the handler pool. Does nothing when already running. */
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            int stale = queue.size();
            queue.clear();
            stats.discardedAtStop.addAndGet(stale);
            WorkerPool workers = new WorkerPool(settings.workers(), settings.maxExtraWorkers());
            pool = workers;
            running = true;
            thread = new Thread(() -> loop(workers), "event-dispatcher");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Offers one event for dispatch and returns at once: true when queued, false when dropped because the dispatcher
     * is not running or its queue is full (counted in {@link #stats}; a full queue is also logged, at most every 10 s).
     */
    public boolean dispatch(Message message) {
        Objects.requireNonNull(message, "message");
        if (!running) {
            stats.notRunningDrops.incrementAndGet();
            return false;
        }
        if (queue.offer(message)) {
            stats.accepted.incrementAndGet();
            return true;
        }
        stats.overflowDrops.incrementAndGet();
        droppedSinceWarn.incrementAndGet();
        long now = System.nanoTime();
        long last = lastOverflowWarn.get();
        if (now - last >= OVERFLOW_WARN_INTERVAL_NANOS && lastOverflowWarn.compareAndSet(last, now)) {
            LOG.warn("event queue full ({} events): dropped {} event(s) since the last warning, {} in all (latest {}/{})",
                    settings.queueCapacity(), droppedSinceWarn.getAndSet(0), stats.overflowDrops.get(),
                    message.tract(), message.event());
        }
        return false;
    }

    private void loop(WorkerPool workers) {
        while (running) {
            Message message;
            try {
                message = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (!handle(message, workers)) {
                    return;
                }
            } catch (RejectedExecutionException e) {
                return; // stop shut the pool down
            } catch (RuntimeException e) {
                LOG.error("event dispatch failed for {}/{}; continuing", message.tract(), message.event(), e);
            }
        }
    }

    /** Runs all handlers of one event and waits for each in turn; false when interrupted (stopping). */
    private boolean handle(Message message, WorkerPool workers) {
        String tract = message.tract();
        String event = message.event();
        List<Handler> handlers = table.handlersFor(tract, event);
        stats.dispatched.incrementAndGet();
        List<WorkerPool.Ticket> tickets = new ArrayList<>(handlers.size());
        for (Handler h : handlers) {
            EventContext ctx = new EventContext(message, h.app(), tract, event, context);
            stats.handlerRuns.incrementAndGet();
            tickets.add(workers.submit(() -> run(h, ctx)));
        }
        Duration timeout = settings.handlerTimeout();
        for (int i = 0; i < tickets.size(); i++) {
            try {
                if (!tickets.get(i).await(timeout)) {
                    Handler h = handlers.get(i);
                    stats.handlerTimeouts.incrementAndGet();
                    LOG.warn("[{}] handler {} did not finish {}/{} within {} ms; it keeps running, "
                            + "the next event proceeds", h.app(), h.name(), tract, event, timeout.toMillis());
                }
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }

    private void run(Handler h, EventContext ctx) {
        try {
            h.invoke(ctx);
        } catch (Throwable t) {
            stats.handlerFailures.incrementAndGet();
            LOG.error("[{}] handler {} failed on {}/{}", h.app(), h.name(), ctx.tract(), ctx.event(), t);
        }
    }

    /**
     * Stops dispatch: refuses new events, lets the event in hand finish, discards queued events not yet started
     * (counted in {@code discardedAtStop}), waits up to {@code stopTimeout} for running handlers (then interrupts
     * them), then calls each app's {@link App#stop} in reverse registration order and unregisters all apps. Calling it
     * again does nothing; after it, {@link #register} and {@link #start} may be used again.
     */
    public void stop() {
        Thread t;
        WorkerPool p;
        List<App> stopping;
        synchronized (lock) {
            running = false;
            t = thread;
            thread = null;
            p = pool;
            pool = null;
            stopping = new ArrayList<>(apps.values());
            apps.clear();
            table = DispatchTable.EMPTY;
        }
        long deadline = System.nanoTime() + settings.stopTimeout().toNanos();
        try {
            if (t != null) {
                t.interrupt();
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            int discarded = queue.size();
            queue.clear();
            if (discarded > 0) {
                stats.discardedAtStop.addAndGet(discarded);
                LOG.info("discarded {} queued event(s) at stop", discarded);
            }
            if (p != null && !p.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                LOG.warn("event handlers still running {} ms after stop; interrupted them",
                        settings.stopTimeout().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = stopping.size() - 1; i >= 0; i--) {
            App app = stopping.get(i);
            try {
                app.stop();
            } catch (RuntimeException e) {
                LOG.warn("app {}: stop failed", app.name(), e);
            }
        }
    }

    /** For tests: {@link #stop}, then zero all counters. */
    public void reset() {
        stop();
        stats.reset();
        droppedSinceWarn.set(0);
    }

    public boolean isRunning() {
        return running;
    }

    /** The registered apps' names, in registration order. */
    public List<String> apps() {
        synchronized (lock) {
            return List.copyOf(apps.keySet());
        }
    }

    /** The number of handler registrations (one per handler and pattern). */
    public int handlerCount() {
        return table.all().size();
    }

    /**
     * The handlers an event with this tract and event would run, in order, as {@code app:Class#method} (once per
     * matching pattern).
     */
    public List<String> handlersFor(String tract, String event) {
        return table.handlersFor(tract, event).stream().map(Handler::label).toList();
    }

    public DispatchStats stats() {
        WorkerPool p = pool;
        return stats.snapshot(queue.size(), p == null ? 0 : p.stuck());
    }
}
