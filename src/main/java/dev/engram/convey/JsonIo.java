package dev.engram.convey;

import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON bodies of the apps' APIs, written with the apps' own mapper so the output does not depend on how the server
 * configures Javalin's JSON mapper. Maps, lists, records and Jackson nodes are written as JSON.
 */
public final class JsonIo {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonIo() {
    }

    /** Answers 200 with {@code value} as JSON. */
    public static void send(Context ctx, Object value) {
        ctx.contentType("application/json; charset=utf-8").result(MAPPER.writeValueAsString(value));
    }

    /** The request body as a JSON object, or a 400 {@code invalid_json}. */
    public static ObjectNode body(Context ctx) {
        String body = ctx.body();
        try {
            JsonNode node = MAPPER.readTree(body == null ? "" : body);
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (JacksonException e) {
            // the parser's own message names its internals (source, markers): say where, not how it failed
            var at = e.getLocation();
            throw new ApiError(400, "invalid_json", "the request body is not valid JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), "send a JSON object");
        }
        throw new ApiError(400, "invalid_json", "the request body must be a JSON object", "send a JSON object");
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
