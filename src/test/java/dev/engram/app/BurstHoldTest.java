package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link BurstHold} on times the test gives: spaced changes are never held, a burst is held until quiet or long. */
class BurstHoldTest {
    private static final long MS = 1_000_000L;

    @Test
    void spacedChangesAreTakenAtOnce() {
        BurstHold h = new BurstHold();
        long t = 0;
        for (int i = 0; i < 20; i++) {
            t += 200 * MS; // five a second: a busy but not bursting journal
            h.noted(t, i == 0);
            assertThat(h.waitNanos(t)).as("change %d", i).isZero();
        }
        assertThat(h.holding()).isFalse();
    }

    @Test
    void aBurstIsHeldUntilItHasBeenQuiet() {
        BurstHold h = new BurstHold();
        long t = 1_000 * MS;
        for (int i = 0; i < BurstHold.BURST - 1; i++) {
            h.noted(t + i * MS, i == 0);
            assertThat(h.waitNanos(t + i * MS)).as("fewer than BURST notes: no burst yet").isZero();
        }
        long last = t + BurstHold.BURST * MS;
        h.noted(last, false);
        assertThat(h.waitNanos(last)).isEqualTo(BurstHold.QUIET_NANOS);
        assertThat(h.holding()).isTrue();
        assertThat(h.waitNanos(last + 100 * MS)).isEqualTo(BurstHold.QUIET_NANOS - 100 * MS);
        assertThat(h.waitNanos(last + BurstHold.QUIET_NANOS)).as("quiet for QUIET_NANOS").isZero();
        assertThat(h.holding()).isFalse();
    }

    @Test
    void aSustainedBurstIsHeldAtMostMaxThenDrainedBeforeTheNextHold() {
        BurstHold h = new BurstHold();
        long t = 0;
        h.noted(t, true);
        long waited = 0;
        while (waited == 0 || h.waitNanos(t) > 0) { // one change every 2 ms, as an upload burst
            t += 2 * MS;
            h.noted(t, false);
            waited = Math.max(waited, h.waitNanos(t));
            assertThat(t).as("held longer than MAX_NANOS").isLessThanOrEqualTo(BurstHold.MAX_NANOS + 100 * MS);
        }
        assertThat(t).isGreaterThanOrEqualTo(BurstHold.MAX_NANOS);
        // draining: what waits is taken, however fast changes keep coming, until nothing waits
        for (int i = 0; i < 100; i++) {
            t += 2 * MS;
            h.noted(t, false);
            assertThat(h.waitNanos(t)).isZero();
        }
        // the followers emptied the backlog: the next change starts a new round, and the burst is held again
        t += 2 * MS;
        h.noted(t, true);
        assertThat(h.waitNanos(t)).isPositive();
    }
}
