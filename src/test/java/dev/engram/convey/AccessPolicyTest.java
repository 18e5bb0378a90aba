package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route declares who may use it; the guard follows the declaration of the matched route. */
class AccessPolicyTest {
    @TempDir
    Path dir;

    @Test
    void anUndeclaredRouteNeedsASessionAndCsrfAPublicOneNothing() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession anon = f.client();
            assertThat(anon.get("/app/home/api/stats/202401").statusCode()).isEqualTo(401);
            HttpResponse<String> pub = anon.get("/app/home/api/public");
            assertThat(pub.statusCode()).isEqualTo(200);
            assertThat(pub.body()).isEqualTo("public");
            assertThat(anon.get("/static/convey/convey.js").statusCode()).isEqualTo(200);
            assertThat(anon.get("/favicon.ico").statusCode()).isEqualTo(204);
            HttpSession in = f.loggedIn();
            assertThat(in.get("/app/home/api/either").body()).isEqualTo("either session");
            assertThat(in.sendWithoutCsrf("POST", "/app/home/api/echo", "{}").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aBearerRouteWithoutAVerifierSaysSo() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpResponse<String> r = f.client().get("/app/home/api/bearer", "Authorization", "Bearer abc");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("\"reason_code\":\"bearer_unavailable\"");
            HttpResponse<String> none = f.client().get("/app/home/api/bearer");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).contains("bearer_unavailable");
            assertThat(f.loggedIn().get("/app/home/api/bearer").statusCode()).as("a session is no bearer token")
                    .isEqualTo(401);
        }
    }

    @Test
    void aBearerTokenIsCheckedByTheVerifierFoundAtRequestTime() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.client();
            f.verifier.set(new BearerKeys(Map.of("observer:laptop", BearerKeys.hash("k-123456"))));
            HttpResponse<String> ok = h.get("/app/home/api/bearer", "Authorization", "Bearer k-123456");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("caller observer:laptop");
            HttpResponse<String> wrong = h.get("/app/home/api/bearer", "Authorization", "Bearer k-123457");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("invalid_token");
            assertThat(wrong.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            HttpResponse<String> missing = h.get("/app/home/api/bearer");
            assertThat(missing.body()).contains("bearer_required");
            HttpResponse<String> post = h.postJson("/app/home/api/bearer", "{}", "Authorization", "Bearer k-123456");
            assertThat(post.statusCode()).as("bearer clients need no CSRF token").isEqualTo(200);
            assertThat(post.body()).isEqualTo("posted by observer:laptop");
            assertThat(h.get("/app/home/api/either", "Authorization", "Bearer k-123456").body())
                    .isEqualTo("either observer:laptop");
            assertThat(h.get("/app/home/api/stats/202401", "Authorization", "Bearer k-123456").statusCode())
                    .as("a session route takes no bearer token").isEqualTo(401);
        }
    }

    @Test
    void aLoopbackRouteRefusesProxiesAndOtherSites() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.client();
            assertThat(h.get("/app/home/api/local").body()).isEqualTo("local");
            assertThat(h.postJson("/app/home/api/local", "{}").body()).isEqualTo("local post");
            for (String header : List.of("X-Forwarded-For", "Via", "X-Forwarded-Proto", "CF-Connecting-IP")) {
                HttpResponse<String> r = h.get("/app/home/api/local", header, "1.2.3.4");
                assertThat(r.statusCode()).as(header).isEqualTo(403);
                assertThat(r.body()).contains("loopback_only");
            }
            assertThat(h.postJson("/app/home/api/local", "{}", "Origin", "http://evil.example").statusCode())
                    .isEqualTo(403);
            assertThat(h.postJson("/app/home/api/local", "{}", "Sec-Fetch-Site", "cross-site").statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.loggedIn();
            for (String path : List.of("/login", "/app/home/", "/static/convey/convey.js", "/api/nothing-here",
                    "/no/such/page", "/app/home/api/boom")) {
                HttpResponse<String> r = h.get(path);
                assertThat(r.headers().firstValue("Content-Security-Policy")).as(path)
                        .hasValue(SecurityHeaders.CSP);
                assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
                assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
                assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
            }
            assertThat(SecurityHeaders.CSP).contains("default-src 'self'", "img-src 'self' data:",
                    "frame-ancestors 'none'", "script-src 'self'").doesNotContain("unsafe");
        }
    }

    @Test
    void templatesHaveNoInlineScriptStyleOrHandler() throws Exception {
        try (var files = java.nio.file.Files.walk(Path.of("src/main/jte"))) {
            for (Path p : files.filter(x -> x.toString().endsWith(".jte")).toList()) {
                String t = java.nio.file.Files.readString(p);
                assertThat(t).as(p.toString()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                        .doesNotContainPattern("<style").doesNotContainPattern("\\sstyle=")
                        .doesNotContainPattern("\\son[a-z]+=").doesNotContain("javascript:");
            }
        }
    }

    @Test
    void cookiesAreSecureOnlyBehindATrustedTlsProxy() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.client();
            assertThat(csrfCookie(f.url, "X-Forwarded-Proto", "https")).as("header alone is not trusted")
                    .doesNotContain("Secure");
            f.journal.updateConfig(c -> c.withConvey(new dev.engram.journal.JournalConfig.ConveySettings(
                    c.convey().password(), c.convey().passwordHash(), false,
                    c.convey().extra().with("tls_proxy", true))));
            assertThat(csrfCookie(f.url, "X-Forwarded-Proto", "https")).contains("Secure").contains("SameSite=Strict");
            assertThat(csrfCookie(f.url, "X-Forwarded-Proto", "http")).doesNotContain("Secure");
            HttpResponse<String> login = h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(),
                    "password", ConveyFixture.PASSWORD), "X-Forwarded-Proto", "https");
            assertThat(login.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(Convey.SESSION_COOKIE)).findFirst().orElseThrow())
                    .contains("Secure", "HttpOnly", "SameSite=Lax");
        }
    }

    private static String csrfCookie(String url, String header, String value) {
        HttpSession fresh = new HttpSession(url);
        return fresh.get("/login", header, value).headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Convey.CSRF_COOKIE + "=")).findFirst().orElseThrow();
    }
}
