package dev.engram.mcp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The bench's lean MCP client: plain HTTP/1.1 POSTs of JSON-RPC messages over one keep-alive socket, the way any
 * streamable-HTTP client talks to {@code /mcp} (initialize, {@code notifications/initialized}, then
 * {@code tools/call}s with the session id), without the MCP SDK client's Reactor pipeline and the JDK HttpClient's
 * selector thread. It reads an answer whole (Content-Length or chunked) and returns the JSON-RPC message of its JSON
 * body or SSE {@code data:} line. Measurement only; not thread-safe; one per connection.
 */
final class LeanClient implements AutoCloseable {
    private static final int MAX_ANSWER = 16 * 1024 * 1024;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] head;
    private String session;
    private String protocol = "2025-06-18";
    private long nextId = 1;

    LeanClient(String baseUrl, String token) throws IOException {
        URI uri = URI.create(baseUrl);
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
        head = ("POST " + McpHttp.PATH + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The session: {@code initialize}, then the {@code notifications/initialized} notification. */
    void initialize() throws IOException {
        JsonNode r = post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + protocol + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"engram-bench-lean\",\"version\":\"1\""
                + "}}}");
        if (r == null || !r.path("result").isObject()) {
            throw new IOException("MCP initialize failed: " + r);
        }
        protocol = r.path("result").path("protocolVersion").asString(protocol);
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    /** One {@code tools/call}; the JSON-RPC answer. */
    JsonNode call(String tool, String argumentsJson) throws IOException {
        long id = nextId++;
        return post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + argumentsJson + "}}");
    }

    /** POSTs one message; the JSON-RPC message answered, or null for an answer without one (202). */
    private JsonNode post(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(128);
        if (session != null) {
            h.append("Mcp-Session-Id: ").append(session).append("\r\nMCP-Protocol-Version: ").append(protocol)
                    .append("\r\n");
        }
        h.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(head);
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return answer();
    }

    private JsonNode answer() throws IOException {
        String status = line();
        if (status.length() < 12 || !status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 answer: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : line.substring(colon + 1).strip();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "mcp-session-id" -> session = value;
                default -> {
                }
            }
        }
        byte[] body = chunked ? chunked() : length >= 0 ? exactly((int) Math.min(length, MAX_ANSWER)) : new byte[0];
        if (code == 202 || body.length == 0) {
            if (code >= 400) {
                throw new IOException("HTTP " + code);
            }
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        int data = text.startsWith("{") ? 0 : text.indexOf("data: ");
        if (data < 0) {
            throw new IOException("HTTP " + code + " without a JSON-RPC message: " + text);
        }
        int start = data == 0 ? 0 : data + 6;
        int end = text.indexOf('\n', start);
        return McpJson.MAPPER.readTree(text.substring(start, end < 0 ? text.length() : end));
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            if (body.size() + n > MAX_ANSWER) {
                throw new IOException("an MCP answer over " + MAX_ANSWER + " bytes");
            }
            body.write(exactly(n));
            line();
        }
    }

    private byte[] exactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IOException("the server closed the connection");
        }
        return b;
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the server closed the connection");
            }
            if (c != '\r') {
                s.append((char) c);
            }
            if (s.length() > 64 * 1024) {
                throw new IOException("an HTTP line over 64 KiB");
            }
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
