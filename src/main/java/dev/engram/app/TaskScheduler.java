package dev.engram.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@link Scheduler} service. One thread, {@code engram-scheduler}, looks at the clock at least every {@code tick}
 * and starts due tasks, each on its own daemon thread ({@code task-<name>}). Daily tasks' last runs are kept in a
 * state file (written whole, atomically) so a run missed while Engram was off is caught up at start.
 */
public final class TaskScheduler implements Scheduler, Service {
    private static final Logger LOG = LoggerFactory.getLogger(TaskScheduler.class);
    private final Clock clock;
    private final Path stateFile;
    private final Duration tick;
    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final Object wake = new Object();
    private volatile Thread loop;

    /**
     * @param clock     the time source (tests pass one they move); daily times are in its zone
     * @param stateFile where daily tasks' last runs are kept, e.g. {@code <journal>/health/scheduler.json}
     * @param tick      how often the clock is looked at at most (1 s in Engram; a few ms in tests)
     */
    public TaskScheduler(Clock clock, Path stateFile, Duration tick) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stateFile = Objects.requireNonNull(stateFile, "stateFile");
        this.tick = Objects.requireNonNull(tick, "tick");
    }

    /** {@code <journal>/health/scheduler.json}. */
    public static Path stateFileFor(Path journalRoot) {
        return journalRoot.resolve("health").resolve("scheduler.json");
    }

    @Override
    public String name() {
        return "scheduler";
    }

    @Override
    public ScheduledTask atFixedRate(String name, Duration period, Runnable task) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("task " + name + ": the period must be positive, got " + period);
        }
        return add(Task.fixedRate(name, period, task));
    }

    @Override
    public ScheduledTask daily(String name, LocalTime time, Runnable task) {
        return add(Task.daily(name, Objects.requireNonNull(time, "time"), task));
    }

    private Task add(Task t) {
        Objects.requireNonNull(t.body, "task");
        synchronized (wake) {
            tasks.removeIf(o -> o.cancelled); // a cancelled task's name is free again at once (a restarted service)
            if (tasks.stream().anyMatch(o -> o.name().equals(t.name()))) {
                throw new IllegalArgumentException("a task named '" + t.name() + "' is already scheduled");
            }
            if (loop != null) {
                // restored and scheduled before the loop can see it (the loop reads nextDue without this lock)
                restore(t, readState());
                t.schedule(clock.instant(), clock.getZone());
                tasks.add(t);
                saveState();
            } else {
                tasks.add(t);
            }
            wake.notifyAll();
        }
        return t;
    }

    @Override
    public void start() {
        synchronized (wake) {
            if (loop != null) {
                return;
            }
            ObjectNode state = readState();
            Instant now = clock.instant();
            for (Task t : tasks) {
                restore(t, state);
                t.schedule(now, clock.getZone());
            }
            saveState();
            Thread t = Thread.ofPlatform().daemon().name("engram-scheduler").unstarted(this::loop);
            loop = t; // before start: the loop runs while it is the current loop thread
            t.start();
        }
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (wake) {
            t = loop;
            loop = null;
            wake.notifyAll();
        }
        if (t == null) {
            return;
        }
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
            for (Task task : tasks) {
                Thread run = task.thread;
                if (run != null) {
                    run.interrupt();
                    run.join(TimeUnit.SECONDS.toMillis(5));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try {
            runLoop();
        } catch (Throwable e) {
            LOG.error("the scheduler loop died: no scheduled task runs any more; restart engram", e);
        }
    }

    private void runLoop() {
        Thread me = Thread.currentThread();
        while (loop == me) {
            Instant now = clock.instant();
            Instant earliest = now.plus(tick);
            for (Task t : tasks) {
                try {
                    if (t.cancelled) {
                        tasks.remove(t);
                        continue;
                    }
                    Instant due = t.nextDue;
                    if (due == null) {
                        continue; // not scheduled yet
                    }
                    if (!due.isAfter(now)) {
                        t.advance(now, clock.getZone());
                        launch(t, now);
                    }
                    if (t.nextDue.isBefore(earliest)) {
                        earliest = t.nextDue;
                    }
                } catch (Throwable e) {
                    // one task's bookkeeping must never end the loop (every other task would stop running)
                    LOG.error("the scheduler failed on task {}; it keeps running the others", t.name(), e);
                }
            }
            long waitMs = Math.max(1, Math.min(tick.toMillis(), Duration.between(now, earliest).toMillis()));
            synchronized (wake) {
                if (loop != me) {
                    return;
                }
                try {
                    wake.wait(waitMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void launch(Task t, Instant now) {
        if (!t.running.compareAndSet(false, true)) {
            t.skipped.incrementAndGet();
            LOG.debug("scheduled task {} is still running; skipped a run", t.name());
            return;
        }
        t.lastRun = now;
        t.thread = Thread.ofPlatform().daemon().name("task-" + t.name()).start(() -> {
            try {
                t.body.run();
                t.lastError = "";
            } catch (Throwable e) {
                t.failures.incrementAndGet();
                t.lastError = e.toString();
                LOG.error("scheduled task {} failed; it runs again when next due", t.name(), e);
            } finally {
                t.runs.incrementAndGet();
                t.thread = null;
                t.running.set(false);
            }
        });
        if (t.isDaily()) {
            saveState();
        }
    }

    @Override
    public Health health() {
        Map<String, Object> facts = new LinkedHashMap<>();
        String failing = "";
        for (Task t : tasks) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("runs", t.runs());
            f.put("failures", t.failures());
            f.put("skipped", t.skipped());
            f.put("last_run_ms", t.lastRun == null ? 0 : t.lastRun.toEpochMilli());
            if (!t.lastError.isEmpty()) {
                f.put("last_error", t.lastError);
                failing = failing.isEmpty() ? "task " + t.name() + " failed: " + t.lastError : failing;
            }
            facts.put(t.name(), f);
        }
        Thread l = loop;
        if (l == null) {
            return Health.down("not running").withFacts(facts);
        }
        if (!l.isAlive() && l.getState() != Thread.State.NEW) {
            return Health.down("the scheduler thread died: no task runs any more (restart engram)").withFacts(facts);
        }
        Health h = failing.isEmpty() ? Health.up(tasks.size() + " task(s)") : Health.degraded(failing);
        return h.withFacts(facts);
    }

    private static void restore(Task t, ObjectNode state) {
        JsonNode n = state.path("tasks").path(t.name());
        if (n.has("last_run_ms")) {
            t.lastRun = Instant.ofEpochMilli(n.get("last_run_ms").asLong());
        }
        if (n.has("since_ms")) {
            t.since = Instant.ofEpochMilli(n.get("since_ms").asLong());
        }
    }

    private ObjectNode readState() {
        return HealthFile.read(stateFile).orElseGet(HealthReport.JSON::createObjectNode);
    }

    private synchronized void saveState() {
        ObjectNode o = readState(); // keeps the entries of tasks not scheduled (yet) in this run
        ObjectNode all = o.path("tasks") instanceof ObjectNode existing ? existing : o.putObject("tasks");
        for (Task t : tasks) {
            if (!t.isDaily()) {
                continue;
            }
            ObjectNode n = all.putObject(t.name());
            if (t.lastRun != null) {
                n.put("last_run_ms", t.lastRun.toEpochMilli());
            }
            if (t.since != null) {
                n.put("since_ms", t.since.toEpochMilli());
            }
        }
        try {
            HealthFile.writeAtomically(stateFile, HealthReport.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(o));
        } catch (RuntimeException e) {
            LOG.warn("could not save the scheduler's last runs to {}: {}", stateFile, e.getMessage());
        }
    }
}
