package dev.engram.cortex.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google's Gemini API ({@code POST /v1beta/models/{model}:generateContent}, {@code :streamGenerateContent?alt=sse},
 * functionCall and functionResponse parts, usageMetadata).
 */
class GeminiProviderTest extends ProviderContractTest {
    static final String KEY = "AIzaSyTEST-SECRETabcdefghijklmnop012345";

    @Override
    String type() {
        return "gemini";
    }

    @Override
    String baseUrl(MockWebServer server) {
        return "http://127.0.0.1:" + server.getPort() + "/v1beta";
    }

    @Override
    String key() {
        return KEY;
    }

    private static ObjectNode response(ObjectNode part, String finish, int in, int out, Integer cached) {
        ObjectNode o = ProviderKit.JSON.createObjectNode();
        ObjectNode c = o.putArray("candidates").addObject();
        ObjectNode content = c.putObject("content");
        content.putArray("parts").add(part);
        content.put("role", "model");
        if (finish != null) {
            c.put("finishReason", finish);
        }
        c.put("index", 0);
        ObjectNode u = o.putObject("usageMetadata");
        u.put("promptTokenCount", in).put("candidatesTokenCount", out).put("totalTokenCount", in + out);
        if (cached != null) {
            u.put("cachedContentTokenCount", cached);
        }
        o.put("modelVersion", MODEL);
        return o;
    }

    @Override
    MockResponse answer(String text) {
        return ProviderKit.json(200, response(ProviderKit.JSON.createObjectNode().put("text", text), "STOP", 12, 3,
                4).toString());
    }

    @Override
    MockResponse streamed(List<String> parts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            boolean last = i == parts.size() - 1;
            ObjectNode r = response(ProviderKit.JSON.createObjectNode().put("text", parts.get(i)),
                    last ? "STOP" : null, 5, last ? 2 : 1, null);
            b.append("data: ").append(r).append("\r\n\r\n");
        }
        return ProviderKit.sse(b.toString());
    }

    @Override
    MockResponse toolCall(String name, String argumentsJson) {
        ObjectNode part = ProviderKit.JSON.createObjectNode();
        ObjectNode call = part.putObject("functionCall").put("name", name);
        call.set("args", ProviderKit.JSON.readTree(argumentsJson));
        return ProviderKit.json(200, response(part, "STOP", 12, 3, 4).toString());
    }

    @Override
    MockResponse error(int status, String message) {
        ObjectNode o = ProviderKit.JSON.createObjectNode();
        o.putObject("error").put("code", status).put("message", message).put("status", switch (status) {
            case 401 -> "UNAUTHENTICATED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            default -> "UNAVAILABLE";
        });
        return ProviderKit.json(status, o.toString());
    }

    @Override
    void checkRequest(RecordedRequest r, boolean streaming) {
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/v1beta/models/" + MODEL
                + (streaming ? ":streamGenerateContent" : ":generateContent"));
        if (streaming) {
            assertThat(r.getUrl().queryParameter("alt")).isEqualTo("sse");
        }
        String key = r.getHeaders().get("x-goog-api-key");
        assertThat(key != null ? key : r.getUrl().queryParameter("key")).isEqualTo(KEY);
        assertThat(ProviderKit.body(r).get("contents").isArray()).isTrue();
    }

    @Override
    boolean carriesToolResult(JsonNode body, String result) {
        for (JsonNode c : body.get("contents")) {
            for (JsonNode p : c.path("parts")) {
                JsonNode fr = p.get("functionResponse");
                if (fr != null && "search_journal".equals(fr.path("name").asString())
                        && fr.path("response").toString().contains(result)) {
                    return true;
                }
            }
        }
        return false;
    }
}
