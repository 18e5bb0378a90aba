package dev.engram.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.convey.Convey;
import dev.engram.testing.HttpSession;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for what held when Engram was probed (issue 8, "Keep"): CSRF on every state-changing route,
 * session fixation, traversal on every route with a name in its path, 413 on huge bodies, and concurrent settings
 * writes. The four real apps over real HTTP.
 */
class KeepSecurityTest {
    private static final java.util.Set<String> CHANGING_METHODS = java.util.Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<String> TRAVERSAL = List.of("..", "%2e%2e", "..%2f..%2fconfig", "%2e%2e%2fconfig",
            "....%2f%2f", "%2fetc%2fpasswd", "..%5c..%5cconfig", "a%00b", "%252e%252e", "config%2fjournal.json",
            ".", "~", "%c0%ae%c0%ae", "..;", "x%0d%0ay", "%2f", "journal.json", "..%2f..%2f..%2f..%2fetc%2fpasswd",
            "20240101%2f..%2f..", "-1", "9".repeat(40));
    private static final List<String> NAMED_ROUTES = List.of("/app/home/api/day/%s", "/app/home/api/stats/%s",
            "/app/home/api/day/%s?facet=%s", "/app/transcripts/api/day/%s", "/app/transcripts/api/stats/%s",
            "/app/transcripts/api/segment/%s/120000_300", "/app/transcripts/api/segment/20240101/%s",
            "/app/transcripts/media/%s/120000_300/audio.jsonl", "/app/transcripts/media/20240101/%s/audio.jsonl",
            "/app/transcripts/media/20240101/120000_300/%s", "/app/settings/api/actions?day=%s",
            "/app/home/%s", "/app/transcripts/%s", "/app/settings/api/facets/%s", "/app/home/api/day/20240101?facet=%s",
            "/static/%s", "/app/%s");

    @TempDir
    Path dir;

    @Test
    void everyStateChangingRouteNeedsTheTokenAndThisOrigin() {
        try (AppServer server = new AppServer(dir)) {
            HttpSession h = server.client();
            String token = h.csrf();
            List<String[]> changing = changingRoutes(server.convey);
            assertThat(changing).extracting(r -> r[0] + " " + r[1]).contains("POST /login", "POST /logout",
                    "POST /setup", "POST /api/config/apps/order", "PUT /app/settings/api/identity",
                    "POST /app/settings/api/facets", "PUT /app/settings/api/facets/work",
                    "POST /app/settings/api/password");
            for (String[] r : changing) {
                String what = r[0] + " " + r[1];
                assertCsrfFailed(h.sendWithoutCsrf(r[0], r[1], r[2]), what + " without token");
                assertCsrfFailed(send(server.url, h, r, Convey.CSRF_HEADER, "x".repeat(43)), what + " wrong token");
                assertCsrfFailed(send(server.url, h, r, Convey.CSRF_HEADER, token, "Origin", "http://evil.example"),
                        what + " foreign Origin");
                assertCsrfFailed(send(server.url, h, r, Convey.CSRF_HEADER, token, "Origin", "null"),
                        what + " null Origin");
            }
            assertThat(h.get("/app/settings/api/identity").statusCode()).as("still logged in").isEqualTo(200);
        }
    }

    @Test
    void aSessionIdChosenBeforeLoginIsNeverTheOneIssued() {
        try (AppServer server = new AppServer(dir)) {
            String planted = "A".repeat(43);
            HttpSession h = server.anonymous();
            String csrf = h.csrf();
            HttpResponse<String> login = h.postForm("/login", Map.of(Convey.CSRF_FIELD, csrf,
                    "password", AppServer.PASSWORD), "Cookie", Convey.CSRF_COOKIE + "=" + csrf + "; "
                    + Convey.SESSION_COOKIE + "=" + planted);
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(h.cookie(Convey.SESSION_COOKIE)).isNotEmpty().isNotEqualTo(planted);
            HttpSession attacker = server.anonymous();
            assertThat(attacker.get("/app/settings/api/identity", "Cookie", Convey.SESSION_COOKIE + "=" + planted)
                    .statusCode()).isEqualTo(401);
        }
    }

    @Test
    void namesInPathsCannotLeaveTheirFolder() throws Exception {
        try (AppServer server = new AppServer(dir)) {
            HttpSession h = server.client();
            String secret = server.journal.config().convey().passwordHash().orElseThrow();
            for (String route : NAMED_ROUTES) {
                for (String payload : TRAVERSAL) {
                    String path = route.replace("%s", payload);
                    HttpResponse<String> r = h.get(path);
                    assertThat(r.statusCode()).as(path).isIn(301, 302, 400, 404, 405);
                    assertThat(r.body()).as(path).doesNotContain(secret).doesNotContain("root:x:0:0");
                }
            }
            assertThat(Files.readString(dir.resolve("config/journal.json"))).contains(secret);
        }
    }

    @Test
    void aHugeBodyIsRefusedBeforeItIsRead() throws Exception {
        try (AppServer server = new AppServer(dir)) {
            HttpSession h = server.client();
            URI u = URI.create(server.url);
            try (Socket s = new Socket(u.getHost(), u.getPort())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                long t0 = System.nanoTime();
                out.write(("PUT /app/settings/api/identity HTTP/1.1\r\nHost: " + u.getAuthority()
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + 50L * 1024 * 1024
                        + "\r\n" + Convey.CSRF_HEADER + ": " + h.csrf() + "\r\nCookie: " + Convey.CSRF_COOKIE + "="
                        + h.csrf() + "; " + Convey.SESSION_COOKIE + "=" + h.cookie(Convey.SESSION_COOKIE)
                        + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread writer = Thread.ofVirtual().start(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        for (long sent = 0; sent < 50L * 1024 * 1024; sent += chunk.length) {
                            out.write(chunk);
                        }
                    } catch (java.io.IOException e) {
                        // the server answered and closed: expected
                    }
                });
                InputStream in = s.getInputStream();
                byte[] head = new byte[12];
                int n = in.readNBytes(head, 0, 12);
                assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
                assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until 413").isLessThan(5000);
                s.close();
                writer.join(10_000);
            }
        }
    }

    @Test
    void concurrentSettingsWritesAreAllKept() throws Exception {
        try (AppServer server = new AppServer(dir)) {
            HttpSession h = server.client();
            h.csrf();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Callable<Integer>> writes = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String name = "f" + i;
                    writes.add(() -> h.send("POST", "/app/settings/api/facets",
                            "{\"name\":\"" + name + "\",\"title\":\"T " + name + "\"}").statusCode());
                }
                for (Future<Integer> f : pool.invokeAll(writes)) {
                    assertThat(f.get()).isEqualTo(201);
                }
            } finally {
                pool.shutdownNow();
            }
            String list = h.get("/app/settings/api/facets").body();
            for (int i = 0; i < 200; i++) {
                assertThat(list).contains("\"name\":\"f" + i + "\"");
                assertThat(server.journal.facet("f" + i)).as("f%d", i).isPresent();
            }
        }
    }

    /**
     * Every POST/PUT/PATCH/DELETE route the server registered (Convey's and the apps'), with sample path parameters and
     * an empty JSON body: the token is checked before the handler reads anything. A new route is covered at once.
     */
    private static List<String[]> changingRoutes(Convey convey) {
        List<String[]> out = new ArrayList<>();
        for (String route : convey.routes()) {
            String method = route.substring(0, route.indexOf(' '));
            if (CHANGING_METHODS.contains(method)) {
                String path = route.substring(route.indexOf(' ') + 1)
                        .replaceAll("\\{name}|<name>", "work").replaceAll("\\{day}|<day>", "20240101")
                        .replaceAll("\\{[^}]*}|<[^>]*>", "x").replace("*", "x");
                out.add(new String[] {method, path, "{}"});
            }
        }
        return out;
    }

    /** The route's request with the session's cookies and exactly these extra headers. */
    private static HttpResponse<String> send(String url, HttpSession h, String[] route, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + route[1]))
                .header("Content-Type", "application/json")
                .header("Cookie", Convey.CSRF_COOKIE + "=" + h.cookie(Convey.CSRF_COOKIE) + "; "
                        + Convey.SESSION_COOKIE + "=" + h.cookie(Convey.SESSION_COOKIE))
                .method(route[0], HttpRequest.BodyPublishers.ofString(route[2]));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertCsrfFailed(HttpResponse<String> r, String what) {
        assertThat(r.statusCode()).as(what).isEqualTo(403);
        assertThat(r.body()).as(what).containsAnyOf("\"reason_code\":\"csrf_failed\"", "CSRF token",
                "Origin does not match");
    }
}
