package dev.engram.observe.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The status relay sends the first status at once, then only on its period, except when the captured sessions change:
 * then at once. (Its period here is an hour, so every send seen is one of the "at once" kind, or the close.)
 */
class StatusRelayTest {
    private static TmuxStatus status(long captures, String... sessions) {
        return new TmuxStatus(true, captures, List.of(sessions), captures);
    }

    @Test
    void theFirstStatusAndEveryChangeOfSessionsGoOutAtOnceOtherCapturesWaitForThePeriod() {
        List<TmuxStatus> sent = new CopyOnWriteArrayList<>();
        StatusRelay relay = new StatusRelay(sent::add, Duration.ofHours(1));
        relay.start();
        try {
            relay.offer(status(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
            relay.offer(status(2));
            relay.offer(status(3, "work"));
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 2);
            relay.offer(status(4, "work"));
            relay.offer(status(5, "work"));
            relay.offer(status(6, "work", "logs"));
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 3);
            relay.offer(status(7, "logs"));
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 4);
            relay.offer(status(8, "logs"));
        } finally {
            relay.close();
        }
        // each send carries the latest status at its moment; the close sends the last one once more
        assertThat(sent.stream().map(TmuxStatus::sessions).toList()).containsExactly(List.of(), List.of("work"),
                List.of("work", "logs"), List.of("logs"), List.of("logs"));
        assertThat(sent.getLast().captures()).isEqualTo(8);
    }
}
