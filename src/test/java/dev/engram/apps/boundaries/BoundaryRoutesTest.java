package dev.engram.apps.boundaries;

import static dev.engram.apps.support.Checks.error;
import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.testing.HttpSession;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Over HTTP: symbolic links leaving the journal are neither served nor rendered nor written (media, segment, home day
 * and settings routes), and corrupt journal parts give partial day answers with {@code warnings} (contract C6) or a
 * clear 409 naming the file, never a 500 or "no password".
 */
class BoundaryRoutesTest {
    static final String LEAVES = "symbolic link leaves the journal; skipped";
    static final String SEG = "/app/transcripts/api/segment/20240315/093000_300";

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    AppServer server;
    HttpSession http;

    @BeforeEach
    void start() throws IOException {
        root = tmp.resolve("journal");
        outside = tmp.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.md"), "# SECRET\n");
        Files.writeString(outside.resolve("audio.flac"), "SECRET");
        Files.writeString(outside.resolve("audio.jsonl"), "{\"raw\":\"a\"}\n{\"start\":\"00:00:01\",\"text\":\"SECRET\"}\n");
        server = new AppServer(root);
        http = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> api(String path) {
        return http.get(path, "Accept", "application/json");
    }

    private static void assertWarned(JsonNode body, String file, String message) {
        boolean found = false;
        for (JsonNode w : body.path("warnings")) {
            found |= w.path("file").asString().equals(file) && w.path("message").asString().contains(message);
        }
        assertThat(found).as("warnings %s", body.path("warnings")).isTrue();
    }

    @Test
    void mediaIsNotServedThroughLinksLeavingTheJournalAtAnyLevel() throws IOException {
        Path segOut = outside.resolve("seg");
        Files.createDirectories(segOut);
        Files.writeString(segOut.resolve("audio.flac"), "SECRET");
        Path dayOut = outside.resolve("day");
        Files.createDirectories(dayOut);
        Files.createSymbolicLink(dayOut.resolve("093000_300"), segOut);
        Files.createSymbolicLink(root.resolve("20240101"), dayOut);
        Files.createDirectories(root.resolve("20240102"));
        Files.createSymbolicLink(root.resolve("20240102/093000_300"), segOut);
        Files.createSymbolicLink(root.resolve("20240315/093000_300/leak.flac"), outside.resolve("audio.flac"));
        for (String path : new String[] {"/app/transcripts/media/20240101/093000_300/audio.flac",
                "/app/transcripts/media/20240102/093000_300/audio.flac",
                "/app/transcripts/media/20240315/093000_300/leak.flac"}) {
            HttpResponse<String> r = api(path);
            assertThat(r.statusCode()).as(path).isBetween(400, 499);
            assertThat(r.body()).doesNotContain("SECRET");
        }
        assertThat(api("/app/transcripts/api/day/20240101").body()).doesNotContain("093000_300");
        assertThat(http.getBytes("/app/transcripts/media/20240315/093000_300/audio.flac").statusCode()).isEqualTo(200);
    }

    @Test
    void theSegmentApiDoesNotRenderLinkedFilesAndSaysSo() throws IOException {
        Path seg = root.resolve("20240315/093000_300");
        Files.createSymbolicLink(seg.resolve("secret.md"), outside.resolve("secret.md"));
        Files.createSymbolicLink(seg.resolve("other_audio.jsonl"), outside.resolve("audio.jsonl"));
        JsonNode body = ok(api(SEG));
        assertThat(body.toString()).doesNotContain("SECRET");
        assertThat(body.path("audio").size()).isEqualTo(1);
        assertWarned(body, "20240315/093000_300/secret.md", LEAVES);
        assertWarned(body, "20240315/093000_300/other_audio.jsonl", LEAVES);
    }

    @Test
    void theHomeDayApiDoesNotReadALinkedInsightsFolder() throws IOException {
        Path insights = root.resolve("20240315/insights");
        Files.writeString(outside.resolve("leak.md"), "# SECRET\n");
        Path moved = tmp.resolve("kept-insights");
        Files.move(insights, moved);
        Files.createSymbolicLink(insights, outside);
        JsonNode body = ok(api("/app/home/api/day/20240315"));
        assertThat(body.toString()).doesNotContain("SECRET");
        assertThat(body.path("insights").size()).isZero();
        assertWarned(body, "20240315/insights", LEAVES);
        assertThat(body.path("todos").size()).isEqualTo(3);
    }

    @Test
    void settingsNeverWriteAFacetLinkedOutside() throws IOException {
        Path evil = outside.resolve("evil");
        Files.createDirectories(evil);
        String original = "{\"title\": \"Outside\"}\n";
        Files.writeString(evil.resolve("facet.json"), original);
        Files.createSymbolicLink(root.resolve("facets/evil"), evil);
        HttpResponse<String> put = http.send("PUT", "/app/settings/api/facets/evil", "{\"title\": \"Pwned\"}");
        assertThat(put.statusCode()).as(put.body()).isBetween(400, 499);
        error(http.send("POST", "/app/settings/api/facets", "{\"name\": \"evil\", \"title\": \"Pwned\"}"), 409,
                "outside_journal");
        assertThat(evil.resolve("facet.json")).hasContent(original.strip());
        assertThat(evil).isDirectoryNotContaining("glob:**/.*");
        JsonNode list = ok(api("/app/settings/api/facets"));
        assertThat(list.toString()).doesNotContain("Outside");
    }

    @Test
    void aFolderWhereATodoFileBelongsGivesAPartialDayWithAWarning() throws IOException {
        Path todos = root.resolve("facets/work/todos/20240315.jsonl");
        Files.delete(todos);
        Files.createDirectories(todos);
        Files.createDirectories(root.resolve("20240315/insights/meetings.md"));
        JsonNode body = ok(api("/app/home/api/day/20240315"));
        assertWarned(body, "facets/work/todos/20240315.jsonl", "folder");
        assertWarned(body, "20240315/insights/meetings.md", "folder");
        assertThat(body.path("events").size()).isEqualTo(1);
        assertThat(body.path("insights").size()).isEqualTo(1);
        Files.createDirectories(root.resolve("20240315/093000_300/center_DP-1_screen.jsonl.d"));
        Files.delete(root.resolve("20240315/093000_300/audio.jsonl"));
        Files.createDirectories(root.resolve("20240315/093000_300/audio.jsonl"));
        JsonNode seg = ok(api(SEG));
        assertWarned(seg, "20240315/093000_300/audio.jsonl", "folder");
        assertThat(seg.path("screens").size()).isEqualTo(2);
        assertThat(ok(api("/app/transcripts/api/day/20240315")).path("warnings").size()).isPositive();
    }

    @Test
    void updatingAFacetWhoseFileCannotBeReadNamesTheFile() throws IOException {
        Path facetJson = root.resolve("facets/work/facet.json");
        Files.writeString(facetJson, "{\"title\": ");
        HttpResponse<String> r = http.send("PUT", "/app/settings/api/facets/work", "{\"title\": \"New\"}");
        error(r, 409, "unreadable_file");
        assertThat(HttpSession.json(r).path("error").asString()).contains("facets/work/facet.json");
        assertThat(facetJson).hasContent("{\"title\": ");
    }

    @Test
    void aBrokenJournalJsonIsRefusedNamingTheFileNotTakenForNoPassword() throws IOException {
        Files.writeString(root.resolve("config/journal.json"), "\u0000\u00ff garbage");
        HttpResponse<String> apiAnswer = api("/app/home/api/day/20240315");
        error(apiAnswer, 409, "unreadable_file");
        assertThat(HttpSession.json(apiAnswer).path("error").asString()).contains("config/journal.json");
        HttpResponse<String> page = http.get("/app/home/");
        assertThat(page.statusCode()).isEqualTo(409);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("config/journal.json").contains("engram password");
        HttpSession fresh = server.anonymous();
        HttpResponse<String> login = fresh.get("/login");
        assertThat(login.statusCode()).isEqualTo(409);
        assertThat(login.headers().firstValue("Location")).isEmpty();
        assertThat(fresh.get("/setup").statusCode()).isEqualTo(409);
    }
}
