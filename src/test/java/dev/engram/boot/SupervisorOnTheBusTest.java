package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.Message;
import dev.engram.journal.Journal;
import dev.engram.testing.SocketDir;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A running Engram's supervisor on the bus: status, a restart asked for by name, unknown names and commands. */
class SupervisorOnTheBusTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final SocketDir sockets = new SocketDir("engsup");
    Journal journal;

    @BeforeEach
    void journal() throws IOException {
        journal = Journal.create(tmp.resolve("journal"), "Sup Owner");
    }

    private List<Message> of(List<Message> seen, String tract, String event) {
        return seen.stream().filter(m -> m.tract().equals(tract) && m.event().equals(event)).toList();
    }

    @Test
    void restartsAServiceByNameAnswersUnknownNamesAndSendsItsStatus() throws Exception {
        Path socket = sockets.resolve("bus.sock");
        HttpClient http = HttpClient.newHttpClient();
        try (Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0, Optional.of(socket)))) {
            List<Message> seen = new CopyOnWriteArrayList<>();
            try (CallosumClient bus = CallosumClient.start(socket, m -> {
                if (m.tract().equals("supervisor") || m.tract().equals("health")) {
                    seen.add(m);
                }
            })) {
                await().atMost(Duration.ofSeconds(10)).until(bus::isConnected);
                await().atMost(Duration.ofSeconds(15)).until(() -> !of(seen, "supervisor", "status").isEmpty());
                Message status = of(seen, "supervisor", "status").getLast();
                assertThat(status.json().get("services").toString()).contains("\"name\":\"think\"")
                        .contains("\"restarts\":0");
                assertThat(status.json().has("crashed")).isTrue();
                assertThat(status.json().has("stale_heartbeats")).isTrue();

                bus.emit(Message.of("supervisor", "restart", Map.of("service", "journal-feed")));
                await().atMost(Duration.ofSeconds(10)).until(() -> engram.health().services().get("journal-feed").facts()
                        .get("restarts") instanceof Integer n && n == 1);
                assertThat(of(seen, "supervisor", "restarting")).singleElement()
                        .satisfies(m -> assertThat(m.string("service")).hasValue("journal-feed"));
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(engram.url() + "/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.body()).contains("\"restarts\":1");

                bus.emit(Message.of("supervisor", "restart", Map.of("service", "nope")));
                await().atMost(Duration.ofSeconds(10)).until(() -> of(seen, "health", "notice").stream()
                        .anyMatch(m -> m.string("message").orElse("").contains("no service named 'nope'")));

                bus.emit(Message.of("supervisor", "request", Map.of("cmd", List.of("think-indexer"), "ref", "r1")));
                await().atMost(Duration.ofSeconds(10)).until(() -> !of(seen, "supervisor", "stopped").isEmpty());
                Message answer = of(seen, "supervisor", "stopped").getFirst();
                assertThat(answer.string("ref")).hasValue("r1");
                assertThat(answer.json().get("exit_code").asInt()).isEqualTo(-1);
            }
        }
    }
}
