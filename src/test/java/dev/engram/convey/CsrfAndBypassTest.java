package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsrfAndBypassTest {
    @TempDir
    Path dir;

    @Test
    void stateChangingRequestsNeedTheCsrfToken() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.loggedIn();
            String token = h.csrf();
            HttpResponse<String> missing = h.postJson("/app/home/api/echo", "{}");
            assertThat(missing.statusCode()).isEqualTo(403);
            assertThat(missing.body()).contains("\"reason_code\":\"csrf_failed\"");
            HttpResponse<String> wrong = h.postJson("/app/home/api/echo", "{}", Convey.CSRF_HEADER, Tokens.random());
            assertThat(wrong.statusCode()).isEqualTo(403);
            HttpResponse<String> badOrigin = h.postJson("/app/home/api/echo", "{}", Convey.CSRF_HEADER, token,
                    "Origin", "http://evil.example");
            assertThat(badOrigin.statusCode()).isEqualTo(403);
            assertThat(badOrigin.body()).contains("csrf_failed");

            assertThat(h.postJson("/app/home/api/echo", "{}", Convey.CSRF_HEADER, token).statusCode()).isEqualTo(200);
            String origin = f.url;
            assertThat(h.postJson("/app/home/api/echo", "{}", Convey.CSRF_HEADER, token, "Origin", origin).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void programsThatSendAKeyHeaderGetNoCsrfCookie() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            assertThat(csrfCookies(new HttpSession(f.url).get("/login"))).hasSize(1);
            assertThat(csrfCookies(new HttpSession(f.url).get("/login", "Authorization", "Bearer " + Tokens.random())))
                    .isEmpty();
            assertThat(csrfCookies(new HttpSession(f.url).get("/login", "X-Solstone-Observer", Tokens.random())))
                    .isEmpty();
            // a key header does not switch the check off: a state change without the token is still refused
            HttpResponse<String> post = new HttpSession(f.url).postJson("/app/home/api/echo", "{}",
                    "Authorization", "Bearer " + Tokens.random());
            assertThat(post.statusCode()).isIn(401, 403);
        }
    }

    private static List<String> csrfCookies(HttpResponse<String> r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(Convey.CSRF_COOKIE + "="))
                .toList();
    }

    @Test
    void aTokenWithoutTheMatchingCookieIsRejected() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.loggedIn();
            String token = h.csrf();
            h.forget(Convey.CSRF_COOKIE);
            assertThat(h.postJson("/app/home/api/echo", "{}", Convey.CSRF_HEADER, token).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void trustedLocalhostNeedsNoLoginButProxyHeadersDefeatIt() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword().trustLocalhost(true)) {
            HttpSession h = f.client();
            assertThat(h.get("/app/home/").statusCode()).isEqualTo(200);
            assertThat(h.send("POST", "/app/home/api/echo", "{}").statusCode()).isEqualTo(200);
            for (String header : List.of("X-Forwarded-For", "X-Real-IP", "X-Forwarded-Host", "Forwarded")) {
                assertThat(h.get("/app/home/", header, "203.0.113.5").statusCode()).as(header).isEqualTo(302);
                HttpResponse<String> api = h.get("/app/home/api/stats/202401", header, "203.0.113.5");
                assertThat(api.statusCode()).as(header).isEqualTo(401);
                assertThat(api.body()).contains("\"reason_code\":\"auth_required\"");
            }
        }
    }

    @Test
    void aForeignHostNameIsNotLocalEvenFromLoopback() throws Exception {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword().trustLocalhost(true)) {
            java.net.URI u = java.net.URI.create(f.url);
            assertThat(rawStatus(u, "localhost:" + u.getPort(), "/app/home/")).isEqualTo(200);
            assertThat(rawStatus(u, "[::1]:" + u.getPort(), "/app/home/")).isEqualTo(200);
            assertThat(rawStatus(u, "rebound.example:" + u.getPort(), "/app/home/")).isEqualTo(302);
        }
        Path fresh = dir.resolve("fresh");
        try (ConveyFixture f = new ConveyFixture(fresh)) {
            java.net.URI u = java.net.URI.create(f.url);
            assertThat(rawBody(u, "rebound.example:" + u.getPort(), "/setup")).contains("id=\"setup-remote\"");
        }
    }

    /** The status of a GET sent over a plain socket with this Host header (HttpClient cannot set Host). */
    private static int rawStatus(java.net.URI u, String host, String path) throws java.io.IOException {
        String head = rawBody(u, host, path).lines().findFirst().orElse("");
        return Integer.parseInt(head.split(" ")[1]);
    }

    private static String rawBody(java.net.URI u, String host, String path) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void withoutTrustLocalhostEvenLocalhostMustLogIn() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword().trustLocalhost(false)) {
            HttpSession h = f.client();
            assertThat(h.get("/app/home/").statusCode()).isEqualTo(302);
            HttpResponse<String> sse = h.get("/sse/events");
            assertThat(sse.statusCode()).isEqualTo(401);
            assertThat(sse.body()).contains("auth_required");
            assertThat(h.get("/static/convey/convey.js").statusCode()).isEqualTo(200);
            assertThat(h.get("/login").statusCode()).isEqualTo(200);
        }
    }
}
