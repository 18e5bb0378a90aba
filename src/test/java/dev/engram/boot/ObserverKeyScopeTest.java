package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.convey.Passwords;
import dev.engram.journal.Journal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** An observer's key opens the ingest routes of the whole Engram and nothing else. */
class ObserverKeyScopeTest {
    @TempDir
    Path tmp;

    @Test
    void anObserverKeyIsRefusedOnEveryOtherBearerRoute() throws Exception {
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "eng");
        Journal journal = Journal.create(tmp.resolve("journal"), "Test Owner");
        Passwords.set(journal, "correct horse battery".toCharArray());
        journal.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(false)));
        Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0,
                Optional.of(sockets.resolve("bus.sock"))));
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> reg = http.send(HttpRequest.newBuilder(URI.create(engram.url()
                    + "/app/observer/register")).header("Content-Type", "application/json").POST(HttpRequest
                    .BodyPublishers.ofString("{\"hostname\":\"vm\",\"stream_type\":\"tmux\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reg.statusCode()).as(reg.body()).isEqualTo(200);
            String key = JsonMapper.builder().build().readTree(reg.body()).path("key").asString();

            HttpResponse<String> ingest = http.send(HttpRequest.newBuilder(URI.create(engram.url()
                    + "/app/observer/ingest/segments/20261130")).header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);

            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(engram.url()
                    + "/app/extweb/api/caller")).header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).as(other.body()).isIn(401, 403);
            assertThat(other.body()).doesNotContain("caller observer");
        } finally {
            engram.close();
            Files.deleteIfExists(sockets.resolve("bus.sock"));
            Files.deleteIfExists(sockets);
        }
    }
}
