package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

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
            Http h = f.loggedIn();
            String token = h.csrf();
            HttpResponse<String> missing = h.postJson("/app/home/api/echo", "{}");
            assertThat(missing.statusCode()).isEqualTo(403);
            assertThat(missing.body()).contains("\"reason_code\":\"csrf_failed\"");
            HttpResponse<String> wrong = h.postJson("/app/home/api/echo", "{}", "X-CSRF-Token", Tokens.random());
            assertThat(wrong.statusCode()).isEqualTo(403);
            HttpResponse<String> badOrigin = h.postJson("/app/home/api/echo", "{}", "X-CSRF-Token", token,
                    "Origin", "http://evil.example");
            assertThat(badOrigin.statusCode()).isEqualTo(403);
            assertThat(badOrigin.body()).contains("csrf_failed");

            assertThat(h.postJson("/app/home/api/echo", "{}", "X-CSRF-Token", token).statusCode()).isEqualTo(200);
            String origin = f.url;
            assertThat(h.postJson("/app/home/api/echo", "{}", "X-CSRF-Token", token, "Origin", origin).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aTokenWithoutTheMatchingCookieIsRejected() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            Http h = f.loggedIn();
            String token = h.csrf();
            h.cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(Guard.CSRF_COOKIE))
                    .toList().forEach(c -> h.cookies.getCookieStore().remove(null, c));
            assertThat(h.postJson("/app/home/api/echo", "{}", "X-CSRF-Token", token).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void trustedLocalhostNeedsNoLoginButProxyHeadersDefeatIt() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword().trustLocalhost(true)) {
            Http h = f.client();
            assertThat(h.get("/app/home/").statusCode()).isEqualTo(200);
            assertThat(h.api("/app/home/api/echo", "{}").statusCode()).isEqualTo(200);
            for (String header : List.of("X-Forwarded-For", "X-Real-IP", "X-Forwarded-Host", "Forwarded")) {
                assertThat(h.get("/app/home/", header, "203.0.113.5").statusCode()).as(header).isEqualTo(302);
                HttpResponse<String> api = h.get("/app/home/api/stats/202401", header, "203.0.113.5");
                assertThat(api.statusCode()).as(header).isEqualTo(401);
                assertThat(api.body()).contains("\"reason_code\":\"auth_required\"");
            }
        }
    }

    @Test
    void withoutTrustLocalhostEvenLocalhostMustLogIn() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword().trustLocalhost(false)) {
            Http h = f.client();
            assertThat(h.get("/app/home/").statusCode()).isEqualTo(302);
            HttpResponse<String> sse = h.get("/sse/events");
            assertThat(sse.statusCode()).isEqualTo(401);
            assertThat(sse.body()).contains("auth_required");
            assertThat(h.get("/static/convey/convey.js").statusCode()).isEqualTo(200);
            assertThat(h.get("/login").statusCode()).isEqualTo(200);
        }
    }
}
