package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.convey.Passwords;
import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running Engram with no provider configured (no providers config, an empty environment): a chat message runs and
 * ends with an error naming what to configure, and nothing leaves the machine (no line in health/providers.jsonl).
 */
class NoProviderEngramTest {
    @TempDir
    Path tmp;

    @Test
    void aChatWithoutAProviderSaysWhatToConfigureAndMakesNoOutboundCall() throws Exception {
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "engnp");
        Journal journal = Journal.create(tmp.resolve("journal"), "Test Owner");
        Passwords.set(journal, "correct horse battery".toCharArray());
        EngramOptions options = new EngramOptions(journal.root(), "127.0.0.1", 0,
                Optional.of(sockets.resolve("bus.sock"))).withEnv(Map.of());
        try (Engram engram = Engram.start(options)) {
            HttpSession http = new HttpSession(engram.url()).login("correct horse battery");
            HttpResponse<String> ask = http.send("POST", "/app/chat/api/ask", "{\"prompt\":\"what did I do?\"}");
            assertThat(ask.statusCode()).as(ask.body()).isEqualTo(201);
            String id = HttpSession.json(ask).get("agent_id").asString();
            String sse = http.get("/app/chat/api/stream/" + id, "Accept", "text/event-stream").body();
            assertThat(sse).contains("event: error").contains("no LLM provider is configured")
                    .contains("OPENAI_API_KEY").contains("config/journal.json");
            assertThat(journal.root().resolve("health/providers.jsonl")).doesNotExist();
        } finally {
            Files.deleteIfExists(sockets.resolve("bus.sock"));
            Files.deleteIfExists(sockets);
        }
    }
}
