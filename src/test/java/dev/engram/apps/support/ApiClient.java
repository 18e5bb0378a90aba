package dev.engram.apps.support;

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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client with a cookie jar (session and CSRF cookies), for the apps' route tests. */
public final class ApiClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;
    private final String base;

    ApiClient(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    void login(String password) {
        get("/login");
        String form = "password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf();
        HttpResponse<String> r = send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (r.statusCode() != 302) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
    }

    /** The CSRF cookie the server set (sent back as X-CSRF-Token on state-changing requests). */
    public String csrf() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("engram_csrf"))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    public HttpResponse<byte[]> getBytes(String path, String... headers) {
        try {
            return client.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON request with the CSRF header. */
    public HttpResponse<String> send(String method, String path, String json) {
        return send(request(path, "X-CSRF-Token", csrf(), "Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A JSON request without the CSRF header (must be refused). */
    public HttpResponse<String> sendWithoutCsrf(String method, String path, String json) {
        return send(request(path, "Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return client.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
