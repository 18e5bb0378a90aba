package dev.engram.cortex.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Ollama's chat API ({@code POST /api/chat}, NDJSON streaming, tool_calls with object arguments; no key). */
class OllamaProviderTest extends ProviderContractTest {

    @Override
    String type() {
        return "ollama";
    }

    @Override
    String baseUrl(MockWebServer server) {
        return "http://127.0.0.1:" + server.getPort() + "/";
    }

    @Override
    String key() {
        return null;
    }

    @Override
    boolean reportsCached() {
        return false;
    }

    private static ObjectNode chunk(ObjectNode message, boolean done, int in, int out) {
        ObjectNode o = ProviderKit.JSON.createObjectNode();
        o.put("model", MODEL).put("created_at", "2026-11-29T23:00:00.000Z");
        o.set("message", message);
        o.put("done", done);
        if (done) {
            o.put("done_reason", "stop").put("total_duration", 1000).put("prompt_eval_count", in)
                    .put("eval_count", out);
        }
        return o;
    }

    private static ObjectNode message(String text) {
        return ProviderKit.JSON.createObjectNode().put("role", "assistant").put("content", text);
    }

    @Override
    MockResponse answer(String text) {
        return ProviderKit.json(200, chunk(message(text), true, 12, 3).toString());
    }

    @Override
    MockResponse streamed(List<String> parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            b.append(chunk(message(p), false, 0, 0)).append('\n');
        }
        b.append(chunk(message(""), true, 5, 2)).append('\n');
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-ndjson")
                .body(b.toString()).build();
    }

    @Override
    MockResponse toolCall(String name, String argumentsJson) {
        ObjectNode m = message("");
        ObjectNode f = m.putArray("tool_calls").addObject().putObject("function").put("name", name);
        f.set("arguments", ProviderKit.JSON.readTree(argumentsJson));
        return ProviderKit.json(200, chunk(m, true, 12, 3).toString());
    }

    @Override
    MockResponse error(int status, String message) {
        return ProviderKit.json(status, ProviderKit.JSON.createObjectNode().put("error", message).toString());
    }

    @Override
    void checkRequest(RecordedRequest r, boolean streaming) {
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/chat");
        assertThat(r.getHeaders().get("Authorization")).isNull();
        JsonNode body = ProviderKit.body(r);
        assertThat(body.get("model").stringValue()).isEqualTo(MODEL);
        assertThat(body.path("stream").asBoolean(false)).isEqualTo(streaming);
    }

    @Override
    boolean carriesToolResult(JsonNode body, String result) {
        for (JsonNode m : body.get("messages")) {
            if ("tool".equals(m.path("role").asString()) && result.equals(m.path("content").asString())) {
                return true;
            }
        }
        return false;
    }
}
