package dev.engram.observe.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The freshness limits of the Observers app: connected below 30 s, stale below 120 s, then disconnected. */
class ObserverFreshnessTest {
    private static final long SEEN = 1_800_000_000_000L;

    private static Observer seenAt(long lastSeen) {
        return new Observer("abcdefgh", "laptop", SEEN - 1_000, true, false, 0, lastSeen, "", 0, 0, 0, 0);
    }

    @Test
    void limitsAt30And120Seconds() {
        Observer o = seenAt(SEEN);
        assertThat(o.freshness(SEEN)).isEqualTo("connected");
        assertThat(o.freshness(SEEN + 29_900)).isEqualTo("connected");
        assertThat(o.freshness(SEEN + 30_000)).isEqualTo("stale");
        assertThat(o.freshness(SEEN + 119_900)).isEqualTo("stale");
        assertThat(o.freshness(SEEN + 120_000)).isEqualTo("disconnected");
        assertThat(o.freshness(SEEN + 3_600_000)).isEqualTo("disconnected");
    }

    @Test
    void neverSeenIsDisconnected() {
        assertThat(seenAt(0).freshness(SEEN)).isEqualTo("disconnected");
    }
}
