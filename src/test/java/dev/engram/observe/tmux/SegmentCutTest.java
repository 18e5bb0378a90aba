package dev.engram.observe.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Where the tmux observer cuts its segments ({@link TmuxObserver#due}, {@link TmuxObserver#nextCapture}): the
 * capture loop as {@link TmuxObserver#run} drives it, with captures that wake up to a millisecond early or 20 ms late
 * (seeded), must cut every segment at {@code --segment} seconds, not one interval later.
 */
class SegmentCutTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    /** The lengths, in whole seconds as a segment key rounds them, of the segments cut in {@code captures} ticks. */
    private static List<Long> lengths(Duration interval, Duration segment, int captures, Random random) {
        TmuxObserver.Settings settings = new TmuxObserver.Settings(interval, segment, Duration.ofMinutes(5),
                Optional.empty());
        List<Long> lengths = new ArrayList<>();
        Instant start = T0;
        Instant planned = T0;
        for (int i = 0; i < captures; i++) {
            Instant now = planned.plusNanos(random.nextLong(-1_000_000, 20_000_000)); // woken early or late
            if (TmuxObserver.due(start, now, settings)) {
                lengths.add(Math.round(Duration.between(start, now).toMillis() / 1000.0));
                start = now;
            }
            Instant after = now.plusNanos(random.nextLong(0, 5_000_000)); // the capture's own time
            planned = TmuxObserver.nextCapture(planned, interval, after);
        }
        return lengths;
    }

    @Test
    void everySegmentIsAsLongAsAskedWhenCapturesWakeAHairEarlyOrLate() {
        Random random = new Random(Seeds.fresh("SegmentCutTest"));
        List<Long> tens = lengths(Duration.ofSeconds(1), Duration.ofSeconds(10), 1_000, random);
        assertThat(tens).hasSize(99).containsOnly(10L);
        List<Long> defaults = lengths(Duration.ofSeconds(2), Duration.ofSeconds(300), 1_500, random);
        assertThat(defaults).hasSize(9).containsOnly(300L);
        // an interval as long as the segment: each capture after the first ends one
        assertThat(lengths(Duration.ofSeconds(5), Duration.ofSeconds(5), 20, random)).hasSize(19).containsOnly(5L);
    }

    @Test
    void capturesThatFellBehindStartTheGridAgainFromNow() {
        Instant planned = T0;
        Instant late = T0.plusSeconds(7); // one capture took 7 s (a hung tmux call)
        assertThat(TmuxObserver.nextCapture(planned, Duration.ofSeconds(2), late)).isEqualTo(late);
        assertThat(TmuxObserver.nextCapture(planned, Duration.ofSeconds(2), T0.plusMillis(300)))
                .isEqualTo(T0.plusSeconds(2));
    }
}
