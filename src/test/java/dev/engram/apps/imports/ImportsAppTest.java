package dev.engram.apps.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
    void withoutAStartTheContentStartsAtTheFilesModificationTimeTheBrowserSends() throws Exception {
        long modified = java.time.LocalDateTime.of(2024, 3, 5, 14, 30).atZone(java.time.ZoneId.systemDefault())
                .toInstant().toEpochMilli();
        HttpResponse<String> r = server.upload(session, true, Map.of("modified", Long.toString(modified)),
                "notes.txt", bytes("No times in this text.\n"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode item = HttpSession.json(session.get("/app/imports/api/list")).path("imports").get(0);
        assertThat(item.path("segments").get(0).path("url").asString())
                .startsWith("/app/transcripts/20240305?segment=143000_");
        assertReason(server.upload(session, true, Map.of("modified", "yesterday"), "other.txt", bytes("x\n")), 400,
                "invalid_modified");
        assertReason(server.upload(session, true, Map.of("modified", "-5"), "other.txt", bytes("x\n")), 400,
                "invalid_modified");
    }

    @Test
    void aCalendarAgainForAnotherFacetIsADuplicateThatSaysItsEventsStay() throws Exception {
        server.journal.facetStore("home").create(dev.engram.journal.Facet.named("home"));
        byte[] ics = bytes("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTART:20240115T090000Z\r\n"
                + "SUMMARY:Standup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        assertThat(server.upload(session, true, Map.of("facet", "work"), "cal.ics", ics).statusCode()).isEqualTo(201);
        HttpResponse<String> again = server.upload(session, true, Map.of("facet", "home"), "cal.ics", ics);
        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode body = HttpSession.json(again);
        assertThat(body.path("status").asString()).isEqualTo("duplicate");
        assertThat(body.path("notes").toString()).contains("its events stay in facet work, not home");
        assertThat(server.journal.facetStore("home").eventDays()).isEmpty();
    }

    @Test
    void theListShowsTheLatestImportsFirstWhateverTheirRecordingTimeAndCountsTheRest() throws Exception {
        var imports = server.journal.imports();
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        for (int i = 0; i < ImportList.MAX + 1; i++) {
            String id = String.format("20240101_%06d", i);
            imports.create(id);
            imports.writeRecord(id, json.createObjectNode().put("original_filename", "f" + i + ".txt")
                    .put("status", "done")
                    .put("upload_datetime", String.format("2026-01-01T00:%02d:%02d", i / 60, i % 60)));
        }
        // recorded long ago (its id), imported last: it must not fall off the end of the list
        HttpResponse<String> r = server.upload(session, true, Map.of("timestamp", "19990101_120000"), "old.txt",
                bytes("[12:00] Ada: from the archive\n"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode list = HttpSession.json(session.get("/app/imports/api/list"));
        assertThat(list.path("imports").size()).isEqualTo(ImportList.MAX);
        assertThat(list.path("imports").get(0).path("original_filename").asString()).isEqualTo("old.txt");
        assertThat(list.path("imports").get(1).path("original_filename").asString()).isEqualTo("f200.txt");
        assertThat(list.path("more").asInt()).isEqualTo(2);
    }

    @Test
    void twoImportsOfOneSecondAreListedInTheOrderTheyWereImported() throws Exception {
        var imports = server.journal.imports();
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        long second = java.time.LocalDateTime.parse("2026-01-01T10:00:00").atZone(java.time.ZoneId.systemDefault())
                .toInstant().toEpochMilli();
        // upload_datetime has whole seconds: the later import (an older recording, so a smaller id) is told apart
        // by upload_timestamp; an older record without upload_timestamp is placed by its upload_datetime
        String[][] records = {{"20240603_140000", "first.md", "120"}, {"20230201_100000", "second.txt", "870"},
                {"20250101_000000", "earlier.txt", null}};
        for (String[] r : records) {
            imports.create(r[0]);
            var rec = json.createObjectNode().put("original_filename", r[1]).put("status", "done")
                    .put("upload_datetime", r[2] == null ? "2026-01-01T09:59:59" : "2026-01-01T10:00:00");
            if (r[2] != null) {
                rec.put("upload_timestamp", second + Long.parseLong(r[2]));
            }
            imports.writeRecord(r[0], rec);
        }
        JsonNode list = HttpSession.json(session.get("/app/imports/api/list"));
        assertThat(list.path("imports").findValuesAsString("original_filename"))
                .containsExactly("second.txt", "first.md", "earlier.txt");
    }

    @Test
    void twoFilesOrARepeatedFieldInOneUploadAreRefusedAndNothingIsImported() throws Exception {
        HttpResponse<String> two = server.upload(session, true, List.of(), List.of(
                Map.entry("a.md", bytes("[09:00] Ada: one\n")), Map.entry("b.md", bytes("[10:00] Ada: two\n"))), false);
        assertReason(two, 400, "one_file");
        assertThat(two.body()).contains("has 2");
        HttpResponse<String> twice = server.upload(session, true, List.of(Map.entry("timestamp", "20240113_130000"),
                Map.entry("timestamp", "bogus")), List.of(Map.entry("c.md", bytes("[09:00] Ada: three\n"))), false);
        assertReason(twice, 400, "repeated_field");
        assertThat(twice.body()).contains("'timestamp'");
        assertThat(server.journal.imports().ids()).isEmpty();
    }

    @Test
    void aFileBeingImportedByAnotherProcessIsRefusedWith409AndNothingKept() throws Exception {
        byte[] text = bytes("[09:00] Ada: hello\n");
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text));
        try (var held = server.journal.imports().tryLock(sha).orElseThrow()) { // as another import holds it
            HttpResponse<String> r = server.upload(session, true, Map.of(), "call.txt", text);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            assertThat(HttpSession.json(r).path("reason_code").asString()).isEqualTo("already_importing");
            assertThat(server.journal.imports().ids()).isEmpty();
        }
        assertThat(server.upload(session, true, Map.of(), "call.txt", text).statusCode()).isEqualTo(201);
    }

    @Test
    void badUploadsGetClearReasonsAndWriteNothing() throws Exception {
        HttpResponse<String> noCsrf = server.upload(session, false, Map.of(), "a.txt", bytes("[09:00] x\n"));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(HttpSession.json(noCsrf).path("reason_code").asString()).isEqualTo("csrf_failed");
        assertReason(server.upload(session, true, Map.of(), null, null), 400, "missing_file");
        assertReason(server.upload(session, true, Map.of(), "a.exe", bytes("MZ")), 400, "unknown_type");
        HttpResponse<String> dots = server.upload(session, true, Map.of(), "../", bytes("x"));
        assertReason(dots, 400, "unknown_type");
        assertThat(dots.body()).contains("unknown file type (no extension) of ../");
        assertReason(server.upload(session, true, Map.of("timestamp", "2024-01-01"), "a.txt", bytes("x")), 400,
                "invalid_timestamp");
        assertReason(server.upload(session, true, Map.of("facet", "nope"), "a.txt", bytes("x")), 400,
                "unknown_facet");
        HttpResponse<String> noFacet = server.upload(session, true, Map.of(), "c.ics", bytes("BEGIN:VCALENDAR\n"));
        assertReason(noFacet, 400, "facet_required");
        assertThat(noFacet.body()).as("words for the page, not the command line")
                .contains("a calendar's events go into a facet: choose one of work").doesNotContain("--facet");
        assertReason(server.upload(session, true, Map.of("facet", "work"), "c.ics", bytes("hello")), 400,
                "invalid_content");
        assertReason(server.upload(session, true, Map.of(), "bad.txt", new byte[] {(byte) 0xff, (byte) 0xfe, 0x41}),
                400, "invalid_content");
        HttpResponse<String> json = session.send("POST", "/app/imports/api/upload", "{}");
        assertThat(json.statusCode()).isEqualTo(415);
        // a body the multipart parser cannot read says why, not just the failure's class name
        HttpResponse<String> controls = server.upload(session, true, Map.of(), "a\u0001b.md", bytes("[09:00] x\n"));
        assertReason(controls, 400, "malformed_body");
        assertThat(HttpSession.json(controls).path("error").asString())
                .isEqualTo("the request body could not be read: bad multipart");
        HttpResponse<String> badStart = server.upload(session, true, Map.of("facet", "work"), "bad.ics", bytes(
                "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART:20241399T999999\r\nEND:VEVENT\r\n"
                + "END:VCALENDAR\r\n"));
        assertReason(badStart, 400, "empty_content");
        assertThat(badStart.body()).contains("no events with a readable start (DTSTART): 1 event was skipped");
        HttpResponse<String> pdf = server.upload(session, true, Map.of(), "fake.pdf", bytes("not a pdf at all\n"));
        assertReason(pdf, 400, "invalid_content");
        assertThat(pdf.body()).contains("cannot read the file as a PDF (damaged, or another kind of file named .pdf?)");
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
            assertThat(server.stagedFiles()).as("temp files after chunked=" + chunked).isEmpty();
        }
        assertThat(server.journal.imports().ids()).isEmpty();
        HttpResponse<String> small = server.upload(session, true, Map.of(), "small.txt", bytes("[09:00] Ada: hi\n"));
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
        assertThat(server.stagedFiles()).as("temp files after a good upload").isEmpty();
    }

    @Test
    void anUploadIsStagedInsideTheJournalAndNothingIsWrittenToTheSystemTempFolder() throws Exception {
        Path systemTemp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.Set<Path> tempBefore = multipartFiles(systemTemp);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        String boundary = "staging-boundary-7";
        byte[] head = bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"timestamp\"\r\n\r\n"
                + "20240511_080000\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"long.txt\"\r\nContent-Type: text/plain\r\n\r\n[08:00] Ada: start\n");
        byte[] filler = bytes(("y".repeat(299) + "\n").repeat(1000)); // 300 KB, past Jetty's in-memory threshold
        byte[] tail = bytes("[08:02] Ada: end\n\r\n--" + boundary + "--\r\n");
        java.io.InputStream paused = new java.io.InputStream() { // blocks after the first part of the file
            @Override
            public int read() {
                try {
                    release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        };
        java.io.InputStream body = new java.io.SequenceInputStream(java.util.Collections.enumeration(List.of(
                new java.io.ByteArrayInputStream(head), new java.io.ByteArrayInputStream(filler), paused,
                new java.io.ByteArrayInputStream(tail))));
        String cookies = dev.engram.convey.Convey.SESSION_COOKIE + "=" + session.cookie(
                dev.engram.convey.Convey.SESSION_COOKIE) + "; " + dev.engram.convey.Convey.CSRF_COOKIE + "="
                + session.csrf();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.url + "/app/imports/api/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Cookie", cookies)
                .header(dev.engram.convey.Convey.CSRF_HEADER, session.csrf()).header("Accept", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            var answer = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            // mid-upload: the part is streamed to a file inside the journal's upload staging folder
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(server.stagedFiles()).as("the upload buffered in " + server.uploadTemp).isNotEmpty());
            assertThat(server.stagedFiles().getFirst().toRealPath())
                    .startsWith(server.journal.root().toRealPath());
            assertThat(multipartFiles(systemTemp)).as("Jetty multipart files in " + systemTemp)
                    .isEqualTo(tempBefore);
            release.countDown();
            HttpResponse<String> r = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        // Jetty removes a request's part files when the request completes, which can be just after the answer
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(server.stagedFiles()).as("nothing left after the upload").isEmpty());
        assertThat(multipartFiles(systemTemp)).isEqualTo(tempBefore);
        String id = server.journal.imports().ids().getFirst();
        assertThat(java.nio.file.Files.size(server.journal.imports().file(id, "long.txt")))
                .isEqualTo(bytes("[08:00] Ada: start\n").length + filler.length
                        + bytes("[08:02] Ada: end\n").length);
    }

    @Test
    void uploadLeftoversOfStoppedProcessesAreRemovedAtStart() throws Exception {
        Path staging = server.uploadTemp.getParent().getParent();
        Path stale = staging.resolve("999999999-1").resolve(ImportsApp.UPLOADS);
        java.nio.file.Files.createDirectories(stale);
        java.nio.file.Files.writeString(stale.resolve("MultiPart123"), "half an upload");
        server.journal.recover();
        assertThat(stale.getParent()).doesNotExist();
        assertThat(server.uploadTemp).isDirectory();
        assertThat(server.uploadTemp.toRealPath()).startsWith(server.journal.root().toRealPath());
    }

    /** Jetty's multipart temp files ({@code MultiPart*}) directly in {@code dir}. */
    private static java.util.Set<Path> multipartFiles(Path dir) throws java.io.IOException {
        try (var s = java.nio.file.Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("MultiPart"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    private static void assertReason(HttpResponse<String> r, int status, String reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(HttpSession.json(r).path("reason_code").asString()).isEqualTo(reason);
        assertThat(HttpSession.json(r).path("error").asString()).isNotBlank();
    }
}
