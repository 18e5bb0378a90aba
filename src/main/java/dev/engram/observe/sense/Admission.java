package dev.engram.observe.sense;

import dev.engram.app.BurstHold;
import dev.engram.journal.Segment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Sense's admission: whether a segment starts now or waits. A segment is admitted whole when each of its handlers'
 * queues has room for its files (or is empty, {@link Pools#fits}) and nothing waits before it; else it is deferred
 * ({@link Deferrals}) and every segment after it too, so that they keep their order. {@link #drain} starts the
 * deferred ones, in order, while they fit. It also holds the running {@link Pools} (null while stopped): they are
 * published together with the deferral log's recovery at start.
 *
 * <p>A segment announced on the bus while a burst of them is still arriving (an observer catching up: at least 8
 * within 250 ms) is deferred too, like the index's changes ({@link BurstHold}): sense holds until it has been quiet for
 * 250 ms, at most 10 s, then drains everything that waits (the pools' timer drains when the hold ends). Sense is
 * derived work; during a burst the uploads keep the cores (docs/benchmarks.md "Ingest, round 11"). Counted as
 * {@code held} (a part of {@code deferred}); a segment a caller waits for ({@code engram sense}, the daily repair)
 * is never held, only kept behind those that wait.
 *
 * <p><b>Threads:</b> {@link #admit} runs on the caller's thread (the bus app's lane, a command) and never blocks on
 * work; {@link #drain} runs on sense's threads after each finished file and once at start. Both, and every touch of
 * the {@link Deferrals} (not thread-safe itself), hold the one admission lock, so a segment's files are queued whole
 * and in order; the {@link Start} they call runs under it too and must only queue. {@link #pools} is read without
 * the lock (volatile).
 *
 * <p><b>Failures:</b> nothing is failed for want of room: deferrals are counted ({@code deferred}, {@code drained}
 * in the {@link SenseReport}); a deferred segment gone from the journal when its turn comes is a rejected event
 * (logged, counted) and its waiting caller gets an outcome with that error.
 */
final class Admission {
    /** Starts an admitted segment's files on the pools; called under the admission lock, so it only queues. */
    interface Start {
        void run(Segment segment, List<String> files, Map<String, Object> origin, boolean redo, boolean batch,
                 CompletableFuture<Sense.Outcome> future, boolean deferred, long deferralOffset);
    }

    private final Object lock = new Object();
    private final Deferrals deferrals; // guarded by lock
    private final BurstHold burst = new BurstHold(); // guarded by lock
    private boolean drainScheduled; // guarded by lock: the pools' timer will drain when the hold ends
    private boolean opened; // guarded by lock
    private long recovered; // guarded by lock
    private final int queue;
    private final SenseReport report;
    private final BiFunction<String, String, Optional<Segment>> segments;
    private volatile Pools pools;

    /**
     * @param queue    how many files each handler's queue holds
     * @param segments the journal's segment of a day and a segment name, empty when there is none
     */
    Admission(Deferrals deferrals, int queue, SenseReport report,
              BiFunction<String, String, Optional<Segment>> segments) {
        this.deferrals = deferrals;
        this.queue = queue;
        this.report = report;
        this.segments = segments;
    }

    /** The running pools, null while stopped. */
    Pools pools() {
        return pools;
    }

    /** At start: opens the deferral log and publishes the pools; returns how many segments the log had waiting. */
    long open(Pools p) {
        synchronized (lock) {
            long found = deferrals.open();
            if (!opened) { // a restart in this process finds what it deferred itself, already counted as deferred
                recovered = found;
                opened = true;
            }
            drainScheduled = false; // a drain scheduled on the pools of a previous start went with them
            pools = p;
            return found;
        }
    }

    /** At stop: the pools, no longer published (null when not running); {@link #close} follows. */
    Pools unpublish() {
        Pools p = pools;
        pools = null;
        return p;
    }

    /** At stop: closes the deferral log; returns whether segments still waited in it or in memory. */
    boolean close() {
        synchronized (lock) {
            boolean left = !deferrals.isEmpty();
            deferrals.close();
            return left;
        }
    }

    /** How many segments the deferral log had waiting at the first start (left by an earlier process). */
    long recovered() {
        synchronized (lock) {
            return recovered;
        }
    }

    /** Starts the segment now when its files fit the queues and nothing waits before it, else defers it. */
    void admit(Segment segment, List<String> files, Map<String, Object> origin, boolean redo, boolean batch,
               CompletableFuture<Sense.Outcome> future, Start start) {
        synchronized (lock) {
            Pools p = pools;
            boolean held = false;
            if (p != null && future == null) { // announced on the bus: held while a burst of them still arrives
                long now = System.nanoTime();
                burst.noted(now, deferrals.isEmpty());
                long wait = burst.waitNanos(now);
                held = wait > 0;
                if (held) {
                    drainAfter(p, wait, start);
                }
            }
            if (p != null && (held || !deferrals.isEmpty() || !p.fits(files, queue))) {
                deferrals.add(new Deferrals.Entry(segment.day().key(), segment.key().key(), List.copyOf(files),
                        Map.copyOf(origin), redo, batch, future, -1));
                report.deferred.incrementAndGet();
                if (held) {
                    report.held.incrementAndGet();
                }
                return;
            }
            start.run(segment, files, origin, redo, batch, future, false, -1);
        }
    }

    /** Whether a burst of announced segments is being held back now (for health). */
    boolean holding() {
        synchronized (lock) {
            return burst.holding();
        }
    }

    /**
     * Under the lock: the pools' timer drains in {@code nanos}; once (a drain that finds the hold still on schedules
     * the next).
     */
    private void drainAfter(Pools p, long nanos, Start start) {
        if (drainScheduled) {
            return;
        }
        drainScheduled = true;
        p.timer().schedule(() -> {
            synchronized (lock) {
                drainScheduled = false;
            }
            drain(start);
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts the deferred segments, in order, while they fit, unless a burst is being held. Called after each file a
     * handler finished (so it runs on sense's threads), at start and by the timer when a hold ends; it stops at the
     * first one that does not fit, which only happens while some queue holds files, whose end drains again.
     */
    void drain(Start start) {
        synchronized (lock) {
            Pools p = pools;
            if (p == null) {
                return;
            }
            long wait = deferrals.isEmpty() ? 0 : burst.waitNanos(System.nanoTime());
            if (wait > 0) { // a burst is still arriving: the timer drains when it ends
                drainAfter(p, wait, start);
                return;
            }
            for (Deferrals.Entry e; p != null && (e = deferrals.peek()) != null; ) {
                Optional<Segment> seg = segments.apply(e.day(), e.segment());
                if (seg.isPresent() && !p.fits(e.files(), queue)) {
                    return;
                }
                deferrals.take();
                if (seg.isEmpty()) {
                    deferrals.done(e.offset());
                    report.reject("deferred segment " + e.day() + "/" + e.segment() + " is no longer in the journal;"
                            + " dropped");
                    if (e.future() != null) {
                        e.future().complete(new Sense.Outcome(e.day(), e.segment(), List.of(), List.of(), List.of(),
                                List.of("the segment is no longer in the journal"), 0));
                    }
                    continue;
                }
                start.run(seg.get(), e.files(), e.origin(), e.redo(), e.batch(), e.future(), true, e.offset());
            }
        }
    }

    /** A segment that was deferred was observed: its deferral log line is marked done. */
    void done(long deferralOffset) {
        synchronized (lock) {
            deferrals.done(deferralOffset);
        }
    }
}
