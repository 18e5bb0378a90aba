package dev.engram.apps.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The Imports app's routes over real HTTP: upload (CSRF, errors, duplicate) and the list. */
class ImportsAppTest {
    @TempDir
    Path dir;
    ImportsServer server;
    HttpSession session;

    @BeforeEach
    void start() {
        server = new ImportsServer(dir.resolve("journal"));
        session = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUploadIsImportedListedWithLinkedSegmentsAndNotRepeated() throws Exception {
        byte[] text = bytes("[09:00] Ada: hello\n[09:30] Ada: later\n");
        HttpResponse<String> r = server.upload(session, true, Map.of("timestamp", "20240510_090000", "facet", "work"),
                "call.txt", text);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = HttpSession.json(r);
        assertThat(body.path("status").asString()).isEqualTo("imported");
        String id = body.path("id").asString();
        JsonNode list = HttpSession.json(session.get("/app/imports/api/list"));
        JsonNode item = list.path("imports").get(0);
        assertThat(item.path("id").asString()).isEqualTo(id);
        assertThat(item.path("status").asString()).isEqualTo("done");
        assertThat(item.path("original_filename").asString()).isEqualTo("call.txt");
        assertThat(item.path("facet").asString()).isEqualTo("work");
        assertThat(item.path("segments").size()).isEqualTo(2);
        assertThat(item.path("segments").get(0).path("url").asString())
                .isEqualTo("/app/transcripts/20240510?segment=090000_60");
        assertThat(list.path("extensions").toString()).contains("ics", "md", "pdf", "txt");
        assertThat(list.path("facets").toString()).contains("work");
        assertThat(session.get("/app/transcripts/api/segment/20240510/090000_60").body()).contains("hello");

        HttpResponse<String> again = server.upload(session, true, Map.of(), "copy.txt", text);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(HttpSession.json(again).path("status").asString()).isEqualTo("duplicate");
        assertThat(HttpSession.json(again).path("id").asString()).isEqualTo(id);
        assertThat(server.journal.imports().ids()).containsExactly(id);
    }

    @Test
    void badUploadsGetClearReasonsAndWriteNothing() throws Exception {
        HttpResponse<String> noCsrf = server.upload(session, false, Map.of(), "a.txt", bytes("[09:00] x\n"));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(HttpSession.json(noCsrf).path("reason_code").asString()).isEqualTo("csrf_failed");
        assertReason(server.upload(session, true, Map.of(), null, null), 400, "missing_file");
        assertReason(server.upload(session, true, Map.of(), "a.exe", bytes("MZ")), 400, "unknown_type");
        assertReason(server.upload(session, true, Map.of("timestamp", "2024-01-01"), "a.txt", bytes("x")), 400,
                "invalid_timestamp");
        assertReason(server.upload(session, true, Map.of("facet", "nope"), "a.txt", bytes("x")), 400,
                "unknown_facet");
        assertReason(server.upload(session, true, Map.of(), "c.ics", bytes("BEGIN:VCALENDAR\n")), 400,
                "facet_required");
        assertReason(server.upload(session, true, Map.of("facet", "work"), "c.ics", bytes("hello")), 400,
                "invalid_content");
        assertReason(server.upload(session, true, Map.of(), "bad.txt", new byte[] {(byte) 0xff, (byte) 0xfe, 0x41}),
                400, "invalid_content");
        HttpResponse<String> json = session.send("POST", "/app/imports/api/upload", "{}");
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(server.journal.imports().ids()).isEmpty();
        assertThat(server.journal.days().list()).isEmpty();
        HttpResponse<String> anonymous = new HttpSession(server.url).get("/app/imports/api/list",
                "Accept", "application/json");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void anUploadPastTheLimitIs413AndLeavesNoTempFile() throws Exception {
        server.journal.updateConfig(c -> new dev.engram.journal.JournalConfig(c.identity(), c.convey(), c.extra()
                .with("imports", Map.of("max_upload_bytes", 100_000))));
        byte[] big = new byte[400_000];
        java.util.Arrays.fill(big, (byte) 'a');
        for (boolean chunked : new boolean[] {false, true}) {
            HttpResponse<String> r;
            try {
                r = server.upload(session, true, Map.of(), "big.txt", big, chunked);
            } catch (java.io.IOException e) { // the server may close before the client sent everything
                throw new AssertionError("chunked=" + chunked + ": no answer: " + e, e);
            }
            assertReason(r, 413, "too_large");
            assertThat(HttpSession.json(r).path("detail").asString()).as(r.body()).isNotBlank();
            assertThat(HttpSession.json(r).path("error").asString()).contains("imports.max_upload_bytes");
            try (var left = java.nio.file.Files.list(server.uploadTemp)) {
                assertThat(left.toList()).as("temp files after chunked=" + chunked).isEmpty();
            }
        }
        assertThat(server.journal.imports().ids()).isEmpty();
        HttpResponse<String> small = server.upload(session, true, Map.of(), "small.txt", bytes("[09:00] Ada: hi\n"));
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
        try (var left = java.nio.file.Files.list(server.uploadTemp)) {
            assertThat(left.toList()).as("temp files after a good upload").isEmpty();
        }
    }

    private static void assertReason(HttpResponse<String> r, int status, String reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(HttpSession.json(r).path("reason_code").asString()).isEqualTo(reason);
        assertThat(HttpSession.json(r).path("error").asString()).isNotBlank();
    }
}
