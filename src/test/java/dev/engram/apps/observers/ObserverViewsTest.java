package dev.engram.apps.observers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.observe.api.Observer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The age of the latest status the page shows for an observer that is no longer connected, by the server's clock:
 * a keyed observer's ({@link ObserverViews}) and a local one's ({@link LocalObservers}); and the age of a keyed
 * observer's last sighting.
 */
class ObserverViewsTest {
    static final long AT = 1_790_000_000_000L;

    @Test
    void aSilentObserversStatusComesWithItsAge() {
        Observer o = new Observer("abcdefgh", "laptop.tmux", AT - 60_000, true, false, 0, AT, "", 0, 0, 0, 0);
        Map<String, Object> status = Map.of("mode", "tmux", "received_at", AT);
        Map<String, Object> now = ObserverViews.view(o, AT + 2_000, status);
        assertThat(now).containsEntry("freshness", "connected").containsEntry("status_age_ms", 2_000L);
        Map<String, Object> later = ObserverViews.view(o, AT + 300_000, status);
        assertThat(later).containsEntry("freshness", "disconnected").containsEntry("status_age_ms", 300_000L)
                .containsEntry("status", status);
        assertThat(ObserverViews.view(o, AT, null)).doesNotContainKeys("status", "status_age_ms");
    }

    @Test
    void anObserversLastSightingComesWithItsAgeAndANeverSeenOneWithout() {
        Observer seen = new Observer("abcdefgh", "laptop.tmux", AT - 60_000, true, false, 0, AT, "", 0, 0, 0, 0);
        assertThat(ObserverViews.view(seen, AT + 7_200_000, null)).containsEntry("last_seen", AT)
                .containsEntry("last_seen_age_ms", 7_200_000L);
        assertThat(ObserverViews.view(seen, AT - 5, null)).containsEntry("last_seen_age_ms", 0L); // clocks a hair apart
        Observer never = new Observer("abcdefgh", "new.tmux", AT, true, false, 0, 0, "", 0, 0, 0, 0);
        assertThat(ObserverViews.view(never, AT, null)).containsEntry("last_seen", 0L)
                .doesNotContainKey("last_seen_age_ms");
    }

    @Test
    void aSilentLocalObserversStatusComesWithItsAge() {
        LocalObservers local = new LocalObservers();
        local.update("tmux-local", JsonMapper.builder().build().createObjectNode().put("mode", "tmux"), AT);
        Map<String, Object> view = local.views(AT + 200_000).getFirst();
        assertThat(view).containsEntry("freshness", "disconnected").containsEntry("status_age_ms", 200_000L)
                .containsEntry("status", Map.of("mode", "tmux"));
    }
}
