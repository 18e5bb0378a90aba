package dev.engram.app;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor (the reference's {@code think-supervisor}, spec §7) as the {@code supervisor} service: every
 * {@link #TICK} it looks at the {@link Lifecycle}'s health and restarts a started service whose health is down, with
 * the reference's backoff (0, then 1, then 5 s, staying at 5; the count starts again when the service had been up for
 * {@link #RESET_AFTER}). After {@code maxAttempts} failed restarts in a row it stops trying and says so once
 * ({@code health.notice}, level error); a restart asked for on the bus ({@link #requestRestart}) tries again.
 * Dependants are not restarted: they keep the same object, which runs again after its restart.
 *
 * <p>It also sends {@code supervisor.status} every {@link #STATUS_EVERY} (the reference's fields plus {@code state},
 * per service: state, detail, restarts) and watches heartbeats (observers' last-seen times): one
 * {@code health.notice} when one goes stale (older than {@link #STALE_AFTER}) and one when it comes back.
 *
 * <p>Threads: one daemon thread {@code engram-supervisor} runs {@link #tick} (restarts happen on it, one at a time);
 * tests call {@link #tick} themselves with a clock they move. Never throws from a tick: failures are logged, counted
 * and shown in its health. Services named in {@code exempt} are never restarted (e.g. the bus, whose death is fatal).
 */
public final class Supervisor implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    static final Duration TICK = Duration.ofSeconds(1);
    static final Duration STATUS_EVERY = Duration.ofSeconds(5);
    static final Duration RESET_AFTER = Duration.ofSeconds(60);
    /** A heartbeat older than this is stale (the reference's observer freshness limit). */
    public static final Duration STALE_AFTER = Duration.ofSeconds(120);
    private static final long[] BACKOFF_MS = {0, 1_000, 5_000};

    private final Lifecycle life;
    private final AppContext context;
    private final Clock clock;
    private final int maxAttempts;
    private final Set<String> exempt;
    private final Supplier<Map<String, Long>> heartbeats;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Map<String, Boolean> staleNow = new ConcurrentHashMap<>();
    private final Map<String, Boolean> wanted = new ConcurrentHashMap<>();
    private volatile long lastStatusMs = Long.MIN_VALUE;
    private volatile long tickFailures;
    private volatile ScheduledExecutorService ticker;

    /** One service's restart state (touched only on the ticking thread). */
    private static final class Watch {
        int attempts;
        boolean pending;
        boolean gaveUp;
        long dueAt;
        long upSince;
        String lastFailure = "";
    }

    /**
     * @param life        the services to watch and restart
     * @param context     where {@code supervisor.*} and {@code health.notice} events are emitted
     * @param clock       the time source (tests pass one they move)
     * @param maxAttempts failed restarts in a row before giving up
     * @param exempt      services never restarted
     * @param heartbeats  name → last seen (epoch ms, 0 = never) of things that should stay fresh (observers)
     */
    public Supervisor(Lifecycle life, AppContext context, Clock clock, int maxAttempts, Set<String> exempt,
                      Supplier<Map<String, Long>> heartbeats) {
        this.life = Objects.requireNonNull(life, "life");
        this.context = Objects.requireNonNull(context, "context");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.exempt = Set.copyOf(exempt);
        this.heartbeats = Objects.requireNonNull(heartbeats, "heartbeats");
    }

    /** The delay before restart attempt {@code attempt} (0-based): 0, 1, 5, 5, ... seconds. */
    static Duration backoff(int attempt) {
        return Duration.ofMillis(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]);
    }

    @Override
    public String name() {
        return "supervisor";
    }

    @Override
    public synchronized void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("engram-supervisor").unstarted(r));
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService t = ticker;
        ticker = null;
        if (t != null) {
            // no wait: this runs inside Lifecycle.stop, which a tick's restart would wait for (it then finds the
            // lifecycle stopped and does nothing)
            t.shutdownNow();
        }
    }

    @Override
    public Health health() {
        long gaveUp = watches.values().stream().filter(w -> w.gaveUp).count();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("given_up", gaveUp);
        facts.put("stale_heartbeats", staleNow.size());
        facts.put("tick_failures", tickFailures);
        Health h = gaveUp > 0 ? Health.degraded(gaveUp + " service(s) no longer restarted (restart by hand)")
                : Health.up("watching " + watches.size() + " service(s)");
        return h.withFacts(facts);
    }

    /**
     * Asks for a restart of {@code service} at the next tick (also after giving up); the answer is a
     * {@code supervisor.restarting} event, or a {@code health.notice} naming the services when there is none of
     * that name. Returns false for an unknown or exempt name.
     */
    public boolean requestRestart(String service) {
        if (!life.health().services().containsKey(service) || exempt.contains(service) || name().equals(service)) {
            String why = exempt.contains(service) || name().equals(service)
                    ? "'" + service + "' is not restarted by the supervisor"
                    : "no service named '" + service + "' (services: " + life.health().services().keySet() + ")";
            LOG.warn("supervisor.restart refused: {}", why);
            notice("warn", "restart refused: " + why);
            return false;
        }
        wanted.put(service, true);
        return true;
    }

    /** One look: due restarts, heartbeats, and the status event when due. Never throws. */
    public void tick() {
        try {
            long now = clock.millis();
            HealthReport report = life.health();
            if (life.isRunning()) {
                report.services().forEach((name, h) -> watch(name, h, now));
            }
            heartbeats(now);
            if (now - lastStatusMs >= STATUS_EVERY.toMillis() || lastStatusMs == Long.MIN_VALUE) {
                lastStatusMs = now;
                context.emit("supervisor", "status", status(life.health(), now));
            }
        } catch (RuntimeException e) {
            tickFailures++;
            LOG.warn("supervisor tick failed: {}", e.toString(), e);
        }
    }

    private void watch(String name, Health h, long now) {
        if (exempt.contains(name) || name().equals(name)) {
            return;
        }
        Watch w = watches.computeIfAbsent(name, n -> {
            Watch x = new Watch();
            x.upSince = now;
            return x;
        });
        if (wanted.remove(name) != null) {
            w.gaveUp = false;
            w.pending = true;
            w.attempts = 0;
            w.dueAt = now;
            w.lastFailure = "restart asked for on the bus";
        }
        boolean failed = h.state() == Health.State.DOWN && life.isStarted(name);
        if (!w.pending && !w.gaveUp && failed) {
            if (now - w.upSince >= RESET_AFTER.toMillis()) {
                w.attempts = 0;
            }
            w.pending = true;
            w.lastFailure = h.detail();
            w.dueAt = now + backoff(w.attempts).toMillis();
            LOG.warn("service {} is down ({}); restarting it in {} s", name, h.detail(),
                    backoff(w.attempts).toSeconds());
        }
        if (w.pending && now >= w.dueAt) {
            restart(name, w, now);
        }
    }

    private void restart(String name, Watch w, long now) {
        if (!life.isRunning()) {
            return;
        }
        w.attempts++;
        context.emit("supervisor", "restarting", Map.of("service", name, "attempt", w.attempts,
                "reason", w.lastFailure));
        try {
            life.restart(name);
            w.pending = false;
            w.upSince = now;
            LOG.warn("service {} restarted (attempt {})", name, w.attempts);
            context.emit("supervisor", "started", Map.of("service", name, "attempt", w.attempts));
            notice("warn", "service " + name + " failed (" + w.lastFailure + ") and was restarted");
        } catch (RuntimeException | Error e) {
            w.lastFailure = String.valueOf(e.getMessage());
            if (w.attempts >= maxAttempts) {
                w.pending = false;
                w.gaveUp = true;
                LOG.error("service {} failed {} restarts in a row ({}); no longer restarted: fix the cause and"
                        + " restart it (supervisor.restart) or restart engram", name, w.attempts, w.lastFailure);
                notice("error", "service " + name + " failed " + w.attempts + " restarts (" + w.lastFailure
                        + ") and is no longer restarted; fix the cause, then restart it or Engram");
            } else {
                w.dueAt = now + backoff(w.attempts).toMillis();
                LOG.warn("restart {} of service {} failed ({}); next try in {} s", w.attempts, name, w.lastFailure,
                        backoff(w.attempts).toSeconds());
            }
        }
    }

    private void heartbeats(long now) {
        Map<String, Long> seen = heartbeats.get();
        for (Map.Entry<String, Long> e : seen.entrySet()) {
            String who = e.getKey();
            long last = e.getValue() == null ? 0 : e.getValue();
            if (last <= 0) {
                continue; // never seen: nothing to go stale
            }
            boolean stale = now - last > STALE_AFTER.toMillis();
            boolean was = staleNow.containsKey(who);
            if (stale && !was) {
                staleNow.put(who, true);
                notice("warn", "observer " + who + " has sent nothing for " + (now - last) / 1000 + " s");
            } else if (!stale && was) {
                staleNow.remove(who);
                notice("info", "observer " + who + " is back");
            }
        }
        staleNow.keySet().retainAll(new ArrayList<>(seen.keySet()));
    }

    /**
     * The reference's {@code supervisor.status} fields ({@code services} [{name, ref, pid, uptime_seconds}],
     * {@code crashed} [{name, restart_attempts}], {@code tasks}, {@code stale_heartbeats}) with, per service, Engram's
     * {@code state}, {@code detail} and {@code restarts}, and the overall {@code state}.
     */
    Map<String, Object> status(HealthReport report, long now) {
        long pid = ProcessHandle.current().pid();
        List<Map<String, Object>> services = new ArrayList<>();
        List<Map<String, Object>> crashed = new ArrayList<>();
        report.services().forEach((name, h) -> {
            Watch w = watches.get(name);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", name);
            s.put("ref", name);
            s.put("pid", pid);
            s.put("uptime_seconds", w == null ? 0 : Math.max(0, (now - w.upSince) / 1000));
            s.put("state", h.state().label());
            s.put("detail", h.detail());
            s.put("restarts", life.restarts(name));
            services.add(s);
            if (w != null && (w.pending || w.gaveUp)) {
                crashed.add(Map.of("name", name, "restart_attempts", w.attempts, "given_up", w.gaveUp));
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", report.state().label());
        out.put("services", services);
        out.put("crashed", crashed);
        out.put("tasks", List.of());
        out.put("stale_heartbeats", List.copyOf(staleNow.keySet()));
        return out;
    }

    private void notice(String level, String message) {
        context.emit("health", "notice", Map.of("source", "supervisor", "level", level, "message", message));
    }
}
