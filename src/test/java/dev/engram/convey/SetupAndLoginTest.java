package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
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

class SetupAndLoginTest {
    @TempDir
    Path dir;

    @Test
    void firstLocalVisitSetsNameAndHashedPassword() throws Exception {
        try (ConveyFixture f = new ConveyFixture(dir)) {
            HttpSession h = f.client();
            HttpResponse<String> root = h.get("/app/home/");
            assertThat(root.statusCode()).isEqualTo(302);
            assertThat(root.headers().firstValue("Location")).hasValue("/setup");
            HttpResponse<String> page = h.get("/setup");
            assertThat(page.body()).contains("name=\"confirm\"").contains("name=\"_csrf\"");

            HttpResponse<String> mismatch = h.postForm("/setup", Map.of(Convey.CSRF_FIELD, h.csrf(), "name", "Ada",
                    "password", "longenough1", "confirm", "different1"));
            assertThat(mismatch.statusCode()).isEqualTo(400);
            assertThat(mismatch.body()).contains("do not match");

            HttpResponse<String> done = h.postForm("/setup", Map.of(Convey.CSRF_FIELD, h.csrf(), "name", "Ada Lovelace",
                    "password", "longenough1", "confirm", "longenough1"));
            assertThat(done.statusCode()).isEqualTo(302);
            assertThat(h.cookie(Convey.SESSION_COOKIE)).isNotEmpty();
            assertThat(h.get("/app/home/").statusCode()).isEqualTo(200);

            String config = Files.readString(dir.resolve("config/journal.json"));
            assertThat(config).contains("Ada Lovelace").contains("pbkdf2-sha256$" + Passwords.iterations() + "$")
                    .doesNotContain("longenough1");
            assertThat(Journal.open(dir).config().convey().passwordHash()).isPresent();
            assertThat(h.get("/setup").statusCode()).isEqualTo(302);
        }
    }

    @Test
    void setupIsRefusedBehindAProxy() {
        try (ConveyFixture f = new ConveyFixture(dir)) {
            HttpSession h = f.client();
            for (String header : List.of("X-Forwarded-For", "X-Real-IP", "X-Forwarded-Host", "Forwarded", "Via",
                    "X-Forwarded-Proto", "X-Client-IP", "True-Client-IP", "CF-Connecting-IP")) {
                assertThat(h.get("/setup", header, "10.0.0.9").body()).contains("id=\"setup-remote\"")
                        .doesNotContain("name=\"confirm\"");
                HttpResponse<String> post = h.postForm("/setup", Map.of(Convey.CSRF_FIELD, h.csrf(), "name", "Eve",
                        "password", "longenough1", "confirm", "longenough1"), header, "10.0.0.9");
                assertThat(post.statusCode()).as(header).isEqualTo(403);
            }
            assertThat(f.journal.config().convey().hasPassword()).isFalse();
        }
    }

    @Test
    void loginWithRightAndWrongPassword() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.client();
            HttpResponse<String> redirect = h.get("/app/todos/20240102");
            assertThat(redirect.statusCode()).isEqualTo(302);
            assertThat(redirect.headers().firstValue("Location").orElseThrow()).startsWith("/login?next=");

            HttpResponse<String> wrong = h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(), "password", "nope-nope"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("Wrong password");
            assertThat(h.cookie(Convey.SESSION_COOKIE)).isEmpty();

            HttpResponse<String> ok = h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(),
                    "password", ConveyFixture.PASSWORD, "next", "/app/todos/20240102"));
            assertThat(ok.statusCode()).isEqualTo(302);
            assertThat(ok.headers().firstValue("Location")).hasValue("/app/todos/20240102");
            assertThat(h.get("/app/todos/20240102").body()).contains("data-day=\"20240102\"");

            h.postForm("/logout", Map.of(Convey.CSRF_FIELD, h.csrf()));
            assertThat(h.get("/app/home/").statusCode()).isEqualTo(302);
        }
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSite() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.client();
            HttpResponse<String> ok = h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(), "password", ConveyFixture.PASSWORD));
            String session = ok.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(Convey.SESSION_COOKIE + "=")).findFirst().orElseThrow();
            assertThat(session).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
            assertThat(session.substring(Convey.SESSION_COOKIE.length() + 1, session.indexOf(';'))).hasSize(43);
            String csrf = h.get("/login").headers().allValues("Set-Cookie").toString();
            HttpSession fresh = f.client();
            String csrfCookie = fresh.get("/login").headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(Convey.CSRF_COOKIE + "=")).findFirst().orElseThrow();
            assertThat(csrfCookie).contains("SameSite=Strict").doesNotContain("HttpOnly");
            assertThat(csrf).doesNotContain(Convey.CSRF_COOKIE);
        }
    }

    @Test
    void failedLoginsAreRateLimited() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.client();
            for (int i = 0; i < 5; i++) {
                assertThat(h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(), "password", "wrong" + i)).statusCode())
                        .isEqualTo(401);
            }
            HttpResponse<String> limited = h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(),
                    "password", ConveyFixture.PASSWORD), "Accept", "application/json");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(limited.body()).contains("\"reason_code\":\"rate_limited\"");
            assertThat(h.cookie(Convey.SESSION_COOKIE)).isEmpty();
        }
    }

    @Test
    void concurrentWrongPasswordsCannotGetPastTheLimit() throws Exception {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.client();
            String csrf = h.csrf();
            ExecutorService pool = Executors.newFixedThreadPool(10);
            try {
                List<Callable<Integer>> tries = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String guess = "guess " + i;
                    tries.add(() -> h.postForm("/login", Map.of(Convey.CSRF_FIELD, csrf, "password", guess),
                            "Accept", "application/json").statusCode());
                }
                List<Integer> codes = new ArrayList<>();
                for (Future<Integer> r : pool.invokeAll(tries)) {
                    codes.add(r.get());
                }
                assertThat(codes).containsOnly(401, 429);
                assertThat(codes.stream().filter(c -> c == 401).count()).isEqualTo(5);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void rightPasswordsNeverRunIntoTheLimit() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            for (int i = 0; i < 8; i++) {
                HttpSession h = f.client();
                assertThat(h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(), "password", ConveyFixture.PASSWORD))
                        .statusCode()).as("login %d", i).isEqualTo(302);
            }
            HttpSession h = f.client();
            for (int i = 0; i < 4; i++) {
                assertThat(h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(), "password", "wrong" + i))
                        .statusCode()).isEqualTo(401);
            }
            assertThat(h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(), "password", ConveyFixture.PASSWORD))
                    .statusCode()).isEqualTo(302);
            for (int i = 0; i < 4; i++) {
                assertThat(h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(), "password", "again" + i))
                        .statusCode()).as("a success forgave the earlier failures").isEqualTo(401);
            }
        }
    }

    @Test
    void legacyPlaintextPasswordIsReplacedByAHashAtLogin() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/journal.json"),
                "{\"identity\":{\"name\":\"Ada\"},\"convey\":{\"password\":\"legacy-secret-42\"}}");
        try (ConveyFixture f = new ConveyFixture(dir)) {
            HttpSession h = f.client();
            assertThat(h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(), "password", "legacy-secret-4")).statusCode())
                    .isEqualTo(401);
            assertThat(Files.readString(dir.resolve("config/journal.json"))).contains("legacy-secret-42");
            assertThat(h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(), "password", "legacy-secret-42")).statusCode())
                    .isEqualTo(302);
            String config = Files.readString(dir.resolve("config/journal.json"));
            assertThat(config).doesNotContain("legacy-secret-42").contains("pbkdf2-sha256$");
            HttpSession again = f.client();
            assertThat(again.postForm("/login", Map.of(Convey.CSRF_FIELD, again.csrf(), "password", "legacy-secret-42"))
                    .statusCode()).isEqualTo(302);
        }
    }
}
