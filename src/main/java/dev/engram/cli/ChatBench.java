package dev.engram.cli;

import dev.engram.convey.Convey;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat bench's client: the chat page's own path with plain HTTP, as the browser takes it. It logs in through the
 * /login form (session and CSRF cookies), posts a message to {@code /app/chat/api/ask} with the CSRF header, and reads
 * the run's server-sent events from {@code /app/chat/api/stream/<id>} until the run finishes. It talks only to the
 * Engram the bench started in its own process, on loopback. Not thread-safe: one message at a time.
 */
final class ChatBench {
    /**
     * One message: nanoTime when the POST was sent, when its answer (201) came back and when the first token event
     * arrived (0 when none); the wall clock (epoch ms) when the POST was sent, and the {@code ts} of the run's
     * {@code request} and {@code start} events (epoch ms, 0 when not seen).
     */
    record Timing(long sentNanos, long answeredNanos, long firstTokenNanos, long sentEpochMs, long requestTs,
                  long startTs, String error) {
        Timing(long sentNanos, long firstTokenNanos, String error) {
            this(sentNanos, 0, firstTokenNanos, 0, 0, 0, error);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;
    /** Whether the last message's stream opened only after its run had ended. */
    boolean late;

    ChatBench(String base) {
        this.base = base;
        client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Logs in as the owner; fails unless the server answers the form with a redirect and a session cookie. */
    void login(char[] password) throws IOException, InterruptedException {
        send(get("/login").build(), HttpResponse.BodyHandlers.discarding());
        String form = "password=" + URLEncoder.encode(new String(password), StandardCharsets.UTF_8) + "&"
                + Convey.CSRF_FIELD + "=" + URLEncoder.encode(cookie(Convey.CSRF_COOKIE), StandardCharsets.UTF_8);
        HttpResponse<String> r = send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 302 || cookie(Convey.SESSION_COOKIE).isEmpty()) {
            throw new IllegalStateException("the bench could not log in to Engram: HTTP " + r.statusCode());
        }
    }

    /** Sends one chat message as the page does and follows its answer to the end (at most {@code seconds}). */
    Timing message(String prompt, int seconds) throws IOException, InterruptedException {
        return message(prompt, seconds, id -> { });
    }

    /** {@link #message(String, int)}, telling {@code asked} the run's id as soon as the POST is answered. */
    Timing message(String prompt, int seconds, java.util.function.Consumer<String> asked)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(java.util.Map.of("prompt", prompt, "persona", "default",
                "tier", "default"));
        HttpRequest ask = request("/app/chat/api/ask").timeout(Duration.ofSeconds(seconds))
                .header("Content-Type", "application/json").header(Convey.CSRF_HEADER, cookie(Convey.CSRF_COOKIE))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long sentEpoch = System.currentTimeMillis();
        long sent = System.nanoTime();
        HttpResponse<String> r = send(ask, HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        if (r.statusCode() != 201) {
            return new Timing(sent, 0, "ask answered HTTP " + r.statusCode() + ": " + r.body());
        }
        String id = JSON.readTree(r.body()).path("agent_id").asString();
        asked.accept(id);
        HttpResponse<Stream<String>> events = send(get("/app/chat/api/stream/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8)).timeout(Duration.ofSeconds(seconds))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        if (events.statusCode() != 200) {
            events.body().close();
            return new Timing(sent, 0, "stream answered HTTP " + events.statusCode());
        }
        long first = 0;
        long requestTs = 0;
        long startTs = 0;
        late = false;
        try (Stream<String> lines = events.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (first == 0 && line.equals("event: token")) {
                    first = System.nanoTime();
                } else if (line.equals("event: request") || line.equals("event: start")) {
                    String data = it.hasNext() ? it.next() : "";
                    long ts = data.startsWith("data:") ? JSON.readTree(data.substring(5)).path("ts").asLong() : 0;
                    if (line.equals("event: request")) {
                        requestTs = ts;
                    } else {
                        startTs = ts;
                    }
                } else if (line.equals("event: finish")) {
                    // the run ended before the stream opened (a late subscriber gets the run's file, without its
                    // tokens): its finish stands for the first token, which only makes this message look slower
                    late = first == 0;
                    return new Timing(sent, answered, first == 0 ? System.nanoTime() : first, sentEpoch, requestTs,
                            startTs, null);
                } else if (line.equals("event: error")) {
                    String data = it.hasNext() ? it.next() : "";
                    return new Timing(sent, first, "the run failed: " + data);
                }
            }
        }
        return new Timing(sent, first, "the event stream ended before the run finished");
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return client.send(request, handler);
    }

    private String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }

    /** The value at quantile {@code q} (nearest rank) of {@code values}, in the values' unit. */
    static double percentile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[Math.max(0, (int) Math.ceil(q * s.length) - 1)];
    }
}
