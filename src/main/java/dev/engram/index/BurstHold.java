package dev.engram.index;

/**
 * When the {@link ChangeFollower}'s followers take noted changes while a burst of them is still arriving (an
 * observer catching up, a bulk import): at least {@link #BURST} notes within {@link #WINDOW_NANOS}, the last one less
 * than {@link #QUIET_NANOS} ago. During a burst they hold until it has been quiet for {@link #QUIET_NANOS}, or for at
 * most {@link #MAX_NANOS}; then they index everything that waits before holding again (so a sustained burst is
 * followed in big batches, at most {@link #MAX_NANOS} behind, never falling further back). Indexing is derived work:
 * the burst's writes keep the cores, the index follows right after it (docs/benchmarks.md "Ingest, round 10": the
 * index following an upload burst cost about a fifth of the ingest rate). Changes that arrive spaced (a segment
 * every few seconds, an insight, the bus path) are never held.
 *
 * <p>Not thread-safe: the follower calls it holding its {@code pending} monitor; times are {@link System#nanoTime}
 * values passed in (tests pass their own).
 */
final class BurstHold {
    static final int BURST = 8;
    static final long WINDOW_NANOS = 250_000_000L;
    static final long QUIET_NANOS = 250_000_000L;
    static final long MAX_NANOS = 10_000_000_000L;
    private final long[] recent = new long[BURST];
    private int next;
    private int count;
    private long holdingSince = -1;
    private boolean draining;

    /** A change was noted at {@code now}; {@code first}: nothing was waiting before it (a new round starts). */
    void noted(long now, boolean first) {
        if (first) {
            holdingSince = -1;
            draining = false;
        }
        recent[next] = now;
        next = (next + 1) % BURST;
        count = Math.min(count + 1, BURST);
    }

    /** How long to wait before taking the waiting changes at {@code now}: 0 to take them now. */
    long waitNanos(long now) {
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

    /** Whether the followers are holding back a burst now (for health). */
    boolean holding() {
        return holdingSince >= 0 && !draining;
    }
}
