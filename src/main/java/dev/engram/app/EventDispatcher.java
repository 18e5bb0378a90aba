package dev.engram.app;

import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import dev.engram.journal.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers apps and delivers bus events to their {@link OnEvent} handlers, each app on its own {@link Lane}. See the
 * package documentation for the threading, ordering and failure rules.
 *
 * <p>Typical use by the composition root (which wraps it in the {@code apps} service of its {@link Lifecycle}):
 * <pre>{@code
 * var apps = new EventDispatcher(context, DispatcherSettings.defaults());
 * apps.register(List.of(new DevApp(), ...));  // starts each app once, outside any lock
 * apps.start();
 * // bus callback: apps.dispatch(message)   (never blocks)
 * apps.stop();
 * }</pre>
 */
public final class EventDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final long DEGRADED_AFTER_DROP_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final AppContext context;
    private final DispatcherSettings settings;
    private final Object lock = new Object();
    private final Map<String, App> apps = new LinkedHashMap<>(); // guarded by lock; reserved names map to null
    private final List<Lane> retired = new ArrayList<>(); // guarded by lock: lanes of earlier runs, for stats
    private volatile Map<String, Lane> lanes = Map.of();
    private volatile DispatchTable table = DispatchTable.EMPTY;
    private volatile boolean running;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong notRunningDrops = new AtomicLong();
    private final AtomicLong discardedAtStop = new AtomicLong();
    private volatile long warnIntervalNanos = Lane.WARN_INTERVAL_NANOS;
    private volatile java.util.function.LongSupplier warnClock = System::nanoTime;

    public EventDispatcher(AppContext context, DispatcherSettings settings) {
        this.context = Objects.requireNonNull(context, "context");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public EventDispatcher(Journal journal, Emitter emitter, DispatcherSettings settings) {
        this(AppContext.of(journal, emitter), settings);
    }

    /** At most one lane-overflow warning per app per {@code interval} (10 s; tests pass a short one). */
    EventDispatcher warnEvery(java.time.Duration interval) {
        this.warnIntervalNanos = interval.toNanos();
        return this;
    }

    /** As {@link #warnEvery(java.time.Duration)}, the interval measured on {@code clock} (nanoseconds; tests move it). */
    EventDispatcher warnEvery(java.time.Duration interval, java.util.function.LongSupplier clock) {
        this.warnClock = Objects.requireNonNull(clock, "clock");
        return warnEvery(interval);
    }

    /**
     * Registers apps in list order: checks each name, finds and validates its handlers, then calls its
     * {@link App#start} with this dispatcher's {@link AppContext} (without holding any lock, so a start may take time
     * or use the dispatcher); only then can events reach it. A bad app (invalid or duplicate name, bad handler,
     * {@code start} failing) is refused and reported, and never stops the others. May be called again later; each
     * call publishes a new frozen dispatch table, and while running each new app's lane starts at once.
     */
    public RegistrationReport register(List<? extends App> newApps) {
        List<String> registered = new ArrayList<>();
        List<RegistrationFailure> failures = new ArrayList<>();
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
        return new RegistrationReport(registered, failures);
    }

    private RegistrationFailure registerOne(App app) {
        String cls = HandlerScanner.shortName(app.getClass());
        String name;
        try {
            name = app.name();
            Names.app(name);
        } catch (InvalidNameException e) {
            return new RegistrationFailure("?", app.getClass().getName(), List.of(cls + "#name: " + e.getMessage()));
        } catch (RuntimeException e) {
            return new RegistrationFailure("?", app.getClass().getName(),
                    List.of(cls + "#name threw " + e + "; return a fixed name"));
        }
        HandlerScanner.Scan scan;
        synchronized (lock) {
            if (apps.containsKey(name)) {
                App other = apps.get(name);
                String by = other == null ? "an app starting now" : other.getClass().getName();
                return new RegistrationFailure(name, app.getClass().getName(), List.of(cls + "#name: app name '"
                        + name + "' is already registered by " + by + "; give each app a unique name"));
            }
            scan = HandlerScanner.scan(name, app);
            if (!scan.problems().isEmpty()) {
                return new RegistrationFailure(name, app.getClass().getName(), scan.problems());
            }
            apps.put(name, null); // reserves the name while the app starts
        }
        try {
            app.start(context);
        } catch (RuntimeException e) {
            LOG.warn("app {}: start failed", name, e);
            synchronized (lock) {
                apps.remove(name);
            }
            return new RegistrationFailure(name, app.getClass().getName(),
                    List.of(cls + "#start failed: " + e + "; fix the app or leave it out"));
        }
        synchronized (lock) {
            apps.put(name, app);
            Lane lane = new Lane(app, name, context, settings, warnIntervalNanos, warnClock);
            Map<String, Lane> more = new LinkedHashMap<>(lanes);
            more.put(name, lane);
            lanes = Collections.unmodifiableMap(more); // registration order: Map.copyOf would lose it
            table = table.plus(scan.handlers());
            if (running) {
                lane.start();
            }
        }
        LOG.debug("registered app {} ({} event handler(s))", name, scan.handlers().size());
        return null;
    }

    /** Starts the lanes of the registered apps. Does nothing when already running. */
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            lanes.values().forEach(Lane::start);
        }
    }

    /**
     * Offers one event to the lane of every app with a matching handler and returns at once: true when every such
     * lane took it (or there is none), false when the dispatcher is not running or a lane was full (the drop is
     * counted per app, logged at most every 10 s, announced on the bus and told to the app).
     */
    public boolean dispatch(Message message) {
        Objects.requireNonNull(message, "message");
        if (!running) {
            notRunningDrops.incrementAndGet();
            return false;
        }
        received.incrementAndGet();
        Map<String, Lane> current = lanes;
        boolean all = true;
        for (Map.Entry<String, List<Handler>> e : table.byApp(message.tract(), message.event()).entrySet()) {
            Lane lane = current.get(e.getKey());
            if (lane != null && !lane.offer(message, e.getValue())) {
                all = false;
            }
        }
        return all;
    }

    /**
     * Stops dispatch: refuses new events, lets each lane's event in hand finish, discards queued events not yet
     * started (counted in {@code discardedAtStop}), waits up to {@code stopTimeout} for running handlers (then
     * interrupts them), then calls each app's {@link App#stop} in reverse registration order and unregisters all
     * apps. Calling it again does nothing; after it, {@link #register} and {@link #start} may be used again.
     */
    public void stop() {
        List<Lane> stopping;
        synchronized (lock) {
            running = false;
            stopping = new ArrayList<>(lanes.values());
            retired.addAll(stopping);
            lanes = Map.of();
            apps.clear();
            table = DispatchTable.EMPTY;
        }
        long deadline = System.nanoTime() + settings.stopTimeout().toNanos();
        int discarded = 0;
        List<String> interrupted = new ArrayList<>();
        try {
            for (Lane lane : stopping) {
                discarded += lane.close(deadline);
            }
            for (Lane lane : stopping) {
                if (!lane.awaitHandlers(deadline)) {
                    interrupted.add(lane.name);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (discarded > 0) {
            discardedAtStop.addAndGet(discarded);
            LOG.info("discarded {} queued event(s) at stop", discarded);
        }
        if (!interrupted.isEmpty()) {
            LOG.warn("event handlers of {} still running {} ms after stop; interrupted them",
                    String.join(", ", interrupted), settings.stopTimeout().toMillis());
        }
        for (int i = stopping.size() - 1; i >= 0; i--) {
            App app = stopping.get(i).app;
            try {
                app.stop();
            } catch (RuntimeException e) {
                LOG.warn("app {}: stop failed", stopping.get(i).name, e);
            }
        }
    }

    /** For tests: {@link #stop}, then zero all counters and forget earlier lanes. */
    public void reset() {
        stop();
        synchronized (lock) {
            retired.clear();
        }
        received.set(0);
        notRunningDrops.set(0);
        discardedAtStop.set(0);
    }

    public boolean isRunning() {
        return running;
    }

    /** The registered apps' names, in registration order. */
    public List<String> apps() {
        return List.copyOf(lanes.keySet());
    }

    /** The registered (and so started) apps, in registration order. */
    public List<App> registeredApps() {
        return lanes.values().stream().map(l -> l.app).toList();
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
        List<LaneStats> all = new ArrayList<>();
        synchronized (lock) {
            retired.forEach(l -> all.add(l.stats()));
        }
        lanes.values().forEach(l -> all.add(l.stats()));
        return new DispatchStats(received.get(), notRunningDrops.get(), discardedAtStop.get(), all);
    }

    /**
     * Down when not running; degraded while a lane dropped events within the last minute or has stuck handlers;
     * facts: each lane's counters.
     */
    public Health health() {
        Map<String, Object> facts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            LaneStats s = lane.stats();
            facts.put(s.app(), s);
            if (lane.droppedWithin(DEGRADED_AFTER_DROP_NANOS)) {
                problems.add(s.app() + " dropped " + s.dropped() + " event(s)");
            }
            if (s.stuckHandlers() > 0) {
                problems.add(s.app() + " has " + s.stuckHandlers() + " stuck handler(s)");
            }
        }
        Health h = !running ? Health.down("not running") : problems.isEmpty() ? Health.up(lanes.size() + " app(s)")
                : Health.degraded(String.join("; ", problems));
        return h.withFacts(facts);
    }
}
