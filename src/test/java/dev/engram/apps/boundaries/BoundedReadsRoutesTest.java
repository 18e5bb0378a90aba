package dev.engram.apps.boundaries;

import org.junit.jupiter.api.parallel.Isolated;
import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.testing.HttpSession;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A 200 MB single JSON line in a segment's {@code audio.jsonl} (valid JSON, only too long) is read through the
 * segment API within the test JVM's heap (-Xmx1g): it is reported as over the line limit, the rest of the segment is
 * served, and 10 concurrent requests stay bounded too (today they throw OutOfMemoryError).
 */
@Isolated("reads a 200 MB line ten times at once: memory use must be its own, not shared with other classes")
class BoundedReadsRoutesTest {
    static final long LINE_BYTES = 200L * 1024 * 1024;
    static final String SEG = "/app/transcripts/api/segment/20240315/093000_300";

    @TempDir
    Path tmp;
    AppServer server;
    HttpSession http;

    @BeforeEach
    void start() throws IOException {
        Path root = tmp.resolve("journal");
        server = new AppServer(root);
        http = server.client();
        Path file = root.resolve("20240315/093000_300/big_audio.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("{\"raw\":\"audio.flac\"}\n{\"start\":\"00:00:01\",\"text\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'a');
            for (long left = LINE_BYTES; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.write("\"}\n{\"start\":\"00:00:02\",\"text\":\"after the long line\"}\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertBounded(HttpResponse<String> r) {
        JsonNode body = ok(r);
        JsonNode big = null;
        for (JsonNode a : body.path("audio")) {
            if (a.path("file").asString().equals("big_audio.jsonl")) {
                big = a;
            }
        }
        assertThat(big).as("big_audio.jsonl in %s", body.path("audio")).isNotNull();
        assertThat(big.path("utterances").size()).isEqualTo(1);
        assertThat(big.path("utterances").get(0).path("text").asString()).isEqualTo("after the long line");
        boolean reported = false;
        for (JsonNode w : body.path("warnings")) {
            String m = w.path("message").asString();
            reported |= w.path("file").asString().equals("20240315/093000_300/big_audio.jsonl")
                    && w.path("line").asInt() == 2 && m.contains("over the limit of 1048576 bytes per line")
                    && !m.contains("not valid JSON");
        }
        assertThat(reported).as("warnings %s", body.path("warnings")).isTrue();
    }

    @Test
    void aHugeLineIsReportedAsOverTheLimitWithoutExhaustingTheHeap() {
        assertBounded(http.get(SEG, "Accept", "application/json"));
    }

    @Test
    void tenConcurrentRequestsStayBounded() {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(http.getAsync(SEG, HttpResponse.BodyHandlers.ofString(), "Accept", "application/json"));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            assertBounded(f.join());
        }
    }
}
