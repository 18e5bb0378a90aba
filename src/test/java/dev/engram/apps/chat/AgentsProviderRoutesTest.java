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
 * Starting a persona by hand on a chosen provider endpoint (the agents app's {@code POST /api/start} with
 * {@code provider} and {@code model}), and a handoff run inheriting its parent's endpoint unless its persona names a
 * tier or provider of its own; two endpoints, each a local server speaking OpenAI's streaming wire protocol.
 */
class AgentsProviderRoutesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void aRunStartedByHandGoesToTheChosenEndpointAndItsHandoffFollows() throws Exception {
        try (MockWebServer alpha = new MockWebServer(); MockWebServer beta = new MockWebServer()) {
            alpha.start();
            beta.start();
            String providers = ChatAgentsServer.twoEndpoints(alpha.url("/v1").toString(), beta.url("/v1").toString());
            try (ChatAgentsServer s = ChatAgentsServer.withProviders(dir, providers, 4)) {
                Path personas = s.journal.root().resolve("personas");
                Files.createDirectories(personas);
                Files.writeString(personas.resolve("relay.txt"), "Answer, then hand off.");
                Files.writeString(personas.resolve("relay.json"), "{\"handoff\":{\"persona\":\"default\"}}");
                Files.writeString(personas.resolve("routed.txt"), "Answer, then hand off.");
                Files.writeString(personas.resolve("routed.json"), "{\"handoff\":{\"persona\":\"picky\"}}");
                Files.writeString(personas.resolve("picky.txt"), "Runs on its own tier.");
                Files.writeString(personas.resolve("picky.json"), "{\"tier\":\"default\"}");
                HttpSession http = s.client();

                JsonNode listed = HttpSession.json(http.get("/app/agents/api/personas"));
                assertThat(listed.get("providers")).extracting(p -> p.get("name").asString())
                        .containsExactly("alpha", "beta");
                assertThat(listed.toString()).doesNotContain("sk-never-shown");

                // by hand on beta with another model; the handoff run (persona default) inherits beta and the model
                beta.enqueue(OpenAiWire.text(10, 2, "Parent on beta."));
                beta.enqueue(OpenAiWire.text(10, 2, "Child on beta."));
                String parent = start(http, "{\"persona\":\"relay\",\"prompt\":\"Go\",\"provider\":\"beta\","
                        + "\"model\":\"beta-large\"}");
                JsonNode parentLine = ChatProviderRoutesTest.requestLine(s, parent);
                assertThat(parentLine.get("provider").asString()).isEqualTo("beta");
                assertThat(parentLine.get("model").asString()).isEqualTo("beta-large");
                String child = childOf(s, parent);
                JsonNode childLine = ChatProviderRoutesTest.requestLine(s, child);
                assertThat(childLine.get("handoff_from").asString()).isEqualTo(parent);
                assertThat(childLine.get("provider").asString()).isEqualTo("beta");
                assertThat(childLine.get("model").asString()).isEqualTo("beta-large");
                for (int i = 0; i < 2; i++) {
                    RecordedRequest r = beta.takeRequest(5, TimeUnit.SECONDS);
                    assertThat(r).isNotNull();
                    assertThat(JSON.readTree(r.getBody().utf8()).get("model").asString()).isEqualTo("beta-large");
                }
                assertThat(alpha.getRequestCount()).isZero();

                // the child's persona names a tier: it is routed by tier (alpha), not on the parent's beta
                beta.enqueue(OpenAiWire.text(10, 2, "Parent on beta."));
                alpha.enqueue(OpenAiWire.text(10, 2, "Child on alpha."));
                String routed = start(http, "{\"persona\":\"routed\",\"prompt\":\"Go\",\"provider\":\"beta\"}");
                String picky = childOf(s, routed);
                assertThat(ChatProviderRoutesTest.requestLine(s, picky).has("provider")).isFalse();
                await().atMost(Duration.ofSeconds(10)).until(() -> alpha.getRequestCount() == 1);
                assertThat(beta.getRequestCount()).isEqualTo(3);

                // unknown endpoint, a model without a provider, a malformed model: 400, nothing starts
                HttpResponse<String> unknown = http.send("POST", "/app/agents/api/start",
                        "{\"prompt\":\"x\",\"provider\":\"gamma\"}");
                assertThat(unknown.statusCode()).isEqualTo(400);
                assertThat(HttpSession.json(unknown).get("reason_code").asString()).isEqualTo("unknown_provider");
                assertThat(HttpSession.json(unknown).get("error").asString()).contains("alpha, beta");
                HttpResponse<String> modelOnly = http.send("POST", "/app/agents/api/start",
                        "{\"prompt\":\"x\",\"model\":\"m\"}");
                assertThat(modelOnly.statusCode()).isEqualTo(400);
                assertThat(HttpSession.json(modelOnly).get("error").asString()).contains("'model' needs 'provider'");
                HttpResponse<String> badModel = http.send("POST", "/app/agents/api/start",
                        "{\"prompt\":\"x\",\"provider\":\"beta\",\"model\":\"no spaces please\"}");
                assertThat(badModel.statusCode()).isEqualTo(400);
                assertThat(HttpSession.json(badModel).get("reason_code").asString()).isEqualTo("invalid_field");
                assertThat(alpha.getRequestCount() + beta.getRequestCount()).isEqualTo(4);
            }
        }
    }

    private static String start(HttpSession http, String body) throws Exception {
        HttpResponse<String> r = http.send("POST", "/app/agents/api/start", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return HttpSession.json(r).get("agent_id").asString();
    }

    /** The run the parent handed off to (its file's {@code info.handoff_to}), once the child's file is completed. */
    private static String childOf(ChatAgentsServer s, String parent) throws Exception {
        Path done = s.journal.root().resolve("agents/" + parent + ".jsonl");
        String[] child = new String[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (!Files.exists(done)) {
                return false;
            }
            for (String line : Files.readAllLines(done)) {
                JsonNode n = JSON.readTree(line);
                if (n.has("handoff_to")) {
                    child[0] = n.get("handoff_to").asString();
                    return Files.exists(s.journal.root().resolve("agents/" + child[0] + ".jsonl"));
                }
            }
            return false;
        });
        return child[0];
    }
}
