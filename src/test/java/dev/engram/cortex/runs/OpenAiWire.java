package dev.engram.cortex.runs;

import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's chat-completions streaming wire format ({@code text/event-stream} of {@code chat.completion.chunk}
 * objects, {@code data: [DONE]} at the end), as a local server answers it in tests.
 */
public final class OpenAiWire {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenAiWire() {
    }

    /** An answer streamed in these pieces, then {@code finish_reason: stop} and a usage chunk. */
    public static MockResponse text(int promptTokens, int completionTokens, String... pieces) {
        return sse(textChunks(promptTokens, completionTokens, pieces));
    }

    /** The {@code data:} payloads of {@link #text}: one chunk per piece, the stop chunk, the usage chunk. */
    public static List<String> textChunks(int promptTokens, int completionTokens, String... pieces) {
        List<String> chunks = new ArrayList<>();
        boolean first = true;
        for (String p : pieces) {
            ObjectNode delta = JSON.createObjectNode();
            if (first) {
                delta.put("role", "assistant");
                first = false;
            }
            delta.put("content", p);
            chunks.add(chunk(delta, null));
        }
        chunks.add(chunk(JSON.createObjectNode(), "stop"));
        chunks.add(usage(promptTokens, completionTokens));
        return chunks;
    }

    /** One tool call (its arguments in two pieces, as OpenAI streams them), then {@code finish_reason: tool_calls}. */
    public static MockResponse toolCall(String callId, String tool, String argumentsJson, int promptTokens,
                                        int completionTokens) {
        List<String> chunks = new ArrayList<>();
        int half = argumentsJson.length() / 2;
        ObjectNode d1 = JSON.createObjectNode();
        d1.put("role", "assistant");
        d1.putNull("content");
        ArrayNode calls = d1.putArray("tool_calls");
        ObjectNode c = calls.addObject();
        c.put("index", 0);
        c.put("id", callId);
        c.put("type", "function");
        c.putObject("function").put("name", tool).put("arguments", argumentsJson.substring(0, half));
        chunks.add(chunk(d1, null));
        ObjectNode d2 = JSON.createObjectNode();
        ObjectNode c2 = d2.putArray("tool_calls").addObject();
        c2.put("index", 0);
        c2.putObject("function").put("arguments", argumentsJson.substring(half));
        chunks.add(chunk(d2, null));
        chunks.add(chunk(JSON.createObjectNode(), "tool_calls"));
        chunks.add(usage(promptTokens, completionTokens));
        return sse(chunks);
    }

    /** An OpenAI error answer ({@code {"error": {...}}}) with this status. */
    public static MockResponse error(int status, String message) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\",\"code\":null}}")
                .build();
    }

    private static String chunk(ObjectNode delta, String finish) {
        ObjectNode o = base();
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return o.toString();
    }

    private static String usage(int prompt, int completion) {
        ObjectNode o = base();
        o.putArray("choices");
        o.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return o.toString();
    }

    private static ObjectNode base() {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", "chatcmpl-test");
        o.put("object", "chat.completion.chunk");
        o.put("created", 1_700_000_000);
        o.put("model", "gpt-test");
        return o;
    }

    private static MockResponse sse(List<String> chunks) {
        StringBuilder sb = new StringBuilder();
        for (String c : chunks) {
            sb.append("data: ").append(c).append("\n\n");
        }
        sb.append("data: [DONE]\n\n");
        return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sb.toString()).build();
    }
}
