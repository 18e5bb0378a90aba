package dev.engram.app;

/**
 * When derived work (the search index following the journal, sense following the uploads) takes what has arrived
 * while a burst of it is still arriving (an observer catching up, a bulk import): at least {@link #BURST} arrivals
 * within {@link #WINDOW_NANOS}, the last one less than {@link #QUIET_NANOS} ago. During a burst the work holds until
 * it has been quiet for {@link #QUIET_NANOS}, or for at most {@link #MAX_NANOS}; then it takes everything that waits
 * before holding again (so a sustained burst is followed in big batches, at most {@link #MAX_NANOS} behind, never
 * falling further back). Derived work yields to capture: the burst's writes keep the cores, the derived work follows
 * right after it (docs/benchmarks.md "Ingest, round 10" and "round 11"). Arrivals that come spaced (a segment every
 * few seconds, an insight, the bus path) are never held.
 *
 * <p>Not thread-safe: each user calls it holding its own lock; times are {@link System#nanoTime} values passed in
 * (tests pass their own).
 */
public final class BurstHold {
    public static final int BURST = 8;
    public static final long WINDOW_NANOS = 250_000_000L;
    public static final long QUIET_NANOS = 250_000_000L;
    public static final long MAX_NANOS = 10_000_000_000L;
    private final long[] recent = new long[BURST];
    private int next;
    private int count;
    private long holdingSince = -1;
    private boolean draining;

    /** Something arrived at {@code now}; {@code first}: nothing was waiting before it (a new round starts). */
    public void noted(long now, boolean first) {
        if (first) {
            holdingSince = -1;
            draining = false;
        }
        recent[next] = now;
        next = (next + 1) % BURST;
        count = Math.min(count + 1, BURST);
    }

    /** How long to wait before taking what waits at {@code now}: 0 to take it now. */
    public long waitNanos(long now) {
        if (draining || count < BURST) {
            return 0;
        }
        long last = recent[(next + BURST - 1) % BURST];
        long eighthLast = recent[next];
        if (last - eighthLast > WINDOW_NANOS || now - last >= QUIET_NANOS) {
            holdingSince = -1;
            return 0;
        }
        if (holdingSince < 0) {
            holdingSince = now;
        }
        long held = now - holdingSince;
        if (held >= MAX_NANOS) {
            draining = true; // everything waiting now goes before the next hold
            return 0;
        }
        return Math.min(QUIET_NANOS - (now - last), MAX_NANOS - held);
    }

    /** Whether a burst is being held back now (for health). */
    public boolean holding() {
        return holdingSince >= 0 && !draining;
    }
}
