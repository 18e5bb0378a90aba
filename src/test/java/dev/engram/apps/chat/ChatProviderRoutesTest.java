package dev.engram.apps.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.cortex.runs.OpenAiWire;
import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat app's provider picker over real HTTP: two configured endpoints, each a local server speaking OpenAI's
 * streaming wire protocol; the chosen one gets the request, the run's request line records it, and the conversation
 * keeps it until changed.
 */
class ChatProviderRoutesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void theChosenEndpointGetsTheRequestAndTheConversationKeepsIt() throws Exception {
        try (MockWebServer alpha = new MockWebServer(); MockWebServer beta = new MockWebServer()) {
            alpha.start();
            beta.start();
            beta.enqueue(OpenAiWire.text(10, 2, "From beta."));
            beta.enqueue(OpenAiWire.text(12, 2, "Beta again."));
            alpha.enqueue(OpenAiWire.text(14, 2, "From alpha."));
            String providers = ChatAgentsServer.twoEndpoints(alpha.url("/v1").toString(), beta.url("/v1").toString());
            try (ChatAgentsServer s = ChatAgentsServer.withProviders(dir, providers, 4)) {
                HttpSession http = s.client();
                HttpResponse<String> listed = http.get("/app/chat/api/personas");
                assertThat(listed.body()).doesNotContain("sk-never-shown").doesNotContain(alpha.url("/v1").toString());
                JsonNode eps = HttpSession.json(listed).get("providers");
                assertThat(eps).hasSize(2);
                assertThat(eps.get(1).get("name").asString()).isEqualTo("beta");
                assertThat(eps.get(1).get("type").asString()).isEqualTo("openai-compatible");
                assertThat(eps.get(1).get("model").asString()).isEqualTo("beta-model");

                // alpha is the default route; the owner picks beta
                HttpResponse<String> ask = http.send("POST", "/app/chat/api/ask",
                        "{\"prompt\":\"Who answers?\",\"provider\":\"beta\"}");
                assertThat(ask.statusCode()).as(ask.body()).isEqualTo(201);
                String id = HttpSession.json(ask).get("agent_id").asString();
                assertThat(http.get("/app/chat/api/stream/" + id, "Accept", "text/event-stream").body())
                        .contains("event: finish").contains("From beta.");
                RecordedRequest first = beta.takeRequest(5, TimeUnit.SECONDS);
                assertThat(first).isNotNull();
                assertThat(JSON.readTree(first.getBody().utf8()).get("model").asString()).isEqualTo("beta-model");
                assertThat(alpha.getRequestCount()).isZero();
                JsonNode request = requestLine(s, id);
                assertThat(request.get("provider").asString()).isEqualTo("beta");
                assertThat(request.get("model").asString()).isEqualTo("beta-model");
                assertThat(Files.readString(s.journal.root().resolve("agents/" + id + ".jsonl")))
                        .doesNotContain("sk-never-shown");

                // a continued conversation keeps its provider
                String second = ask(http, "{\"prompt\":\"Still you?\",\"conversation\":\"" + id + "\"}");
                assertThat(http.get("/app/chat/api/stream/" + second, "Accept", "text/event-stream").body())
                        .contains("Beta again.");
                assertThat(requestLine(s, second).get("provider").asString()).isEqualTo("beta");
                assertThat(beta.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
                JsonNode conv = HttpSession.json(http.get("/app/chat/api/conversation/" + id));
                assertThat(conv.get("provider").asString()).isEqualTo("beta");
                assertThat(conv.get("turns").get(1).get("provider").asString()).isEqualTo("beta");

                // "" goes back to the tier's routing (alpha), and the conversation forgets beta
                String third = ask(http, "{\"prompt\":\"And now?\",\"conversation\":\"" + id
                        + "\",\"provider\":\"\"}");
                assertThat(http.get("/app/chat/api/stream/" + third, "Accept", "text/event-stream").body())
                        .contains("From alpha.");
                assertThat(requestLine(s, third).has("provider")).isFalse();
                assertThat(alpha.getRequestCount()).isEqualTo(1);
                assertThat(HttpSession.json(http.get("/app/chat/api/conversation/" + id)).get("provider").isNull())
                        .isTrue();

                HttpResponse<String> unknown = http.send("POST", "/app/chat/api/ask",
                        "{\"prompt\":\"x\",\"provider\":\"gamma\"}");
                assertThat(unknown.statusCode()).isEqualTo(400);
                assertThat(HttpSession.json(unknown).get("reason_code").asString()).isEqualTo("unknown_provider");
                assertThat(HttpSession.json(unknown).get("error").asString()).contains("alpha, beta");
                HttpResponse<String> wrongType = http.send("POST", "/app/chat/api/ask",
                        "{\"prompt\":\"x\",\"provider\":7}");
                assertThat(wrongType.statusCode()).isEqualTo(400);
                assertThat(alpha.getRequestCount() + beta.getRequestCount()).isEqualTo(3);
            }
        }
    }

    @Test
    void withNoProviderThePickerSaysWhatToConfigure() throws Exception {
        try (ChatAgentsServer s = ChatAgentsServer.real(dir, null, 1)) {
            HttpSession http = s.client();
            JsonNode listed = HttpSession.json(http.get("/app/chat/api/personas"));
            assertThat(listed.get("providers")).isEmpty();
            assertThat(listed.get("how_to_configure").asString()).contains("OPENAI_API_KEY")
                    .contains("config/journal.json");
            HttpResponse<String> ask = http.send("POST", "/app/chat/api/ask", "{\"prompt\":\"x\",\"provider\":\"a\"}");
            assertThat(ask.statusCode()).isEqualTo(400);
            assertThat(HttpSession.json(ask).get("reason_code").asString()).isEqualTo("unknown_provider");
            assertThat(HttpSession.json(ask).get("error").asString()).contains("No LLM provider is configured");
        }
    }

    private static String ask(HttpSession http, String body) throws Exception {
        HttpResponse<String> r = http.send("POST", "/app/chat/api/ask", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return HttpSession.json(r).get("agent_id").asString();
    }

    static JsonNode requestLine(ChatAgentsServer s, String id) throws Exception {
        Path done = s.journal.root().resolve("agents/" + id + ".jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done));
        JsonNode line = JSON.readTree(Files.readAllLines(done).get(0));
        assertThat(line.get("event").asString()).isEqualTo("request");
        return line;
    }
}
