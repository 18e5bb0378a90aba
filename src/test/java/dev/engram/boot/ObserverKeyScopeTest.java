package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.convey.Passwords;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.Searcher;
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

/**
 * An observer's key opens the ingest routes of the whole Engram and nothing else; what it uploads is searchable by
 * the stream it names (the segment's {@code stream.json}, read by the index).
 */
class ObserverKeyScopeTest {
    @TempDir
    Path tmp;

    @Test
    void anObserverKeyIsRefusedOnEveryOtherBearerRouteAndItsUploadIsFoundByItsStream() throws Exception {
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

            // an upload naming its stream is found by a search filtered by that stream (the segment's stream.json)
            String boundary = "engramStreamBoundary";
            String body = part(boundary, "day", null, "20261130") + part(boundary, "segment", null, "093000_300")
                    + part(boundary, "meta", null, "{\"stream\":\"desk.screen\"}")
                    + part(boundary, "files", "notes.md", "# Notes\n\nThe pangolin sanctuary opens today.\n")
                    + "--" + boundary + "--\r\n";
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(engram.url()
                    + "/app/observer/ingest")).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
            Searcher searcher = engram.service(Searcher.class).orElseThrow();
            await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> // the index may still be opening
                    searcher.search(SearchQuery.of("pangolin").withStream("desk.screen")).total() == 1);
            assertThat(searcher.search(SearchQuery.of("pangolin").withStream("vm.tmux")).total()).isZero();

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

    private static String part(String boundary, String name, String fileName, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"\r\nContent-Type: application/octet-stream")
                + "\r\n\r\n" + value + "\r\n";
    }
}
