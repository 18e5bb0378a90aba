package dev.engram.observe.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Facet;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.Journal;
import dev.engram.observe.api.ImportOptions;
import dev.engram.observe.api.ImportResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An updated calendar imported again after one of its events has passed: that event is not added twice. */
class CalendarReimportTest {
    @TempDir
    Path dir;

    /** A clock the test moves forward: the event passes without waiting for it. */
    private static final class MovingClock extends java.time.Clock {
        private volatile java.time.Instant now;

        MovingClock(java.time.Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void anEventThatPassedBetweenTwoImportsIsNotDuplicated() {
        Journal journal = Journal.create(dir.resolve("journal"), "Test Owner");
        journal.facetStore("work").create(Facet.named("work"));
        MovingClock clock = new MovingClock(java.time.Instant.parse("2026-11-30T09:00:00Z"));
        LocalDateTime soon = LocalDateTime.of(2026, 11, 30, 10, 0);
        String start = soon.format(DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'"));
        String calendar = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:soon@x",
                "DTSTART:" + start, "SUMMARY:Call", "END:VEVENT", "END:VCALENDAR", "");
        try (Importer importer = new Importer(journal, m -> true, List.of(), clock, ZoneOffset.UTC)) {
            assertThat(importCalendar(importer, calendar).events()).isEqualTo(1);
            List<FacetEvent> before = events(journal);
            assertThat(before).singleElement().satisfies(e -> assertThat(e.occurred()).isFalse());

            clock.now = java.time.Instant.parse("2026-11-30T11:00:00Z"); // the call has passed
            ImportResult again = importCalendar(importer, calendar.replace("VERSION:2.0", "VERSION:2.0\r\nX-N:2"));
            assertThat(again.status()).isEqualTo("imported");
            assertThat(again.events()).isZero();
            assertThat(events(journal)).hasSize(1);
        }
    }

    private static ImportResult importCalendar(Importer importer, String text) {
        return importer.importFile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                new ImportOptions("cal.ics", Optional.empty(), Optional.of("work"), Optional.empty()),
                (i, d, t) -> { });
    }

    private static List<FacetEvent> events(Journal journal) {
        return journal.facetStore("work").eventDays().stream().flatMap(d -> journal.facetStore("work").events(d)
                .stream()).toList();
    }
}
