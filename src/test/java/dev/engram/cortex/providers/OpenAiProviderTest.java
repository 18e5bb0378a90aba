package dev.engram.cortex.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI's chat completions ({@code POST /v1/chat/completions}, SSE with {@code data: [DONE]}, tool_calls). */
class OpenAiProviderTest extends ProviderContractTest {
    static final String KEY = "sk-proj-SECRETabcdefghijklmnop0123456789";

    @Override
    String type() {
        return "openai";
    }

    @Override
    String baseUrl(MockWebServer server) {
        return "http://127.0.0.1:" + server.getPort() + "/v1";
    }

    @Override
    String key() {
        return KEY;
    }

    static ObjectNode completion(ObjectNode message, String finish) {
        ObjectNode o = ProviderKit.JSON.createObjectNode();
        o.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1700000000).put("model", MODEL);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finish);
        ObjectNode usage = o.putObject("usage");
        usage.put("prompt_tokens", 12).put("completion_tokens", 3).put("total_tokens", 15);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 4);
        return o;
    }

    @Override
    MockResponse answer(String text) {
        ObjectNode m = ProviderKit.JSON.createObjectNode().put("role", "assistant").put("content", text);
        return ProviderKit.json(200, completion(m, "stop").toString());
    }

    @Override
    MockResponse streamed(List<String> parts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            ObjectNode delta = ProviderKit.JSON.createObjectNode();
            if (i == 0) {
                delta.put("role", "assistant");
            }
            delta.put("content", parts.get(i));
            b.append("data: ").append(chunk(delta, null)).append("\n\n");
        }
        b.append("data: ").append(chunk(ProviderKit.JSON.createObjectNode(), "stop")).append("\n\n");
        ObjectNode usage = ProviderKit.JSON.createObjectNode();
        usage.put("id", "chatcmpl-2").put("object", "chat.completion.chunk").put("created", 1).put("model", MODEL);
        usage.putArray("choices");
        usage.putObject("usage").put("prompt_tokens", 5).put("completion_tokens", 2).put("total_tokens", 7);
        b.append("data: ").append(usage).append("\n\n").append("data: [DONE]\n\n");
        return ProviderKit.sse(b.toString());
    }

    private static String chunk(ObjectNode delta, String finish) {
        ObjectNode o = ProviderKit.JSON.createObjectNode();
        o.put("id", "chatcmpl-2").put("object", "chat.completion.chunk").put("created", 1).put("model", MODEL);
        ObjectNode c = o.putArray("choices").addObject();
        c.put("index", 0);
        c.set("delta", delta);
        c.put("finish_reason", finish);
        return o.toString();
    }

    @Override
    MockResponse toolCall(String name, String argumentsJson) {
        ObjectNode m = ProviderKit.JSON.createObjectNode().put("role", "assistant");
        m.putNull("content");
        ObjectNode call = m.putArray("tool_calls").addObject();
        call.put("id", "call_1").put("type", "function");
        call.putObject("function").put("name", name).put("arguments", argumentsJson);
        return ProviderKit.json(200, completion(m, "tool_calls").toString());
    }

    @Override
    MockResponse error(int status, String message) {
        ObjectNode o = ProviderKit.JSON.createObjectNode();
        o.putObject("error").put("message", message).put("type", "invalid_request_error").putNull("param")
                .put("code", status == 401 ? "invalid_api_key" : "error");
        return ProviderKit.json(status, o.toString());
    }

    @Override
    void checkRequest(RecordedRequest r, boolean streaming) {
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = ProviderKit.body(r);
        assertThat(body.get("model").stringValue()).isEqualTo(MODEL);
        assertThat(body.path("stream").asBoolean(false)).isEqualTo(streaming);
    }

    @Override
    boolean carriesToolResult(JsonNode body, String result) {
        for (JsonNode m : (ArrayNode) body.get("messages")) {
            if ("tool".equals(m.path("role").asString()) && "call_1".equals(m.path("tool_call_id").asString())
                    && result.equals(m.path("content").asString())) {
                return true;
            }
        }
        return false;
    }
}
