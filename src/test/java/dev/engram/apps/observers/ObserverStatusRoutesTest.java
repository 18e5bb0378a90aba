package dev.engram.apps.observers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.apps.support.AppServer;
import dev.engram.callosum.Message;
import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The live status over real HTTP: whatever a device relays goes on the bus unchanged, but the owner's
 * {@code GET /app/observers/api/list} carries only its well-typed known fields; a revoked observer's is not kept.
 * The same for a local observer's status from the bus ({@code GET /app/observers/api/local}).
 */
class ObserverStatusRoutesTest {
    @TempDir
    Path dir;
    IngestServer server;
    HttpSession owner;

    @BeforeEach
    void start() {
        server = new IngestServer(dir);
        owner = new HttpSession(server.url).login(AppServer.PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> relay(String key, String json) {
        return server.postJson("/app/observer/ingest/event", json, "Authorization", "Bearer " + key);
    }

    private JsonNode listed(String prefix) {
        for (JsonNode o : HttpSession.json(owner.get("/app/observers/api/list"))) {
            if (o.path("key_prefix").asString().equals(prefix)) {
                return o;
            }
        }
        throw new AssertionError("not listed: " + prefix);
    }

    @Test
    void aBadlyTypedStatusReachesTheBusAsSentButTheListOnlyWellTypedFields() {
        String key = server.key("odd.tmux");
        String prefix = key.substring(0, 8);
        String bad = "{\"tract\":\"observe\",\"event\":\"status\",\"mode\":{\"x\":1},\"host\":[\"h1\",\"h2\"],"
                + "\"pending_queue_depth\":null,\"recent_error_count\":-3,\"uptime\":\"long\",\"platform\":\"linux\","
                + "\"tmux\":{\"sessions\":\"not-a-list\",\"capturing\":\"yes\",\"captures\":7},\"extra\":{\"a\":1}}";
        HttpResponse<String> r = relay(key, bad);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        Message sent = server.events.stream().filter(m -> m.event().equals("status")).findFirst().orElseThrow();
        assertThat(sent.get("tmux").orElseThrow().toString()).contains("not-a-list");
        assertThat(sent.get("mode").orElseThrow().toString()).contains("\"x\"");
        assertThat(sent.get("extra")).isPresent();

        JsonNode status = listed(prefix).path("status");
        assertThat(status.propertyNames()).containsExactlyInAnyOrder("platform", "tmux", "observer", "received_at");
        assertThat(status.path("platform").asString()).isEqualTo("linux");
        assertThat(status.path("observer").asString()).isEqualTo("odd.tmux");
        assertThat(status.path("tmux").toString()).isEqualTo("{\"captures\":7}");

        // a session list with a stray number keeps its names; numbers that are numbers stay
        relay(key, "{\"tract\":\"observe\",\"event\":\"status\",\"mode\":\"tmux\",\"host\":\"desk\","
                + "\"pending_queue_depth\":2,\"uptime\":12.5,\"tmux\":{\"sessions\":[\"work\",3,\"dev\"],"
                + "\"capturing\":true}}");
        JsonNode good = listed(prefix).path("status");
        assertThat(good.path("mode").asString()).isEqualTo("tmux");
        assertThat(good.path("host").asString()).isEqualTo("desk");
        assertThat(good.path("pending_queue_depth").asLong()).isEqualTo(2);
        assertThat(good.path("uptime").asDouble()).isEqualTo(12.5);
        assertThat(good.path("tmux").toString()).isEqualTo("{\"capturing\":true,\"sessions\":[\"work\",\"dev\"]}");
    }

    @Test
    void aRevokedObserversStatusIsForgotten() {
        String key = server.key("gone.tmux");
        String prefix = key.substring(0, 8);
        relay(key, "{\"tract\":\"observe\",\"event\":\"status\",\"mode\":\"tmux\"}");
        assertThat(listed(prefix).path("status").path("mode").asString()).isEqualTo("tmux");
        assertThat(owner.send("POST", "/app/observers/api/" + prefix + "/revoke", "{}").statusCode()).isEqualTo(200);
        assertThat(listed(prefix).has("status")).isFalse();
        assertThat(server.ingest.latestStatus()).doesNotContainKey(prefix);
        assertThat(relay(key, "{\"tract\":\"observe\",\"event\":\"status\",\"mode\":\"tmux\"}").statusCode())
                .isEqualTo(403);
        assertThat(listed(prefix).has("status")).isFalse();
    }

    @Test
    void aStatusKeptFromBeforeARevokeElsewhereIsNotListed() {
        String key = server.key("cli.tmux");
        String prefix = key.substring(0, 8);
        relay(key, "{\"tract\":\"observe\",\"event\":\"status\",\"mode\":\"tmux\"}");
        // engram observer revoke in another process: this one's memory still has the status, the key file says revoked
        new dev.engram.observe.ingest.IngestService(dev.engram.journal.Journal.open(dir),
                dev.engram.callosum.Emitter.none()).revoke(prefix);
        assertThat(server.ingest.latestStatus()).containsKey(prefix);
        await().atMost(Duration.ofSeconds(10)).until(() -> listed(prefix).path("revoked").asBoolean());
        assertThat(listed(prefix).has("status")).isFalse();
    }

    @Test
    void aLocalObserversBadlyTypedStatusIsListedWithItsWellTypedFieldsOnly() {
        server.bus.emit(Message.of("observe", "status", java.util.Map.of("observer", "tmux-local", "mode",
                java.util.Map.of("x", 1), "host", java.util.List.of("h1", "h2"), "platform", "linux",
                "tmux", java.util.Map.of("sessions", "not-a-list", "capturing", false))));
        await().atMost(Duration.ofSeconds(10)).until(() -> HttpSession.json(owner.get("/app/observers/api/local"))
                .size() == 1);
        JsonNode local = HttpSession.json(owner.get("/app/observers/api/local")).get(0);
        assertThat(local.path("host").asString()).isEmpty();
        assertThat(local.path("platform").asString()).isEqualTo("linux");
        assertThat(local.path("freshness").asString()).isEqualTo("stopped");
        assertThat(local.path("status").propertyNames()).containsExactlyInAnyOrder("observer", "platform", "tmux");
        assertThat(local.path("status").path("tmux").toString()).isEqualTo("{\"capturing\":false}");
    }
}
