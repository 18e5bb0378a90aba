package dev.engram.cortex.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic's Messages API ({@code POST /v1/messages}, the named SSE event stream, tool_use and tool_result). */
class AnthropicProviderTest extends ProviderContractTest {
    static final String KEY = "sk-ant-api03-SECRETabcdefghijklmnop0123456789";

    @Override
    String type() {
        return "anthropic";
    }

    @Override
    String baseUrl(MockWebServer server) {
        return "http://127.0.0.1:" + server.getPort() + "/v1/";
    }

    @Override
    String key() {
        return KEY;
    }

    private static ObjectNode message(String stop) {
        ObjectNode o = ProviderKit.JSON.createObjectNode();
        o.put("id", "msg_01").put("type", "message").put("role", "assistant").put("model", MODEL);
        o.put("stop_reason", stop).putNull("stop_sequence");
        o.putObject("usage").put("input_tokens", 12).put("output_tokens", 3).put("cache_read_input_tokens", 4)
                .put("cache_creation_input_tokens", 0);
        return o;
    }

    @Override
    MockResponse answer(String text) {
        ObjectNode o = message("end_turn");
        o.putArray("content").addObject().put("type", "text").put("text", text);
        return ProviderKit.json(200, o.toString());
    }

    @Override
    MockResponse streamed(List<String> parts) {
        StringBuilder b = new StringBuilder();
        ObjectNode start = ProviderKit.JSON.createObjectNode().put("type", "message_start");
        ObjectNode m = start.putObject("message");
        m.put("id", "msg_02").put("type", "message").put("role", "assistant").put("model", MODEL);
        m.putArray("content");
        m.putNull("stop_reason").putNull("stop_sequence");
        m.putObject("usage").put("input_tokens", 5).put("output_tokens", 1);
        event(b, "message_start", start);
        ObjectNode blockStart = ProviderKit.JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        event(b, "content_block_start", blockStart);
        event(b, "ping", ProviderKit.JSON.createObjectNode().put("type", "ping"));
        for (String p : parts) {
            ObjectNode d = ProviderKit.JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            d.putObject("delta").put("type", "text_delta").put("text", p);
            event(b, "content_block_delta", d);
        }
        event(b, "content_block_stop", ProviderKit.JSON.createObjectNode().put("type", "content_block_stop")
                .put("index", 0));
        ObjectNode md = ProviderKit.JSON.createObjectNode().put("type", "message_delta");
        md.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        md.putObject("usage").put("output_tokens", 2);
        event(b, "message_delta", md);
        event(b, "message_stop", ProviderKit.JSON.createObjectNode().put("type", "message_stop"));
        return ProviderKit.sse(b.toString());
    }

    private static void event(StringBuilder b, String name, ObjectNode data) {
        b.append("event: ").append(name).append("\ndata: ").append(data).append("\n\n");
    }

    @Override
    MockResponse toolCall(String name, String argumentsJson) {
        ObjectNode o = message("tool_use");
        var content = o.putArray("content");
        content.addObject().put("type", "text").put("text", "Let me look.");
        ObjectNode use = content.addObject().put("type", "tool_use").put("id", "toolu_01").put("name", name);
        use.set("input", ProviderKit.JSON.readTree(argumentsJson));
        return ProviderKit.json(200, o.toString());
    }

    @Override
    MockResponse error(int status, String message) {
        ObjectNode o = ProviderKit.JSON.createObjectNode().put("type", "error");
        o.putObject("error").put("type", switch (status) {
            case 401 -> "authentication_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> "api_error";
        }).put("message", message);
        return ProviderKit.json(status, o.toString());
    }

    @Override
    void checkRequest(RecordedRequest r, boolean streaming) {
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/messages");
        assertThat(r.getHeaders().get("x-api-key")).isEqualTo(KEY);
        assertThat(r.getHeaders().get("anthropic-version")).isNotBlank();
        JsonNode body = ProviderKit.body(r);
        assertThat(body.get("model").stringValue()).isEqualTo(MODEL);
        assertThat(body.get("max_tokens").asInt()).isPositive();
        assertThat(body.path("stream").asBoolean(false)).isEqualTo(streaming);
    }

    @Override
    boolean carriesToolResult(JsonNode body, String result) {
        for (JsonNode m : body.get("messages")) {
            if (!"user".equals(m.path("role").asString()) || !m.path("content").isArray()) {
                continue;
            }
            for (JsonNode c : m.get("content")) {
                if ("tool_result".equals(c.path("type").asString())
                        && "toolu_01".equals(c.path("tool_use_id").asString())
                        && c.path("content").toString().contains(result)) {
                    return true;
                }
            }
        }
        return false;
    }
}
