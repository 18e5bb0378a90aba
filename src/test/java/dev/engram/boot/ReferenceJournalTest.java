package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.convey.Convey;
import dev.engram.journal.Journal;
import dev.engram.testing.ReferenceFixture;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engram on a copy of the reference system's own journal: its legacy plaintext password logs in (and is replaced by
 * a hash), and the transcripts app shows both its segments with their transcripts and screen extracts.
 */
class ReferenceJournalTest {
    @TempDir
    Path tmp;

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void servesTheReferenceJournal() throws Exception {
        Path root = ReferenceFixture.copyTo(tmp.resolve("journal"));
        String legacyPassword = Journal.open(root).config().convey().password().orElseThrow();
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "ref");
        Engram engram = Engram.start(new EngramOptions(root, "127.0.0.1", 0, Optional.of(sockets.resolve("b.sock"))));
        try {
            String base = engram.url();
            get(base + "/login");
            String form = "password=" + URLEncoder.encode(legacyPassword, StandardCharsets.UTF_8) + "&"
                    + Convey.CSRF_FIELD + "=" + csrf();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(302);
            String config = Files.readString(root.resolve("config/journal.json"));
            assertThat(config).contains("password_hash").doesNotContain("\"" + legacyPassword + "\"");

            assertThat(get(base + "/app/transcripts/api/day/20240101").body()).contains("123456_300");
            assertThat(get(base + "/app/transcripts/api/day/20240102").body()).contains("234567_300");
            String first = get(base + "/app/transcripts/api/segment/20240101/123456_300").body();
            assertThat(first).contains("finalize the authentication module").contains("Terminal running pytest");
            String second = get(base + "/app/transcripts/api/segment/20240102/234567_300").body();
            assertThat(second).contains("token expiration").contains("Docker logs");
            HttpResponse<String> page = get(base + "/app/transcripts/20240101");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(get(base + "/app/home/api/day/20240101").body()).contains("Team standup");
        } finally {
            engram.close();
            Files.deleteIfExists(sockets);
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String csrf() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(Convey.CSRF_COOKIE))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
    }
}
