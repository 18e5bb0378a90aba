package dev.engram.convey;

import io.javalin.http.Context;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger LOG = LoggerFactory.getLogger(JsonIo.class);

    private JsonIo() {
    }

    /**
     * Answers with {@code value} as JSON (the status set before, 200 by default): the handler's last act. Written
     * straight to the response's output (Javalin's, so its compression still applies), not as Javalin's result, which
     * it copies through a 32 KiB buffer allocated for every answer: a third of what an ingest request allocated.
     */
    public static void send(Context ctx, Object value) {
        byte[] body = MAPPER.writeValueAsBytes(value);
        ctx.contentType("application/json; charset=utf-8");
        try {
            ctx.outputStream().write(body);
        } catch (IOException e) {
            // the client went away while a large answer was being sent (a small one waits in Jetty's buffer): there
            // is no one left to answer, as when Javalin writes a result
            LOG.debug("{} {}: the client went away before the answer was sent: {}", ctx.method(), ctx.path(),
                    e.toString());
        }
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
