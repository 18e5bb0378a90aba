package dev.engram.testing;

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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for one browser-like session against a Convey server at {@code base}: a cookie jar (session and
 * CSRF cookies), no redirects followed. State-changing JSON requests echo the CSRF cookie in the CSRF header. I/O
 * failures are thrown as {@link IllegalStateException}.
 */
public final class HttpSession {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;
    private final String base;

    public HttpSession(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Logs in through the /login form; fails unless the server redirects and sets the session cookie. */
    public HttpSession login(String password) {
        var r = postForm("/login", Map.of("password", password, Convey.CSRF_FIELD, csrf()));
        if (r.statusCode() != 302 || cookie(Convey.SESSION_COOKIE).isEmpty()) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        return this;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String path, String... headers) {
        return send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A GET answered in the background, for streams such as server-sent events. */
    public <T> CompletableFuture<HttpResponse<T>> getAsync(String path, HttpResponse.BodyHandler<T> body,
            String... headers) {
        return client.sendAsync(request(path, headers).GET().build(), body);
    }

    public HttpResponse<String> postForm(String path, Map<String, String> form, String... headers) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON POST with exactly the given extra headers (no CSRF header unless given). */
    public HttpResponse<String> postJson(String path, String json, String... headers) {
        return sendJson("POST", path, json, headers);
    }

    /** A JSON request with the CSRF header. */
    public HttpResponse<String> send(String method, String path, String json) {
        return sendJson(method, path, json, Convey.CSRF_HEADER, csrf());
    }

    /** A JSON request without the CSRF header (must be refused). */
    public HttpResponse<String> sendWithoutCsrf(String method, String path, String json) {
        return sendJson(method, path, json);
    }

    /** The CSRF cookie; if the server has not set one yet, gets /login so that it does. */
    public String csrf() {
        if (cookie(Convey.CSRF_COOKIE).isEmpty()) {
            get("/login");
        }
        return cookie(Convey.CSRF_COOKIE);
    }

    /** The value of the named cookie, or "" if the jar has none. */
    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }

    /** Drops the named cookie from the jar. */
    public void forget(String name) {
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .toList().forEach(c -> cookies.getCookieStore().remove(null, c));
    }

    public static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> sendJson(String method, String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(r, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
