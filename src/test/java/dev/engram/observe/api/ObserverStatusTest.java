package dev.engram.observe.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Observers app keeps of a status: the known fields of their type only, whatever a device sends. */
class ObserverStatusTest {
    @Test
    void theToolsStatusIsKeptWhole() {
        Map<String, Object> tmux = new LinkedHashMap<>();
        tmux.put("capturing", true);
        tmux.put("captures", 3);
        tmux.put("sessions", List.of("work", "dev"));
        tmux.put("window_elapsed_seconds", 4.5);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("mode", "tmux");
        in.put("tmux", tmux);
        in.put("host", "desk");
        in.put("uptime", 120);
        in.put("last_successful_sync", 1.7e9);
        in.put("pending_queue_depth", 0);
        in.put("recent_error_count", 2L);
        in.put("last_error_reason", "timeout");
        in.put("observer", "desk.tmux");
        assertThat(ObserverStatus.of(in).fields()).isEqualTo(Map.of("mode", "tmux", "tmux", Map.of("capturing", true,
                "captures", 3L, "sessions", List.of("work", "dev"), "window_elapsed_seconds", 4.5), "host", "desk",
                "uptime", 120L, "last_successful_sync", 1.7e9, "pending_queue_depth", 0L, "recent_error_count", 2L,
                "last_error_reason", "timeout", "observer", "desk.tmux"));
    }

    @Test
    void wrongTypesAndUnknownFieldsAreLeftOut() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("mode", Map.of("x", 1));
        in.put("host", List.of("h1", "h2"));
        in.put("platform", 7);
        in.put("pending_queue_depth", null);
        in.put("recent_error_count", -1);
        in.put("uptime", "a while");
        in.put("last_successful_sync", Double.NaN);
        in.put("version", true);
        in.put("secret", "x");
        in.put("tmux", "not-an-object");
        assertThat(ObserverStatus.of(in).fields()).isEmpty();

        in.put("tmux", Map.of("sessions", "not-a-list", "capturing", "yes", "captures", 1.5));
        in.put("pending_queue_depth", new BigInteger("100000000000000000000000"));
        assertThat(ObserverStatus.of(in).fields()).isEmpty();

        in.put("tmux", Map.of("sessions", Arrays.asList("a", 1, null, "", Map.of(), "b")));
        assertThat(ObserverStatus.of(in).fields()).isEqualTo(Map.of("tmux", Map.of("sessions", List.of("a", "b"))));
    }

    @Test
    void longTextIsCutAndManySessionsBounded() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("host", "h".repeat(5000));
        in.put("tmux", Map.of("sessions", java.util.Collections.nCopies(1000, "s")));
        Map<String, Object> out = ObserverStatus.of(in).fields();
        assertThat((String) out.get("host")).hasSize(ObserverStatus.MAX_TEXT + 1).endsWith("…");
        assertThat((List<?>) ((Map<?, ?>) out.get("tmux")).get("sessions")).hasSize(ObserverStatus.MAX_SESSIONS);
    }

    @Test
    void builtDirectlyItIsCleanedAsWell() {
        assertThat(new ObserverStatus(Map.of("mode", List.of(1), "host", "desk")).fields())
                .isEqualTo(Map.of("host", "desk"));
    }
}
