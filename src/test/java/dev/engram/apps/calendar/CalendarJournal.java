package dev.engram.apps.calendar;

import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.Journal;
import dev.engram.testing.BulkJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A journal for the Calendar tests ("today" is {@link #TODAY}): facets work (blue), home (orange) and a muted one;
 * a recorded segment 14:30-14:35 today; an occurrence extracted from that segment, one from the day's flow insight,
 * an anticipation three days ahead, and an event in the muted facet.
 */
public final class CalendarJournal {
    public static final Day TODAY = Day.of(2026, 3, 10);
    public static final Day PLANNED = TODAY.plusDays(3);
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneId.of("UTC"));
    public static final String SEGMENT = "143000_300";

    private CalendarJournal() {
    }

    public static FacetEvent event(String title, String start, String end, boolean occurred, Optional<String> date,
                                   String facet, String source) {
        return new FacetEvent("meeting", Optional.ofNullable(start), Optional.ofNullable(end), date, title,
                "About " + title, Optional.of(facet), "meetings", occurred, source, true, List.of("Ana", "Rui"), "",
                Extra.empty());
    }

    public static Journal create(Path root) {
        Journal j = BulkJournal.create(root, "Tester");
        j.facetStore("work").create(new Facet("work", "Work", "", "#3366cc", "💼", false, Extra.empty()));
        j.facetStore("home").create(new Facet("home", "Home", "", "#cc6633", "🏡", false, Extra.empty()));
        j.facetStore("old").create(new Facet("old", "Old", "", "#999999", "", true, Extra.empty()));
        try {
            Files.createDirectories(root.resolve(TODAY.key()).resolve(SEGMENT));
            Files.createDirectories(root.resolve(TODAY.key()).resolve("090000_300"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        j.facetStore("work").appendEvents(TODAY, List.of(
                event("Launch sync", "14:31:00", "14:34:00", true, Optional.empty(), "work",
                        TODAY.key() + "/" + SEGMENT + "/speakers.md"),
                event("Design review", "14:00:00", "15:00:00", true, Optional.empty(), "work",
                        TODAY.key() + "/insights/meetings.md")));
        j.facetStore("home").appendEvents(PLANNED, List.of(event("Dentist", "09:00:00", null, false,
                Optional.of(PLANNED.iso()), "home", TODAY.key() + "/insights/schedule.md")));
        j.facetStore("old").appendEvents(TODAY, List.of(event("Hidden", "10:00:00", null, true, Optional.empty(),
                "old", "")));
        return j;
    }
}
