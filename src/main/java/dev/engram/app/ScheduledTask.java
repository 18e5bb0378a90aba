package dev.engram.app;

import java.time.Instant;
import java.util.Optional;

/** A task given to the {@link Scheduler}: its counters so far, and a way to cancel it. */
public interface ScheduledTask {
    String name();

    /**
     * No more runs after this (a run in progress finishes); its name may be scheduled again at once (a service that
     * is restarted cancels its tasks in {@code stop} and schedules them again in {@code start}). Cancelling twice is
     * harmless.
     */
    void cancel();

    /** When the last run started, if it ever ran (daily tasks: also from a previous Engram run). */
    Optional<Instant> lastRun();

    long runs();

    long failures();

    /** Runs skipped because the previous run was still going. */
    long skipped();

    /** The last failure, e.g. {@code java.lang.IllegalStateException: disk full}; empty when the last run was fine. */
    String lastError();
}
