package dev.engram.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of Engram's services: starts them in dependency order, stops them in reverse, and reports their
 * health. Only the composition root (boot) builds it (the architecture test checks this).
 *
 * <ul>
 * <li>{@link #start}: each service after the ones it {@link Service#dependsOn depends on} (otherwise in the order
 * added). A duplicate name, a missing dependency or a cycle is a {@link ServiceException} before anything starts. When
 * a start throws, the services already started are stopped again (reverse order) and the start's exception is
 * rethrown, with any failure of that roll-back added as suppressed.</li>
 * <li>{@link #stop}: every started service in reverse order, even when some throw; every failure is logged and the
 * first is thrown with the others suppressed (like Lucene's {@code IOUtils.close}). Idempotent.</li>
 * <li>{@link #health}: every service's {@link Health}, the worst state overall. With {@link #snapshotTo} it is also
 * written to a file every interval and once more at stop ({@code running: false}).</li>
 * </ul>
 */
public final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    private final ServiceRegistry registry = new ServiceRegistry();
    // written under this; read without a lock by health(), so /health never waits for a start or stop
    private final List<Service> services = new CopyOnWriteArrayList<>();
    private final List<Service> started = new CopyOnWriteArrayList<>();
    private final Map<String, String> failedToStart = new ConcurrentHashMap<>();
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private Path snapshotFile;
    private Duration snapshotEvery = Duration.ofSeconds(5);
    private ScheduledExecutorService ticker; // guarded by this
    private volatile long startedMillis;
    private volatile boolean startedAll; // start() succeeded, stop() not called

    /** The registry the services and apps share (also reachable from {@link AppContext#service}). */
    public ServiceRegistry registry() {
        return registry;
    }

    /** Adds a service to own. Names must be unique. */
    public synchronized Lifecycle add(Service service) {
        Objects.requireNonNull(service, "service");
        String name = service.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ServiceException("invalid service name '" + name + "' (" + service.getClass().getName()
                    + "): use lowercase letters, digits, '_' or '-', starting with a letter");
        }
        for (Service s : services) {
            if (s.name().equals(name)) {
                throw new ServiceException("two services are named '" + name + "': " + s.getClass().getName()
                        + " and " + service.getClass().getName() + "; give each a unique name");
            }
        }
        services.add(service);
        return this;
    }

    /** Registers {@code impl} under {@code type} in the registry and, when it is a {@link Service}, owns it too. */
    public synchronized <T> Lifecycle provide(Class<T> type, T impl) {
        registry.register(type, impl);
        if (impl instanceof Service s && !services.contains(s)) {
            add(s);
        }
        return this;
    }

    /** Also writes {@link #health} as JSON to {@code file} every {@code every} while running, and at stop. */
    public synchronized Lifecycle snapshotTo(Path file, Duration every) {
        this.snapshotFile = Objects.requireNonNull(file, "file");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("snapshot interval must be positive: " + every);
        }
        this.snapshotEvery = every;
        return this;
    }

    /** The names in start order (checks the dependencies). */
    public synchronized List<String> order() {
        return StartOrder.of(services).stream().map(Service::name).toList();
    }

    /** Starts every service in dependency order; on a failure stops the started ones and rethrows. */
    public synchronized void start() {
        if (!started.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        List<Service> order = StartOrder.of(services);
        startedMillis = System.currentTimeMillis();
        stopped = false;
        failedToStart.clear();
        for (Service s : order) {
            try {
                LOG.debug("starting service {}", s.name());
                s.start();
            } catch (RuntimeException | Error e) {
                failedToStart.put(s.name(), String.valueOf(e.getMessage()));
                LOG.debug("service {} failed to start; stopping the {} started before it", s.name(), started.size());
                RuntimeException rollback = stopStarted();
                if (rollback != null) {
                    e.addSuppressed(rollback);
                    for (Throwable t : rollback.getSuppressed()) {
                        e.addSuppressed(t);
                    }
                }
                throw e;
            }
            started.add(s);
        }
        startedAll = true;
        if (snapshotFile != null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                    .name("engram-health").unstarted(r));
            long ms = snapshotEvery.toMillis();
            ticker.scheduleAtFixedRate(() -> writeSnapshot(true), 0, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops every started service in reverse order; throws the first failure with the others suppressed. */
    public void stop() {
        RuntimeException failure;
        startedAll = false; // before the lock: a supervisor waiting to restart something gives up
        synchronized (this) {
            if (ticker != null) {
                // a write in progress (running: true) must land before the final one (running: false)
                ticker.shutdown();
                try {
                    if (!ticker.awaitTermination(5, TimeUnit.SECONDS)) {
                        ticker.shutdownNow();
                        ticker.awaitTermination(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ticker = null;
            }
            failure = stopStarted();
            boolean wasRunning = startedMillis != 0 && !stopped;
            stopped = true;
            if (wasRunning && snapshotFile != null) {
                writeSnapshot(false);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private RuntimeException stopStarted() {
        RuntimeException first = null;
        List<Service> reverse = List.copyOf(started).reversed();
        for (Service s : reverse) {
            try {
                LOG.debug("stopping service {}", s.name());
                s.stop();
            } catch (RuntimeException | Error e) {
                LOG.warn("service {} failed to stop cleanly: {}", s.name(), e.toString(), e);
                RuntimeException wrapped = e instanceof RuntimeException r ? r
                        : new IllegalStateException("service " + s.name() + " failed to stop", e);
                if (first == null) {
                    first = wrapped;
                } else {
                    first.addSuppressed(wrapped);
                }
            }
            started.remove(s);
        }
        return first;
    }

    /**
     * Restarts one running service by name: stops it (a failure there is logged), then starts it again on the caller's
     * thread. Its dependants are left running: they hold the same object (found through the registry), which is
     * running again afterwards. Counted in its health ({@code restarts}). When the start throws, the service stays down
     * ({@code restart failed: ..}) and the exception is rethrown; a later restart may try again.
     *
     * @throws ServiceException naming the services when there is none of that name, or when the lifecycle is not
     *                          running
     */
    public synchronized void restart(String name) {
        Service s = services.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new ServiceException("no service named '" + name + "' (services: "
                        + services.stream().map(Service::name).toList() + ")"));
        if (stopped || startedMillis == 0) {
            throw new ServiceException("cannot restart '" + name + "': Engram's services are not running");
        }
        if (started.remove(s)) {
            try {
                LOG.debug("stopping service {} to restart it", name);
                s.stop();
            } catch (RuntimeException | Error e) {
                LOG.warn("service {} failed to stop before its restart: {}", name, e.toString());
            }
        }
        restarts.merge(name, 1, Integer::sum);
        try {
            s.start();
        } catch (RuntimeException | Error e) {
            failedToStart.put(name, "restart failed: " + e.getMessage());
            throw e;
        }
        failedToStart.remove(name);
        started.add(s);
    }

    /** Whether this service was started and is not stopped (its health may still say down). */
    boolean isStarted(String name) {
        return started.stream().anyMatch(s -> s.name().equals(name));
    }

    /** Whether {@link #start} succeeded and {@link #stop} has not been called. */
    boolean isRunning() {
        return startedMillis != 0 && !stopped && startedAll;
    }

    /** How often a service was restarted. */
    public int restarts(String name) {
        return restarts.getOrDefault(name, 0);
    }

    /** Every service's health (down when not running), and the worst state. */
    public HealthReport health() {
        Map<String, Health> all = new LinkedHashMap<>();
        for (Service s : services) {
            all.put(s.name(), healthOf(s));
        }
        return new HealthReport(System.currentTimeMillis(), all);
    }

    private Health healthOf(Service s) {
        Health h = rawHealthOf(s);
        int n = restarts(s.name());
        if (n == 0) {
            return h;
        }
        Map<String, Object> facts = new LinkedHashMap<>(h.facts());
        facts.put("restarts", n);
        return h.withFacts(facts);
    }

    private Health rawHealthOf(Service s) {
        if (!started.contains(s)) {
            String why = failedToStart.get(s.name());
            return Health.down(why != null ? (why.startsWith("restart failed") ? why : "failed to start: " + why)
                    : stopped ? "stopped" : "not started");
        }
        try {
            Health h = s.health();
            return h == null ? Health.down("health() returned null") : h;
        } catch (RuntimeException e) {
            return Health.down("health check failed: " + e);
        }
    }

    private void writeSnapshot(boolean running) {
        try {
            HealthFile.write(snapshotFile, health(), running, startedMillis, snapshotEvery);
        } catch (RuntimeException e) {
            LOG.warn("could not write {}: {}", snapshotFile, e.getMessage());
        }
    }
}
