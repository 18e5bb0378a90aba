package dev.engram.app;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One scheduled task of the {@link TaskScheduler}: when it is due next, and its counters. */
final class Task implements ScheduledTask {
    private final String name;
    private final Duration period; // fixed rate, or null
    private final LocalTime time; // daily, or null
    final Runnable body;
    final AtomicBoolean running = new AtomicBoolean();
    final AtomicLong runs = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    volatile Instant nextDue;
    volatile Instant lastRun;
    volatile Instant since; // daily: counting from here when it never ran
    volatile String lastError = "";
    volatile boolean cancelled;
    volatile Thread thread;

    private Task(String name, Duration period, LocalTime time, Runnable body) {
        this.name = name;
        this.period = period;
        this.time = time;
        this.body = body;
    }

    static Task fixedRate(String name, Duration period, Runnable body) {
        return new Task(name, period, null, body);
    }

    static Task daily(String name, LocalTime time, Runnable body) {
        return new Task(name, null, time, body);
    }

    boolean isDaily() {
        return time != null;
    }

    /** Sets the first due time: fixed rate one period on; daily the next occurrence, or now when one was missed. */
    void schedule(Instant now, ZoneId zone) {
        if (!isDaily()) {
            nextDue = now.plus(period);
            return;
        }
        Instant reference = lastRun != null ? lastRun : since;
        if (reference == null) {
            since = now;
            reference = now;
        }
        nextDue = reference.isBefore(previousOccurrence(now, zone)) ? now : nextOccurrence(now, zone);
    }

    /** After a run became due at {@code now}: the next due time (fixed rate keeps its rhythm, without bursts). */
    void advance(Instant now, ZoneId zone) {
        if (isDaily()) {
            nextDue = nextOccurrence(now, zone);
            return;
        }
        Instant next = nextDue.plus(period);
        nextDue = next.isAfter(now) ? next : now.plus(period);
    }

    private Instant previousOccurrence(Instant now, ZoneId zone) {
        ZonedDateTime today = now.atZone(zone).toLocalDate().atTime(time).atZone(zone);
        return today.toInstant().isAfter(now) ? today.minusDays(1).toInstant() : today.toInstant();
    }

    private Instant nextOccurrence(Instant now, ZoneId zone) {
        ZonedDateTime today = now.atZone(zone).toLocalDate().atTime(time).atZone(zone);
        return today.toInstant().isAfter(now) ? today.toInstant() : today.plusDays(1).toInstant();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public Optional<Instant> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    @Override
    public long runs() {
        return runs.get();
    }

    @Override
    public long failures() {
        return failures.get();
    }

    @Override
    public long skipped() {
        return skipped.get();
    }

    @Override
    public String lastError() {
        return lastError;
    }
}
