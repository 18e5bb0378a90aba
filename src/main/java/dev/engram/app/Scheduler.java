package dev.engram.app;

import java.time.Duration;
import java.time.LocalTime;

/**
 * The shared scheduler (a {@link Service} registered as {@code Scheduler} and reachable from
 * {@link AppContext#scheduler()}). Tasks run on their own thread, never two runs of one task at once (a run
 * still going when the next is due skips that one, counted). A task that throws is logged (naming it), counted and
 * shown in the scheduler's health; the scheduler and other tasks go on. Times come from an injected
 * {@link java.time.Clock}; daily times are local to the clock's zone.
 */
public interface Scheduler {
    /** Runs {@code task} every {@code period}, the first time one period from now. Names are unique. */
    ScheduledTask atFixedRate(String name, Duration period, Runnable task);

    /**
     * Runs {@code task} every day at {@code time}. Catch-up: when the last occurrence passed while Engram was off (the
     * last run, persisted in {@code health/scheduler.json}, is older than it), the task runs once at start. A task
     * seen for the first time starts counting from now.
     */
    ScheduledTask daily(String name, LocalTime time, Runnable task);
}
