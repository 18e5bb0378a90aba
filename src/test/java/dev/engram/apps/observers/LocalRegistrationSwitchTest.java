package dev.engram.apps.observers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.observe.api.KeyCheck;
import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's switch for registration from this computer ({@code GET|PUT /app/observers/api/settings}): off, both
 * protocols' session-less registration answers 403 registration_disabled and creates nothing; on again, it works;
 * each switch is one action-log entry. And the owner's state routes ({@code POST /app/observers/api/{prefix}/revoke}
 * and {@code .../enabled}): a revoked observer stays revoked (409, nothing changed, nothing logged). The owner's
 * create refuses the name of a live observer (409 name_taken); an observer registering itself under it is accepted.
 */
class LocalRegistrationSwitchTest {
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

    private List<ActionLogEntry> switches() {
        return server.journal.actions().read(new Day(LocalDate.now())).stream()
                .filter(a -> a.action().equals("observer_local_registration")).toList();
    }

    @Test
    void switchedOffRefusesBothProtocolsThenOnAgain() {
        assertThat(HttpSession.json(owner.get("/app/observers/api/settings")).path("local_registration")
                .booleanValue()).isTrue();
        // without the CSRF header the switch is refused and stays on
        assertThat(owner.sendWithoutCsrf("PUT", "/app/observers/api/settings", "{\"local_registration\":false}")
                .statusCode()).isEqualTo(403);
        assertThat(switches()).isEmpty();

        HttpResponse<String> off = owner.send("PUT", "/app/observers/api/settings", "{\"local_registration\":false}");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        assertThat(HttpSession.json(off).path("local_registration").booleanValue()).isFalse();
        assertThat(HttpSession.json(owner.get("/app/observers/api/settings")).path("local_registration")
                .booleanValue()).isFalse();

        for (String path : List.of("/app/remote/api/create", "/app/observer/api/create", "/app/observer/register")) {
            HttpResponse<String> r = server.postJson(path, "{\"name\": \"vm.tmux\"}");
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(403);
            assertThat(HttpSession.json(r).path("reason_code").asString()).as(path).isEqualTo("registration_disabled");
            assertThat(r.body()).doesNotContain("\"key\"");
        }
        assertThat(server.ingest.list()).isEmpty();
        assertThat(switches()).hasSize(1);
        assertThat(switches().get(0).actor()).isEqualTo("observers");

        // a bad body is a clear 400 and changes nothing
        HttpResponse<String> bad = owner.send("PUT", "/app/observers/api/settings", "{\"local_registration\":\"no\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(switches()).hasSize(1);

        assertThat(owner.send("PUT", "/app/observers/api/settings", "{\"local_registration\":true}").statusCode())
                .isEqualTo(200);
        assertThat(switches()).hasSize(2);
        for (String path : List.of("/app/remote/api/create", "/app/observer/api/create", "/app/observer/register")) {
            HttpResponse<String> r = server.postJson(path, "{\"name\": \"vm.tmux\"}");
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
            if (path.equals("/app/observer/api/create")) {
                // solstone-tmux 0.2.x registers here (the SEED route after the reference's rename), then uses the
                // key in the path under /app/observer/
                String key = HttpSession.json(r).path("key").asString();
                assertThat(HttpSession.json(r).path("ingest_url").asString()).endsWith("/app/observer/ingest/" + key);
                HttpResponse<String> ev = server.postJson("/app/observer/ingest/" + key + "/event",
                        "{\"tract\": \"observe\", \"event\": \"status\", \"mode\": \"tmux\"}");
                assertThat(ev.statusCode()).as(ev.body()).isEqualTo(200);
            }
        }
        assertThat(server.ingest.list()).hasSize(3);
    }

    @Test
    void aRevokedObserverIsNeitherEnabledNorDisabledAgain() {
        String key = server.ingest.create("old.tmux").key();
        String prefix = key.substring(0, 8);
        assertThat(owner.send("POST", "/app/observers/api/" + prefix + "/revoke", "{}").statusCode()).isEqualTo(200);
        for (boolean on : new boolean[] {true, false}) {
            HttpResponse<String> r = owner.send("POST", "/app/observers/api/" + prefix + "/enabled",
                    "{\"enabled\":" + on + "}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            var body = HttpSession.json(r);
            assertThat(body.path("error").asString()).isEqualTo("Observer revoked");
            assertThat(body.path("detail").asString()).contains("revoked for good", "create a new observer");
        }
        assertThat(server.ingest.check(key).status()).isEqualTo(KeyCheck.Status.REVOKED);
        assertThat(server.ingest.find(prefix).orElseThrow().revoked()).isTrue();
        assertThat(server.journal.actions().read(new Day(LocalDate.now()))).extracting(a -> a.action())
                .containsExactly("observer_revoke");
    }

    @Test
    void theOwnerCannotCreateASecondLiveObserverOfOneNameButAnObserverMayRegisterAgain() {
        String prefix = HttpSession.json(owner.send("POST", "/app/observers/api/create", "{\"name\":\"desk.tmux\"}"))
                .path("key_prefix").asString();
        // names that only look different are the same name: case, spaces, full-width letters, a no-break space
        for (String same : List.of("desk.tmux", " DESK.tmux ", "\uff44\uff45\uff53\uff4b.tmux", "desk.tmux\u00a0")) {
            HttpResponse<String> r = owner.send("POST", "/app/observers/api/create", "{\"name\":\"" + same + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            var body = HttpSession.json(r);
            assertThat(body.path("error").asString()).isEqualTo("Name taken");
            assertThat(body.path("reason_code").asString()).isEqualTo("name_taken");
            assertThat(body.path("detail").asString()).isEqualTo("an observer named 'desk.tmux' already exists (key"
                    + " prefix " + prefix + "): revoke it first, or choose another name");
        }
        assertThat(server.ingest.list()).hasSize(1);
        // characters that hide or turn text around are refused, as a name too long or not a string
        for (String bad : List.of("\"desk\u200b.tmux\"", "\"\u200b\u200b\"", "\"\u202egnp.exe\"",
                "\"" + "n".repeat(65) + "\"", "12345")) {
            HttpResponse<String> r = owner.send("POST", "/app/observers/api/create", "{\"name\":" + bad + "}");
            assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(HttpSession.json(r).path("reason_code").asString()).as(bad).isEqualTo("invalid_name");
        }
        assertThat(HttpSession.json(owner.send("POST", "/app/observers/api/create", "{\"name\":\"  \"}"))
                .path("reason_code").asString()).isEqualTo("missing_required_field");
        assertThat(server.ingest.list()).hasSize(1);
        // a disabled observer keeps its name (it can be enabled again); a registering observer is not refused
        owner.send("POST", "/app/observers/api/" + prefix + "/enabled", "{\"enabled\":false}");
        assertThat(owner.send("POST", "/app/observers/api/create", "{\"name\":\"desk.tmux\"}").statusCode())
                .isEqualTo(409);
        HttpResponse<String> again = server.postJson("/app/remote/api/create", "{\"name\":\"desk.tmux\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        // revoked, the names are free again
        for (var o : server.ingest.list()) {
            owner.send("POST", "/app/observers/api/" + o.prefix() + "/revoke", "{}");
            HttpResponse<String> twice = owner.send("POST", "/app/observers/api/" + o.prefix() + "/revoke", "{}");
            assertThat(twice.statusCode()).as("revoked twice: answered, one action").isEqualTo(200);
        }
        assertThat(server.journal.actions().read(new Day(LocalDate.now())).stream()
                .filter(a -> a.action().equals("observer_revoke")).count()).isEqualTo(2);
        HttpResponse<String> fresh = owner.send("POST", "/app/observers/api/create", "{\"name\":\"desk.tmux\"}");
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
        assertThat(server.ingest.list()).extracting(o -> o.name()).containsOnly("desk.tmux").hasSize(3);
        assertThat(server.journal.actions().read(new Day(LocalDate.now())).stream()
                .filter(a -> a.action().equals("observer_create")).count()).isEqualTo(3);
    }
}
