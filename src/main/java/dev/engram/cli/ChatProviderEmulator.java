package dev.engram.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The chat bench's provider: a loopback server speaking OpenAI's chat-completions streaming wire format (SSE
 * {@code data: {chunk}} lines ending with {@code data: [DONE]}) that waits a known delay before its first token. For
 * each request it records, on the shared {@link System#nanoTime()} clock, when the request arrived (its body read) and
 * when the first token was written and flushed, so the bench can subtract the provider's own first-token time.
 * Requests are answered one by one on the server's thread; the bench sends one at a time.
 */
final class ChatProviderEmulator implements AutoCloseable {
    /**
     * One answered request: nanoTime when the server handed it over (its headers read), when its body was read, and
     * when its first token was flushed.
     */
    record Served(long receivedNanos, long arrivedNanos, long firstTokenNanos) {
        double providerMs() {
            return (firstTokenNanos - arrivedNanos) / 1e6;
        }
    }

    static final String MODEL = "bench-model";
    private static final String[] TOKENS = {"The", " journal", " says", " hello", "."};
    private final HttpServer server;
    private final long delayMs;
    private final LinkedBlockingQueue<Served> served = new LinkedBlockingQueue<>();

    ChatProviderEmulator(long delayMs) throws IOException {
        this.delayMs = delayMs;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/v1/chat/completions", this::answer);
        server.start();
    }

    /** The base URL to configure ({@code http://127.0.0.1:<port>/v1}). */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The next answered request, waiting at most {@code seconds}; null when none came. */
    Served next(int seconds) throws InterruptedException {
        return served.poll(seconds, TimeUnit.SECONDS);
    }

    /** Forgets requests recorded so far (warm-up, or a run that asked more than once). */
    void clear() {
        served.clear();
    }

    private void answer(HttpExchange ex) throws IOException {
        long received = System.nanoTime();
        try (ex; InputStream in = ex.getRequestBody()) {
            in.readNBytes(8 << 20);
            long arrived = System.nanoTime();
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            long wait = arrived + delayMs * 1_000_000 - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long first = 0;
            for (int i = 0; i < TOKENS.length; i++) {
                String delta = (i == 0 ? "{\"role\":\"assistant\",\"content\":" : "{\"content\":")
                        + quote(TOKENS[i]) + "}";
                chunk(out, delta, "null");
                if (i == 0) {
                    first = System.nanoTime();
                }
            }
            chunk(out, "{}", "\"stop\"");
            send(out, "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"" + MODEL + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
                    + "\"completion_tokens\":" + TOKENS.length + ",\"total_tokens\":" + (12 + TOKENS.length) + "}}\n\n");
            send(out, "data: [DONE]\n\n");
            served.add(new Served(received, arrived, first));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void chunk(OutputStream out, String delta, String finish) throws IOException {
        send(out, "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\""
                + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish
                + "}]}\n\n");
    }

    private static void send(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
