package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.CallosumServer;
import dev.engram.callosum.Message;
import dev.engram.callosum.ServerConfig;
import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code engram import}: transcripts, PDF and calendars into a real journal, duplicates, errors, bus events. */
class ImportCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;
    Path root;
    Journal journal;

    @BeforeEach
    void journal() {
        root = tmp.resolve("journal");
        journal = Journal.create(root, "Ada");
        journal.facetStore("work").create(Facet.named("work"));
    }

    private MainTest.Result importFile(String... args) {
        String[] all = Stream.concat(Stream.of("import", "--journal", root.toString(), "--socket",
                tmp.resolve("nobus.sock").toString()), Stream.of(args)).toArray(String[]::new);
        return MainTest.run(all);
    }

    private List<String> lines(String rel) throws Exception {
        return Files.readAllLines(root.resolve(rel));
    }

    @Test
    void aTimedTranscriptBecomesSegmentsOfTheReferenceFormatAndASecondImportAddsNothing() throws Exception {
        Path f = tmp.resolve("standup.txt");
        Files.writeString(f, """
                Weekly standup
                [10:03] Ada: Good morning, let's start.
                [10:04] Grace: The build is green
                and the release is tomorrow.
                [10:12:30] Ada: Next topic: hiring.
                """);
        MainTest.Result r = importFile(f.toString(), "--timestamp", "20240115_100000", "--facet", "work");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 segments").contains("20240115/100300_");
        List<String> days = journal.days().segments(Day.parse("20240115")).stream().map(s -> s.key().key()).toList();
        assertThat(days).containsExactly("100300_120", "101230_60");
        List<String> first = lines("20240115/100300_120/imported_audio.jsonl");
        JsonNode meta = JSON.readTree(first.get(0));
        String id = meta.path("imported").path("id").asString();
        assertThat(id).isEqualTo("20240115_100000");
        assertThat(meta.path("imported").path("facet").asString()).isEqualTo("work");
        assertThat(meta.path("raw").asString()).isEqualTo("../../imports/" + id + "/standup.txt");
        JsonNode title = JSON.readTree(first.get(1));
        assertThat(title.path("text").asString()).isEqualTo("Weekly standup");
        JsonNode grace = JSON.readTree(first.get(3));
        assertThat(grace.path("start").asString()).isEqualTo("10:04:00");
        assertThat(grace.path("speaker").asString()).isEqualTo("Grace");
        assertThat(grace.path("source").asString()).isEqualTo("import");
        assertThat(grace.path("text").asString()).isEqualTo("The build is green and the release is tomorrow.");
        JsonNode record = JSON.readTree(Files.readString(root.resolve("imports/" + id + "/import.json")));
        assertThat(record.path("status").asString()).isEqualTo("done");
        assertThat(record.path("sha256").asString()).hasSize(64);
        assertThat(record.path("original_filename").asString()).isEqualTo("standup.txt");
        assertThat(Files.readString(root.resolve("imports/" + id + "/standup.txt"))).contains("hiring");
        // the transcripts reader understands it
        assertThat(journal.days().files(journal.days().segments(Day.parse("20240115")).getFirst()).audio()
                .getFirst().utterances()).hasSize(3);

        MainTest.Result again = importFile(f.toString(), "--timestamp", "20240116_090000");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("already imported as " + id);
        assertThat(journal.days().list()).containsExactly(Day.parse("20240115"));
        assertThat(journal.imports().ids()).containsExactly(id);
    }

    @Test
    void untimedMarkdownIsOneSegmentAtTheTimestamp() throws Exception {
        Path f = tmp.resolve("notes.md");
        Files.writeString(f, "# Retro\n\nWhat went well: the demo.\n\nWhat to change: fewer meetings.\n");
        MainTest.Result r = importFile(f.toString(), "--timestamp", "20240201_143000");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> keys = journal.days().segments(Day.parse("20240201")).stream().map(s -> s.key().key()).toList();
        assertThat(keys).hasSize(1).allMatch(k -> k.startsWith("143000_"));
        List<String> l = lines("20240201/" + keys.getFirst() + "/imported_audio.jsonl");
        assertThat(l).hasSize(4);
        assertThat(JSON.readTree(l.get(2)).path("text").asString()).isEqualTo("What went well: the demo.");
        assertThat(JSON.readTree(l.get(2)).path("start").asString()).isEqualTo("14:30:00");
    }

    @Test
    void aPdfsTextIsImported() throws Exception {
        Path f = tmp.resolve("minutes.pdf");
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 700);
                cs.showText("Board minutes: the budget was approved.");
                cs.endText();
            }
            doc.save(f.toFile());
        }
        MainTest.Result r = importFile(f.toString(), "--timestamp", "20240301_090000");
        assertThat(r.code()).as(r.err()).isZero();
        String key = journal.days().segments(Day.parse("20240301")).getFirst().key().key();
        assertThat(Files.readString(root.resolve("20240301/" + key + "/imported_audio.jsonl")))
                .contains("Board minutes: the budget was approved.");
    }

    @Test
    void aTimeZoneNameEngramDoesNotKnowIsSaidInTheNotes() throws Exception {
        Path f = tmp.resolve("outlook.ics");
        Files.writeString(f, String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0",
                "BEGIN:VEVENT", "UID:o@x", "DTSTART;TZID=\"Eastern Standard Time\":20240115T090000",
                "DTEND;TZID=\"Eastern Standard Time\":20240115T093000", "SUMMARY:Sync", "END:VEVENT",
                "END:VCALENDAR", ""));
        MainTest.Result r = MainTest.run("import", "--journal", root.toString(), "--socket",
                tmp.resolve("nobus.sock").toString(), f.toString(), "--facet", "work");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 event in facet work").contains("times in the time zone 'Eastern Standard"
                + " Time' (not a zone name Engram knows").contains("check those events' times");
    }

    @Test
    void aFileNameWithAControlCharacterIsKeptUnderACleanedName() throws Exception {
        Path f = tmp.resolve("notes\u0085today.txt"); // NEL, a C1 control character
        Files.writeString(f, "[09:00] Ada: hello\n");
        MainTest.Result r = importFile(f.toString(), "--timestamp", "20240302_090000");
        assertThat(r.code()).as(r.err()).isZero();
        String id = journal.imports().ids().getFirst();
        assertThat(journal.imports().record(id).orElseThrow().path("file_path").asString())
                .isEqualTo("imports/" + id + "/notes_today.txt");
    }

    @Test
    void aFoldThatSplitsAUtf8CharacterIsUnfoldedBeforeTheTextIsRead() throws Exception {
        Path f = tmp.resolve("fold.ics");
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:f@x\r\nDTSTART:20240115T090000Z\r\n"
                + "SUMMARY:Caf").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        // "é" split by a fold, as RFC 5545 allows
        b.writeBytes(new byte[] {(byte) 0xC3, '\r', '\n', ' ', (byte) 0xA9});
        b.writeBytes(" meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.write(f, b.toByteArray());
        MainTest.Result r = MainTest.run("import", "--journal", root.toString(), "--socket",
                tmp.resolve("nobus.sock").toString(), f.toString(), "--facet", "work");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(journal.facetStore("work").eventDays().stream().flatMap(d -> journal.facetStore("work").events(d)
                .stream()).map(FacetEvent::title)).containsExactly("Café meeting");

        // the same calendar for another facet: nothing moves, and the owner is told so
        journal.facetStore("home").create(Facet.named("home"));
        MainTest.Result again = MainTest.run("import", "--journal", root.toString(), "--socket",
                tmp.resolve("nobus.sock").toString(), f.toString(), "--facet", "home");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("already imported as ", "note: its events stay in facet work, not home");
        assertThat(journal.facetStore("home").eventDays()).isEmpty();
    }

    @Test
    void aCalendarsEventsGoToTheFacetOnceWithFoldingZonesAndDates() throws Exception {
        Path f = tmp.resolve("cal.ics");
        Files.writeString(f, String.join("\r\n",
                "BEGIN:VCALENDAR", "VERSION:2.0",
                "BEGIN:VEVENT", "UID:a@x", "DTSTART;TZID=\"Europe/Berlin\":20240115T100000",
                "DTEND;TZID=Europe/Berlin:20240115T110000",
                "SUMMARY:Design review with a very long title that is folded over",
                " two lines", "DESCRIPTION:Agenda:\\n1. API\\, docs\\; tests",
                "LOCATION:Room 4", "ATTENDEE;CN=\"Grace: Hopper\";ROLE=REQ-PARTICIPANT:mailto:grace@example.com",
                "ATTENDEE:mailto:alan@example.com",
                "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Reminder", "END:VALARM",
                "END:VEVENT",
                "BEGIN:VEVENT", "UID:b@x", "DTSTART:20240116T083000Z", "SUMMARY:Standup", "END:VEVENT",
                "BEGIN:VEVENT", "UID:c@x", "DTSTART;VALUE=DATE:20240117", "SUMMARY:Offsite", "END:VEVENT",
                "BEGIN:VEVENT", "SUMMARY:No start", "END:VEVENT",
                "END:VCALENDAR", ""));
        MainTest.Result r = MainTest.run("import", "--journal", root.toString(), "--socket",
                tmp.resolve("nobus.sock").toString(), f.toString(), "--facet", "work");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 events in facet work").contains("1 event was skipped");
        // times come out in the JVM's zone: compare with the same conversion
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        java.time.LocalDateTime berlin = java.time.LocalDateTime.of(2024, 1, 15, 10, 0)
                .atZone(java.time.ZoneId.of("Europe/Berlin")).withZoneSameInstant(zone).toLocalDateTime();
        List<FacetEvent> day1 = journal.facetStore("work").events(Day.of(2024, 1, berlin.getDayOfMonth()));
        FacetEvent review = day1.stream().filter(e -> e.title().startsWith("Design")).findFirst().orElseThrow();
        assertThat(review.title()).isEqualTo("Design review with a very long title that is folded overtwo lines");
        assertThat(review.start()).contains(berlin.toLocalTime().toString() + ":00");
        assertThat(review.participants()).containsExactly("Grace: Hopper", "alan@example.com");
        assertThat(review.details()).isEqualTo("Location: Room 4\nAgenda:\n1. API, docs; tests");
        assertThat(review.occurred()).isTrue();
        assertThat(review.facet()).contains("work");
        List<FacetEvent> offsite = journal.facetStore("work").events(Day.parse("20240117"));
        assertThat(offsite).singleElement().satisfies(e -> {
            assertThat(e.title()).isEqualTo("Offsite");
            assertThat(e.start()).isEmpty();
        });
        int before = journal.facetStore("work").eventDays().stream()
                .mapToInt(d -> journal.facetStore("work").events(d).size()).sum();
        assertThat(before).isEqualTo(3);
        // the same events in another file (one changed byte) add nothing either
        Files.writeString(f, Files.readString(f).replace("VERSION:2.0", "VERSION:2.0\r\nX-NOTE:copy"));
        MainTest.Result again = MainTest.run("import", "--journal", root.toString(), "--socket",
                tmp.resolve("nobus.sock").toString(), f.toString(), "--facet", "work");
        assertThat(again.code()).as(again.err()).isZero();
        int after = journal.facetStore("work").eventDays().stream()
                .mapToInt(d -> journal.facetStore("work").events(d).size()).sum();
        assertThat(after).isEqualTo(3);
    }

    @Test
    void mistakesAreOneLineErrors() throws Exception {
        Path txt = tmp.resolve("a.txt");
        Files.writeString(txt, "[09:00] hi\n");
        Path ics = tmp.resolve("a.ics");
        Files.writeString(ics, "BEGIN:VCALENDAR\nEND:VCALENDAR\n");
        Path odd = tmp.resolve("a.xyz");
        Files.writeString(odd, "x");
        MainTest.Result missing = importFile(tmp.resolve("nope.txt").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("engram import: no such file: ").doesNotContain("Exception");
        MainTest.Result unknown = importFile(odd.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown file type '.xyz'").contains(".txt");
        MainTest.Result stamp = importFile(txt.toString(), "--timestamp", "20241340_250000");
        assertThat(stamp.code()).isEqualTo(2);
        assertThat(stamp.err()).contains("invalid --timestamp '20241340_250000': use YYYYMMDD_HHMMSS");
        for (String year : new String[] {"00000101_090000", "99991231_090000"}) { // days the journal cannot have
            MainTest.Result outside = importFile(txt.toString(), "--timestamp", year);
            assertThat(outside.code()).as(outside.err()).isEqualTo(2);
            assertThat(outside.err()).contains("the year must be 1..9998");
        }
        MainTest.Result pathFacet = importFile(txt.toString(), "--facet", "../x");
        assertThat(pathFacet.code()).as(pathFacet.err()).isEqualTo(2);
        assertThat(pathFacet.err()).contains("invalid facet name").doesNotContain("Exception");
        MainTest.Result noFacet = importFile(ics.toString());
        assertThat(noFacet.code()).isEqualTo(2);
        assertThat(noFacet.err()).contains("engram import: a calendar's events go into a facet: choose one of work"
                + " (--facet NAME)");
        MainTest.Result badFacet = importFile(txt.toString(), "--facet", "nosuch");
        assertThat(badFacet.code()).isEqualTo(2);
        assertThat(badFacet.err()).contains("there is no facet 'nosuch': choose one of work (--facet NAME)");
        MainTest.Result empty = importFile(ics.toString(), "--facet", "work");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("no events");
        assertThat(journal.imports().ids()).isEmpty();
        assertThat(journal.days().list()).isEmpty();
    }

    @Test
    void aFileBeingImportedByAnotherProcessIsAOneLineErrorWithExit1() throws Exception {
        Path f = tmp.resolve("busy.txt");
        Files.writeString(f, "[07:00] Ada: busy\n");
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(f)));
        try (var held = journal.imports().tryLock(sha).orElseThrow()) { // as another import holds it
            MainTest.Result r = importFile(f.toString(), "--timestamp", "20240403_070000");
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err().strip()).contains("being imported right now").doesNotContain("Exception")
                    .doesNotContain("\n");
            assertThat(journal.imports().ids()).isEmpty();
        }
        assertThat(importFile(f.toString(), "--timestamp", "20240403_070000").code()).isZero();
    }

    @Test
    void eachSegmentIsAnnouncedOnTheBus() throws Exception {
        Path sock = tmp.resolve("bus.sock");
        List<Message> seen = new CopyOnWriteArrayList<>();
        try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock));
             CallosumClient listener = CallosumClient.start(sock, seen::add)) {
            await().atMost(Duration.ofSeconds(10)).until(listener::isConnected);
            Path f = tmp.resolve("call.txt");
            Files.writeString(f, "[08:00] Ada: one\n[08:20] Ada: two\n");
            MainTest.Result r = MainTest.run("import", "--journal", root.toString(), "--socket", sock.toString(),
                    f.toString(), "--timestamp", "20240401_080000");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).doesNotContain("no Engram bus");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen.stream()
                    .filter(m -> m.tract().equals("observe") && m.event().equals("observed"))
                    .map(m -> m.string("day").orElse("") + "/" + m.string("segment").orElse("")))
                    .containsExactlyInAnyOrder("20240401/080000_60", "20240401/082000_60"));
        }
    }

    @Test
    void withoutABusTheImportIsWrittenAndSaysSo() throws Exception {
        Path f = tmp.resolve("solo.txt");
        Files.writeString(f, "[07:00] Ada: alone\n");
        MainTest.Result r = importFile(f.toString(), "--timestamp", "20240402_070000");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("no Engram bus");
        assertThat(journal.days().segments(Day.parse("20240402"))).hasSize(1);
    }
}
