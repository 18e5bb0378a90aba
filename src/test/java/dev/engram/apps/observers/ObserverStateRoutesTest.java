package dev.engram.apps.observers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.journal.Day;
import dev.engram.observe.api.KeyCheck;
import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Observers app's state routes ({@code POST /app/observers/api/{prefix}/revoke} and {@code .../enabled}): a
 * revoked observer stays revoked; enabling or disabling it answers 409 with the reason, changes nothing and writes no
 * action-log entry.
 */
class ObserverStateRoutesTest {
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
}
