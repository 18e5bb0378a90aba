package dev.engram.think;

import dev.engram.app.Health;
import dev.engram.app.ScheduledTask;
import dev.engram.app.Scheduler;
import dev.engram.app.Service;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.Providers;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.api.MediaRepair;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The think pipeline as a service: segment insights when a segment is observed, and the daily run ("dream") for
 * yesterday at the configured time ({@code think.daily_time} in {@code config/journal.json}, default 03:00 local),
 * through the app's scheduler. <b>Catch-up:</b> at start and at each daily run, every day with recordings after the
 * last day whose {@code task_log.txt} says {@code think-dream done} (at most {@code think.catch_up_days}, default 7;
 * with none done yet: yesterday only) is dreamt, oldest first. All work runs on one worker thread, one item at a
 * time (bounded queue; overflow counted and warned). With no provider configured nothing is attempted, said once.
 * The segment path is here and in {@link SegmentAgents}; the daily chain is {@link DailyRun}; settings are read
 * through {@link ThinkSettings}.
 */
public final class ThinkService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(ThinkService.class);
    static final String DONE = DailyRun.DONE;
    private static final int QUEUE = 1000;

    private final Journal journal;
    private final Providers providers;
    private final Optional<Scheduler> scheduler;
    private final ThinkEvents events;
    private final Clock clock;
    private final ThinkRunner runner;
    private final SegmentAgents segmentAgents;
    private final ThinkSettings settings;
    private final DailyRun dailyRun;
    private final java.util.function.Supplier<Optional<Agents>> agents;
    private final AtomicBoolean toldNoProvider = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong segments = new AtomicLong();
    private final AtomicLong dreams = new AtomicLong();
    /** Catch-up passes finished (at start, daily), whether or not a day was pending: shows a pass is over. */
    private final AtomicLong catchUps = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile ThreadPoolExecutor worker;
    private volatile ScheduledTask daily;
    private final Object lifecycle = new Object();
    private volatile String lastDream = "";
    private volatile java.util.function.Supplier<Optional<MediaRepair>> repair = Optional::empty;

    /**
     * @param scheduler the app's scheduler (the daily run is not scheduled without one: tests and the CLI)
     * @param events    emits {@code think.<event>} on the bus
     */
    public ThinkService(Journal journal, Providers providers, Optional<Scheduler> scheduler,
                        ThinkEvents events, Clock clock) {
        this(journal, providers, scheduler, events, clock, Optional::empty);
    }

    /**
     * @param agents the agent runs, for the scheduled agents after each daily run (looked up when needed, e.g.
     *               {@code () -> context.findService(Agents.class)}; empty: none run, said in the task log)
     */
    public ThinkService(Journal journal, Providers providers, Optional<Scheduler> scheduler,
                        ThinkEvents events, Clock clock, java.util.function.Supplier<Optional<Agents>> agents) {
        this.agents = agents;
        this.journal = journal;
        this.providers = providers;
        this.scheduler = scheduler;
        this.events = events;
        this.clock = clock;
        this.runner = new ThinkRunner(journal, providers, clock, events);
        this.settings = new ThinkSettings(journal);
        this.segmentAgents = new SegmentAgents(agents, runner, events, () -> settings.number("segment_agent_limit",
                0, SegmentAgents.DEFAULT_LIMIT));
        this.dailyRun = new DailyRun(journal, runner, events, clock, settings, agents, () -> repair.get());
    }

    /**
     * Sense's repair, the daily run's first step: the day's unprocessed media is sensed again before the daily
     * insights (looked up when needed, e.g. {@code () -> context.findService(MediaRepair.class)}; empty: no repair).
     */
    public ThinkService repairingWith(java.util.function.Supplier<Optional<MediaRepair>> repair) {
        this.repair = java.util.Objects.requireNonNull(repair, "repair");
        return this;
    }

    @Override
    public String name() {
        return "think";
    }

    @Override
    public List<String> dependsOn() {
        return scheduler.isPresent() ? List.of("scheduler", "providers") : List.of("providers");
    }

    /**
     * Starts the worker, schedules the daily run and queues a catch-up. Idempotent: a second start while started does
     * nothing; after {@link #stop} it starts afresh (the supervisor's restart), with one daily task again.
     */
    @Override
    public void start() {
        synchronized (lifecycle) {
            startLocked();
        }
    }

    private void startLocked() {
        if (worker != null) {
            return;
        }
        worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                Thread.ofPlatform().daemon().name("think-worker").factory());
        LocalTime at = settings.dailyTime();
        daily = scheduler.map(s -> s.daily("think-dream", at, () -> await(submit("daily catch-up",
                this::catchUp)))).orElse(null);
        submit("catch-up at start", this::catchUp);
        LOG.info("think: segment insights on observe.observed; the daily run at {} (with catch-up)", at);
    }

    /** Cancels the daily task and stops the worker (the item running is interrupted). Idempotent. */
    @Override
    public void stop() {
        synchronized (lifecycle) { // not this: catchUp holds this while it dreams, and stop must interrupt it
            stopLocked();
        }
    }

    private void stopLocked() {
        ScheduledTask d = daily;
        daily = null;
        if (d != null) {
            d.cancel();
        }
        ThreadPoolExecutor w = worker;
        worker = null;
        if (w != null) {
            // queued items are cancelled, so a daily task waiting for its turn returns instead of waiting forever
            w.shutdownNow().forEach(r -> {
                if (r instanceof Future<?> f) {
                    f.cancel(false);
                }
            });
            try {
                w.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Health health() {
        ThreadPoolExecutor w = worker;
        Map<String, Object> facts = Map.of("queued", w == null ? 0 : w.getQueue().size(), "dropped", dropped.get(),
                "segments", segments.get(), "dreams", dreams.get(), "catch_ups", catchUps.get(), "failures",
                failures.get(), "last_dream", lastDream, "provider", providers.configured(), "segment_agents_running",
                segmentAgents.running(), "segment_agents_skipped", segmentAgents.skipped());
        if (dropped.get() > 0) {
            return Health.degraded(dropped.get() + " segment(s) not processed: the queue was full").withFacts(facts);
        }
        if (segmentAgents.skipped() > 0) {
            return Health.degraded(segmentAgents.skipped() + " segment agent run(s) not started: the limit of"
                    + " runs at once (think.segment_agent_limit) was reached").withFacts(facts);
        }
        return (providers.configured() ? Health.up() : Health.up("no LLM provider: nothing is processed"))
                .withFacts(facts);
    }

    /**
     * A segment was observed: the segment scheduled agents are started (without waiting for them, bounded: see
     * {@link SegmentAgents}) and its segment insights are queued (nothing when no provider is configured).
     */
    public void observed(Day day, SegmentKey segment) {
        if (!ready()) {
            return;
        }
        try {
            segmentAgents.observed(day, segment);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("think: the segment agents of {}/{} could not be started: {}", day.key(), segment.key(),
                    e.toString());
        }
        submit("segment " + day.key() + "/" + segment.key(), () -> {
            ThinkRunner.Result r = runner.segment(day, segment, Optional.empty(), false);
            segments.incrementAndGet();
            events.emit("segment_done", Map.of("day", day.key(), "segment", segment.key(), "written", r.written(),
                    "failed", r.failed(), "events", r.events()));
        });
    }

    /** Dreams every pending day (see the class comment), oldest first; a failing day never blocks the later ones. */
    synchronized void catchUp() {
        if (!ready()) {
            return;
        }
        try {
            for (Day day : pending(LocalDate.now(clock))) {
                dream(day, false);
            }
        } finally {
            catchUps.incrementAndGet();
        }
    }

    /** The daily run for one day: the daily insights and their extractions, logged and announced. */
    ThinkRunner.Result dream(Day day, boolean force) {
        return dream(day, force, note -> { });
    }

    /** The daily run for one day (see {@link DailyRun}); {@code notes} hears one line per step. */
    ThinkRunner.Result dream(Day day, boolean force, java.util.function.Consumer<String> notes) {
        ThinkRunner.Result r = dailyRun.dream(day, force, notes);
        if (r.failed() > 0) {
            failures.incrementAndGet();
        }
        dreams.incrementAndGet();
        lastDream = day.key();
        return r;
    }

    /** Days to dream as of {@code today} (see {@link DailyRun#pending}). */
    List<Day> pending(LocalDate today) {
        return dailyRun.pending(today);
    }

    private boolean ready() {
        if (providers.configured()) {
            toldNoProvider.set(false);
            return true;
        }
        if (toldNoProvider.compareAndSet(false, true)) {
            LOG.info("think: nothing is processed: {}", providers.howToConfigure()); // a normal state, said once
            events.emit("skipped", Map.of("reason", providers.howToConfigure()));
        }
        return false;
    }

    private Future<?> submit(String what, Runnable task) {
        ThreadPoolExecutor w = worker;
        try {
            if (w == null) {
                throw new RejectedExecutionException("not started");
            }
            return w.submit(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    LOG.warn("think: {} failed: {}", what, e.getMessage(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            long n = dropped.incrementAndGet();
            LOG.warn("think: {} not processed: the queue is full or think stopped ({} dropped so far)", what, n);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("think: the daily run failed: {}", e.getCause().toString());
        } catch (java.util.concurrent.CancellationException e) {
            LOG.info("think: the daily run was cancelled: think stopped before its turn");
        }
    }

    /** For {@code engram think}: runs one part now, on the calling thread. */
    public static List<String> runByHand(Journal journal, Providers providers, Clock clock, Day day,
                                         Optional<SegmentKey> segment, Optional<String> topic, boolean force) {
        return runByHand(journal, providers, clock, day, segment, topic, force, (e, f) -> { });
    }

    /** As above, announcing what it does with {@code events} (the CLI passes the bus when one is running). */
    public static List<String> runByHand(Journal journal, Providers providers, Clock clock, Day day,
                                         Optional<SegmentKey> segment, Optional<String> topic, boolean force,
                                         ThinkEvents events) {
        return runByHand(journal, providers, clock, day, segment, topic, force, events, Optional.empty(),
                Optional.empty());
    }

    /**
     * As above; without {@code segment} and {@code topic} the whole daily chain, as the schedule runs it: the media
     * repair through {@code repair}, the daily insights, then the scheduled agents through {@code agents} (not again
     * for a day they ran for, unless {@code force}); empty ones are left out. One line per step after the first.
     */
    public static List<String> runByHand(Journal journal, Providers providers, Clock clock, Day day,
                                         Optional<SegmentKey> segment, Optional<String> topic, boolean force,
                                         ThinkEvents events, Optional<Agents> agents, Optional<MediaRepair> repair) {
        ThinkRunner runner = new ThinkRunner(journal, providers, clock, events);
        ThinkRunner.Result r;
        List<String> notes = new ArrayList<>();
        if (segment.isPresent()) {
            r = runner.segment(day, segment.get(), topic, force);
        } else if (topic.isPresent()) {
            r = runner.daily(day, topic, force);
        } else {
            r = new ThinkService(journal, providers, Optional.empty(), events, clock, () -> agents)
                    .repairingWith(() -> repair).dream(day, force, notes::add);
        }
        List<String> out = new ArrayList<>();
        out.add(r.written() + " insight(s) written, " + r.kept() + " kept (use --force to redo), " + r.failed()
                + " failed, " + r.events() + " event(s) filed");
        out.addAll(r.problems());
        out.addAll(notes);
        return out;
    }
}
