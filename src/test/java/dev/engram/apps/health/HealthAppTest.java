package dev.engram.apps.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.boot.Engram;
import dev.engram.boot.EngramOptions;
import dev.engram.convey.Passwords;
import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import dev.engram.testing.SampleJournal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status panel is served in the shell with its script, and the JSON it reads carries the supervisor. */
class HealthAppTest {
    @TempDir
    Path tmp;

    @Test
    void theStatusPanelAndTheJsonItReads() throws Exception {
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "hpa");
        Journal journal = SampleJournal.create(tmp.resolve("journal"));
        Passwords.set(journal, "correct horse battery".toCharArray());
        try (Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0,
                Optional.of(sockets.resolve("bus.sock"))))) {
            HttpSession owner = new HttpSession(engram.url()).login("correct horse battery");
            HttpResponse<String> page = owner.get("/app/health");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"health-services\"").contains("/static/apps/health/health.js")
                    .contains("Health");
            HttpResponse<String> js = owner.get("/static/apps/health/health.js");
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.body()).contains("fetch('/health'").contains("restarts");
            HttpResponse<String> health = owner.get("/health");
            assertThat(health.body()).contains("\"supervisor\":{\"status\":\"up\"");
        } finally {
            Files.deleteIfExists(sockets.resolve("bus.sock"));
            Files.deleteIfExists(sockets);
        }
    }
}
