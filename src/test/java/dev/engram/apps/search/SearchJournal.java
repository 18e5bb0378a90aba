package dev.engram.apps.search;

import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentFiles;
import dev.engram.journal.SegmentKey;
import dev.engram.journal.Todo;
import dev.engram.testing.BulkJournal;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * A journal for the search app's tests, written through the journal API: "pelican" in an audio transcript (at
 * 14:00, stream {@code laptop}, spoken by Ana), an insight, a work event (10:30, with Ana), home news and a todo of the
 * muted facet {@code secret}; "quasar" in a work todo on each of 25 days of January 2026, 31 of them on
 * {@link #BUSY}.
 */
final class SearchJournal {
    static final Day DAY1 = Day.of(2026, 3, 2);
    static final Day DAY2 = Day.of(2026, 3, 3);
    static final Day BUSY = Day.of(2026, 1, 10);
    static final SegmentKey SEG = SegmentKey.of(LocalTime.of(14, 0), 300);
    static final int QUASAR_DAYS = 25;
    static final int BUSY_TODOS = 31;

    private SearchJournal() {
    }

    static Journal create(Path root) {
        Journal j = BulkJournal.create(root, "Tester");
        j.facetStore("work").create(new Facet("work", "Work", "", "#3366cc", "💼", false, Extra.empty()));
        j.facetStore("home").create(new Facet("home", "Home", "", "#cc6633", "🏡", false, Extra.empty()));
        j.facetStore("secret").create(new Facet("secret", "Secret", "", "", "", true, Extra.empty()));
        j.days().writeInsight(DAY1, "flow", "# Day\nThe pelican planning took the morning.\n");
        SegmentFiles files = j.days().files(j.days().createSegment(DAY1, SEG));
        files.writeAudio(new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, Extra.empty(), List.of(
                AudioTranscript.Utterance.of("00:00:05", "Did the pelican report ship?", "Ana"))));
        files.writeStream("stream.json", new ByteArrayInputStream("{\"stream\": \"Laptop\"}".getBytes(
                StandardCharsets.UTF_8)), 1024);
        j.facetStore("work").appendEvents(DAY2, List.of(new FacetEvent("meeting", Optional.of("10:30:00"),
                Optional.of("11:00:00"), Optional.empty(), "Pelican sync", "Agreed the budget", Optional.of("work"),
                "meetings", true, "", true, List.of("Ana"), "", Extra.empty())));
        j.facetStore("home").writeNews(DAY2, "# News\nA pelican landed on the roof.\n");
        j.facetStore("secret").addTodo(DAY1, Todo.open("Hide the pelican gift", Optional.empty(), 1L));
        for (int d = 1; d <= QUASAR_DAYS; d++) {
            Day day = Day.of(2026, 1, d);
            int n = day.equals(BUSY) ? BUSY_TODOS : 1;
            for (int i = 0; i < n; i++) {
                j.facetStore("work").addTodo(day, Todo.open("Feed the quasar number " + i, Optional.empty(), 1L));
            }
        }
        return j;
    }
}
