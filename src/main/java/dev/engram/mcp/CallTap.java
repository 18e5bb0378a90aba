package dev.engram.mcp;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
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
        if (pending.isEmpty()) {
            return;
        }
        JsonNode m = parse(text);
        if (m == null || !m.isObject() || m.get("id") == null) {
            return;
        }
        Pending p = pending.remove(m.get("id").toString());
        if (p == null) {
            return;
        }
        JsonNode error = m.get("error");
        if (error != null && !error.isNull()) {
            write(p, "error", error.path("code").asInt(0), 0);
        } else {
            write(p, m.path("result").path("isError").asBoolean(false) ? "error" : "ok", 0, 0);
        }
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
