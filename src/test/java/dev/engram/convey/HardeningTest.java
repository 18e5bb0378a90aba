package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Identity;
import dev.engram.testing.HttpSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What probing found (issue 8: client errors answered with 500, the login limiter, setup) and issue 7's auth parts. */
class HardeningTest {
    @TempDir
    Path dir;

    @Test
    void aBogusCharsetIsA415NotA500() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.loggedIn();
            HttpResponse<String> json = raw(f.url, "POST", "/api/config/apps/order", "application/json; charset=bogus",
                    "{\"order\":[]}", h);
            assertThat(json.statusCode()).isEqualTo(415);
            assertThat(json.body()).contains("\"reason_code\":\"unsupported_charset\"");
            HttpResponse<String> form = raw(f.url, "POST", "/login", "application/x-www-form-urlencoded; charset=bogus",
                    "password=x&_csrf=" + h.csrf(), h);
            assertThat(form.statusCode()).isEqualTo(415);
            assertThat(form.body()).contains("charset is not supported");
        }
    }

    @Test
    void aMultipartLoginIsNeverParsed() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.client();
            String type = "multipart/form-data; boundary=XYZ";
            String broken = "--XYZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + h.csrf() + "\r\n--XY";
            HttpResponse<String> noHeader = raw(f.url, "POST", "/login", type, broken, h, "Accept", "application/json");
            assertThat(noHeader.statusCode()).as("the token in a multipart body is not read").isEqualTo(403);
            assertThat(noHeader.body()).contains("csrf_failed");
            HttpResponse<String> withHeader = raw(f.url, "POST", "/login", type, broken, h,
                    Convey.CSRF_HEADER, h.csrf(), "Accept", "application/json");
            assertThat(withHeader.statusCode()).isEqualTo(415);
            assertThat(withHeader.body()).contains("\"reason_code\":\"unsupported_media_type\"");
        }
    }

    @Test
    void clientErrorsAreLoggedAtMostOncePerPeriod() {
        MovableClock now = new MovableClock();
        ClientErrorLog log = new ClientErrorLog(Duration.ofSeconds(10), now);
        assertThat(log.report("unsupported_charset", "POST /x", "bogus")).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(log.report("unsupported_charset", "POST /x", "bogus")).isFalse();
        }
        assertThat(log.report("malformed_body", "POST /x", "broken")).as("another kind").isTrue();
        now.advance(Duration.ofMillis(10_000));
        assertThat(log.report("unsupported_charset", "POST /x", "bogus")).isTrue();
    }

    @Test
    void theLimiterForgetsAddressesInsteadOfGrowingWithoutEnd() {
        MovableClock now = new MovableClock();
        LoginLimiter limiter = new LoginLimiter(5, Duration.ofMinutes(5), Duration.ofSeconds(30), 100, now);
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("10.0." + (i / 250) + "." + (i % 250));
            assertThat(limiter.clients()).isLessThanOrEqualTo(100);
        }
        assertThat(limiter.clears()).isPositive();
        for (int i = 0; i < 1000; i++) {
            limiter.retryAfterSeconds("192.0.2." + (i % 250) + i);
        }
        assertThat(limiter.clients()).as("asking does not remember anybody").isLessThanOrEqualTo(100);
    }

    @Test
    void afterTheFreeAttemptsTheBackOffGrowsButStaysShort() {
        MovableClock now = new MovableClock();
        LoginLimiter limiter = new LoginLimiter(5, Duration.ofMinutes(5), Duration.ofSeconds(30), 100, now);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("127.0.0.1")).isZero();
        }
        assertThat(limiter.tryAcquire("127.0.0.1")).isEqualTo(5);
        long[] expected = {10, 20, 30, 30, 30};
        long waited = 5;
        for (long next : expected) {
            now.advance(Duration.ofMillis(waited * 1000));
            assertThat(limiter.tryAcquire("127.0.0.1")).as("after the back-off one attempt is allowed").isZero();
            assertThat(limiter.tryAcquire("127.0.0.1")).isEqualTo(next);
            waited = next;
        }
        now.advance(Duration.ofMillis(30_000));
        assertThat(limiter.tryAcquire("127.0.0.1")).isZero();
        limiter.succeeded("127.0.0.1");
        assertThat(limiter.tryAcquire("127.0.0.1")).as("the right password forgives").isZero();
    }

    @Test
    void aLockedOutVisitorSeesTheFormWithTheRemainingTime() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.client();
            for (int i = 0; i < 5; i++) {
                h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(), "password", "wrong" + i));
            }
            HttpResponse<String> locked = h.postForm("/login", Map.of(Convey.CSRF_FIELD, h.csrf(),
                    "password", ConveyFixture.PASSWORD));
            assertThat(locked.statusCode()).isEqualTo(429);
            long wait = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
            assertThat(wait).isBetween(1L, 5L);
            assertThat(locked.body()).contains("name=\"password\"", "try again in " + wait + " s");
        }
    }

    @Test
    void anyProxyHeaderDefeatsTheLocalhostTrust() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword().trustLocalhost(true)) {
            HttpSession h = f.client();
            assertThat(h.get("/app/home/").statusCode()).isEqualTo(200);
            for (String header : List.of("Via", "X-Forwarded-Proto", "X-Client-IP", "True-Client-IP",
                    "CF-Connecting-IP", "Fastly-Client-IP", "X-Forwarded-Port", "X-Cluster-Client-IP")) {
                assertThat(h.get("/app/home/", header, "1.1 proxy").statusCode()).as(header).isEqualTo(302);
            }
        }
    }

    @Test
    void oldHashesAreUpgradedAtTheNextLogin() throws Exception {
        try (ConveyFixture f = new ConveyFixture(dir)) {
            String current = "pbkdf2-sha256$" + Passwords.iterations() + "$";
            String old = Passwords.hash(ConveyFixture.PASSWORD.toCharArray(), Passwords.iterations() / 2);
            f.journal.updateConfig(c -> c.withConvey(c.convey().withPasswordHash(old)));
            f.loggedIn();
            String stored = f.journal.config().convey().passwordHash().orElseThrow();
            assertThat(stored).startsWith(current);
            assertThat(Passwords.verify(ConveyFixture.PASSWORD.toCharArray(), stored)).isTrue();
            f.loggedIn();
            assertThat(f.journal.config().convey().passwordHash()).as("a current hash stays").hasValue(stored);
            assertThat(Passwords.hash("x".toCharArray())).startsWith(current);
        }
    }

    @Test
    void theWorkFactorIsOwaspsUnlessTheVariableAsksForAnotherOfAtLeastAThousand() {
        assertThat(Passwords.workFactor(null)).isEqualTo(600_000);
        assertThat(Passwords.workFactor(" ")).isEqualTo(600_000);
        assertThat(Passwords.workFactor("1000")).isEqualTo(1_000);
        assertThat(Passwords.workFactor(" 2000000 ")).isEqualTo(2_000_000);
        for (String ignored : List.of("999", "0", "-5", "many", "1e6", "99999999999")) {
            assertThat(Passwords.workFactor(ignored)).as(ignored).isEqualTo(600_000);
        }
    }

    @Test
    void setupKeepsTheJournalsNameUnlessChangedAndLogsTheChange() throws Exception {
        try (ConveyFixture f = new ConveyFixture(dir)) {
            f.journal.updateConfig(c -> c.withIdentity(new Identity("Ada Lovelace", "Ada", "Mathematician",
                    Identity.Pronouns.NONE, List.of(), List.of(), "Europe/London", null)));
            HttpSession h = f.client();
            HttpResponse<String> page = h.get("/setup");
            assertThat(page.body()).contains("value=\"Ada Lovelace\"").contains("after you\n      log out or Engram restarts");
            assertThat(h.postForm("/setup", Map.of(Convey.CSRF_FIELD, h.csrf(), "name", "Ada King",
                    "password", "longenough1", "confirm", "longenough1")).statusCode()).isEqualTo(302);
            Identity after = f.journal.config().identity();
            assertThat(after.name()).isEqualTo("Ada King");
            assertThat(after.bio()).isEqualTo("Mathematician");
            assertThat(after.timezone()).isEqualTo("Europe/London");
            String log = actions();
            assertThat(log).contains("\"action\":\"setup_complete\"").contains("\"name\":\"Ada King\"")
                    .contains("\"password_set\":true").doesNotContain("longenough1");
        }
    }

    @Test
    void setupWithTheSameNameChangesNoIdentityField() throws Exception {
        try (ConveyFixture f = new ConveyFixture(dir)) {
            f.journal.updateConfig(c -> c.withIdentity(Identity.named("Ada Lovelace")));
            HttpSession h = f.client();
            assertThat(h.postForm("/setup", Map.of(Convey.CSRF_FIELD, h.csrf(), "name", "Ada Lovelace",
                    "password", "longenough1", "confirm", "longenough1")).statusCode()).isEqualTo(302);
            assertThat(actions()).contains("\"password_set\":true").doesNotContain("\"name\"");
        }
    }

    @Test
    void theJournalConfigIsParsedOnlyWhenItChanges() throws Exception {
        dev.engram.journal.Journal journal = dev.engram.journal.Journal.create(dir, "Ada");
        Path file = dir.resolve("config/journal.json");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        ConfigCache cache = new ConfigCache(journal);
        for (int i = 0; i < 100; i++) {
            assertThat(cache.get().identity().name()).isEqualTo("Ada");
        }
        assertThat(cache.loads()).isEqualTo(1);
        journal.updateConfig(c -> c.withIdentity(Identity.named("Bea")));
        assertThat(cache.get().identity().name()).isEqualTo("Bea");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        cache.get();
        long loads = cache.loads();
        cache.get();
        assertThat(cache.loads()).isEqualTo(loads);
    }

    private String actions() throws Exception {
        try (var files = Files.list(dir.resolve("config/actions"))) {
            StringBuilder out = new StringBuilder();
            for (Path p : files.toList()) {
                out.append(Files.readString(p));
            }
            return out.toString();
        }
    }

    /** A request with exactly this Content-Type and body, with the session's cookies. */
    private static HttpResponse<String> raw(String url, String method, String path, String type, String body,
                                            HttpSession session, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", type)
                .header("Cookie", Convey.CSRF_COOKIE + "=" + session.cookie(Convey.CSRF_COOKIE) + "; "
                        + Convey.SESSION_COOKIE + "=" + session.cookie(Convey.SESSION_COOKIE))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (!method.equals("GET") && headers.length == 0 && !path.equals("/login")) {
            b.header(Convey.CSRF_HEADER, session.csrf());
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
