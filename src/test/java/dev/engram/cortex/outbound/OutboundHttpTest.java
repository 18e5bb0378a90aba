package dev.engram.cortex.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.engram.cortex.api.OutboundCall;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every request through the door is answered unchanged and logged once, by size, never by content or key. */
class OutboundHttpTest {
    @TempDir
    Path dir;
    private final java.util.concurrent.CountDownLatch rest = new java.util.concurrent.CountDownLatch(1);
    private HttpServer server;
    private Journal journal;
    private OutboundHttp outbound;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/echo", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            byte[] out = ("got " + in.length).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        });
        server.createContext("/v1/stream", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream os = ex.getResponseBody()) {
                os.write("data: token\n\n".getBytes(StandardCharsets.UTF_8));
                os.flush();
                try {
                    rest.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 1; i < 50; i++) {
                    os.write("data: token\n\n".getBytes(StandardCharsets.UTF_8));
                    os.flush();
                }
            }
        });
        server.start();
        Files.createDirectories(dir.resolve("journal"));
        journal = Journal.open(dir.resolve("journal"));
        outbound = new OutboundHttp(journal);
    }

    @AfterEach
    void stop() {
        rest.countDown();
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path + "?key=sk-secret-123");
    }

    private List<String> logLines() throws IOException {
        return Files.readAllLines(journal.healthFile(OutboundHttp.LOG));
    }

    @Test
    void aRequestIsAnsweredAndLoggedBySizeWithoutContentQueryOrKey() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/echo"))
                .header("Authorization", "Bearer sk-secret-123")
                .POST(HttpRequest.BodyPublishers.ofString("what did I do on my birthday")).build();

        HttpResponse<String> response = outbound.send(new OutboundCall("openai", "gpt-x", "chat"), request,
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("got 28");
        List<String> lines = logLines();
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).contains("\"provider\":\"openai\"", "\"model\":\"gpt-x\"",
                "\"purpose\":\"chat\"", "\"host\":\"127.0.0.1\"", "\"status\":200", "\"sent_bytes\":28",
                "\"received_bytes\":6").doesNotContain("secret", "birthday", "key=");
    }

    @Test
    void aStreamedAnswerIsLoggedOnceWhenItEndsWithEveryByteCounted() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/stream")).GET().build();

        HttpResponse<InputStream> response = outbound.send(new OutboundCall("ollama", "llama", "agent"), request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(Files.exists(journal.healthFile(OutboundHttp.LOG))).as("not logged before the stream ends")
                .isFalse();
        rest.countDown();
        try (InputStream in = response.body()) {
            assertThat(in.readAllBytes()).hasSize(50 * 13);
        }

        org.awaitility.Awaitility.await().until(() -> Files.exists(journal.healthFile(OutboundHttp.LOG)));
        assertThat(logLines()).singleElement().asString().contains("\"received_bytes\":650", "\"status\":200");
    }

    @Test
    void aFailedConnectionIsLoggedWithItsErrorAndRethrown() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/echo")).GET().build();

        assertThatThrownBy(() -> outbound.send(new OutboundCall("openai", "", "chat"), request,
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

        assertThat(logLines()).singleElement().asString().contains("\"status\":-1", "\"error\":\"ConnectException\"");
    }
}
