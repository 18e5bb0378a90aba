package dev.engram.mcp;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * The audit at the protocol boundary: it sees the JSON-RPC messages of one stdio connection or one HTTP request as
 * text, before the MCP SDK parses a request and after it has written the answer, so a call the SDK answers itself
 * (an unknown tool, parameters it cannot read, a resource URI no template matches, a method the server does not have)
 * is audited like one that reached a tool. Every request except the protocol's housekeeping ({@link #HOUSEKEEPING})
 * is a call: it waits for its response (matched by id) and is then written with its status; a message that is not
 * JSON-RPC is audited at once as kind {@code invalid}; a call left without an answer is audited by {@link #finish}.
 *
 * <p>What is written is bounded and leaks nothing: a tool's name (an unknown one only if it looks like a name), a
 * resource as its scheme and kind ({@code journal://todo}, never its facet, day, segment or file), and the size in
 * bytes of the arguments (or of the URI), as for tools. Thread-safe: stdio reads and writes on two threads.
 */
final class CallTap {
    /** Requests that are not calls: the session and the listings. */
    static final Set<String> HOUSEKEEPING = Set.of("initialize", "ping", "tools/list", "resources/list",
            "resources/templates/list");
    private static final Set<String> RESOURCE_KINDS = Set.of("insight", "transcripts", "todo", "media");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern METHOD = Pattern.compile("[a-z][A-Za-z/_]{0,47}");
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,15}");

    private record Pending(String kind, String name, long argBytes, long startNanos) {
    }

    private final Audit audit;
    private final String client;
    private final String transport;
    private final Set<String> tools;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    CallTap(Audit audit, String client, String transport, Set<String> tools) {
        this.audit = audit;
        this.client = client;
        this.transport = transport;
        this.tools = tools;
    }

    /** A message from the client. */
    void request(String text) {
        long start = System.nanoTime();
        if (text.isBlank()) {
            return;
        }
        JsonNode m = parse(text);
        if (m == null || !m.isObject() || !m.path("method").isString()) {
            if (m == null || !m.isObject() || !(m.has("result") || m.has("error"))) {
                // not JSON-RPC (a response to a server request is fine): the SDK refuses it
                audit.record(client, transport, "invalid", "?", bytes(text), "error", 0, 0, 0);
            }
            return;
        }
        String method = m.get("method").asString();
        JsonNode id = m.get("id");
        if (id == null || id.isNull() || HOUSEKEEPING.contains(method)) {
            return; // a notification, or housekeeping
        }
        JsonNode params = m.path("params");
        Pending p = switch (method) {
            case "tools/call" -> new Pending("tool", toolName(params.path("name")), params.has("arguments")
                    ? bytes(params.get("arguments").toString()) : 0, start);
            case "resources/read" -> {
                String uri = params.path("uri").isString() ? params.get("uri").asString() : "";
                yield new Pending("resource", resourceName(uri), bytes(uri), start);
            }
            default -> new Pending("request", METHOD.matcher(method).matches() ? method : "?",
                    params.isMissingNode() ? 0 : bytes(params.toString()), start);
        };
        Pending before = pending.put(id.toString(), p);
        if (before != null) {
            write(before, "error", 0, 0); // the client reused an id before its answer came
        }
    }

    /** A message to the client: the answer to a pending call is audited with its status. */
    void response(String text) {
        if (!pending.isEmpty()) {
            answer(() -> McpJson.MAPPER.createParser(text));
        }
    }

    /** {@link #response(String)} of {@code len} chars of {@code text} from {@code off}, without copying them. */
    void response(char[] text, int off, int len) {
        if (!pending.isEmpty()) {
            answer(() -> McpJson.MAPPER.createParser(text, off, len));
        }
    }

    /**
     * Reads an answer as a stream of tokens: its {@code id}, {@code error.code} and {@code result.isError}, skipping
     * the rest (a search's results, a transcript) without building it; a message that is not a JSON object with an
     * id is ignored, as is one that is not well-formed to its end.
     */
    private void answer(java.util.function.Supplier<JsonParser> parser) {
        String id = null;
        boolean error = false;
        int code = 0;
        boolean isError = false;
        try (JsonParser p = parser.get()) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                JsonToken t = p.nextToken();
                switch (field) {
                    case "id" -> id = String.valueOf((Object) p.readValueAsTree());
                    case "error" -> {
                        error = t != JsonToken.VALUE_NULL;
                        code = t == JsonToken.START_OBJECT ? errorCode(p) : 0;
                    }
                    case "result" -> isError = t == JsonToken.START_OBJECT && isError(p);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return;
            }
        } catch (JacksonException e) {
            return;
        }
        Pending c = id == null ? null : pending.remove(id);
        if (c != null) {
            write(c, error ? "error" : isError ? "error" : "ok", error ? code : 0, 0);
        }
    }

    /** The {@code code} of an error object (0 when it has none), read to the object's end. */
    private static int errorCode(JsonParser p) {
        int code = 0;
        for (String field = p.nextName(); field != null; field = p.nextName()) {
            JsonToken t = p.nextToken();
            if (field.equals("code") && t == JsonToken.VALUE_NUMBER_INT) {
                code = p.getIntValue();
            } else {
                p.skipChildren();
            }
        }
        return code;
    }

    /** Whether a result object says {@code "isError": true}, read to the object's end. */
    private static boolean isError(JsonParser p) {
        boolean isError = false;
        for (String field = p.nextName(); field != null; field = p.nextName()) {
            JsonToken t = p.nextToken();
            if (field.equals("isError")) {
                isError = t == JsonToken.VALUE_TRUE;
            } else {
                p.skipChildren();
            }
        }
        return isError;
    }

    /**
     * The connection or request ended: calls still without an answer are audited as {@code status} (e.g. refused for
     * a request turned away before the SDK saw it, error when the answer never came), with the HTTP status if any.
     */
    void finish(String status, int http) {
        for (String id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) {
                write(p, status, 0, http);
            }
        }
    }

    boolean waiting() {
        return !pending.isEmpty();
    }

    private void write(Pending p, String status, int code, int http) {
        audit.record(client, transport, p.kind(), p.name(), p.argBytes(), status, code, http,
                (System.nanoTime() - p.startNanos()) / 1e6);
    }

    private String toolName(JsonNode name) {
        if (!name.isString()) {
            return "?";
        }
        String n = name.asString();
        return tools.contains(n) || NAME.matcher(n).matches() ? n : "?";
    }

    /** {@code journal://<kind>} for Engram's resources, {@code <scheme>://?} for any other URI: never the rest. */
    static String resourceName(String uri) {
        int colon = uri.indexOf(':');
        String scheme = colon > 0 ? uri.substring(0, colon) : "";
        if (!SCHEME.matcher(scheme).matches()) {
            return "?";
        }
        if (scheme.equals("journal") && uri.startsWith("journal://")) {
            int slash = uri.indexOf('/', 10);
            String kind = uri.substring(10, slash < 0 ? uri.length() : slash);
            if (RESOURCE_KINDS.contains(kind)) {
                return "journal://" + kind;
            }
        }
        return scheme + "://?";
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static JsonNode parse(String text) {
        try {
            return McpJson.MAPPER.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }
}
