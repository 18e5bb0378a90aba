package dev.engram.apps.stats;

import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.Journal;
import dev.engram.journal.ScreenExtract;
import dev.engram.journal.ScreenFrame;
import dev.engram.journal.SegmentFiles;
import dev.engram.journal.SegmentKey;
import dev.engram.testing.BulkJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A journal for the Stats tests: on {@link #DAY1} a 5-minute segment with audio and screen at 09:30 (during a work
 * meeting), a 10-minute audio-only one at 10:00 (a home event starts at 10:05) and a 20-minute screen-only one at
 * 23:50 (it runs past midnight); on {@link #DAY2} an empty 5-minute one at 14:00 (an event that did not occur) and
 * a work event file with one broken line.
 */
public final class StatsJournal {
    public static final Day DAY1 = Day.of(2026, 3, 2);
    public static final Day DAY2 = Day.of(2026, 3, 3);

    private StatsJournal() {
    }

    public static Journal create(Path root) {
        Journal j = BulkJournal.create(root, "Tester");
        j.facetStore("work").create(new Facet("work", "Work", "", "#3366cc", "💼", false, Extra.empty()));
        j.facetStore("home").create(new Facet("home", "Home", "", "#cc6633", "🏡", false, Extra.empty()));
        SegmentFiles a = segment(j, DAY1, 9, 30, 300);
        audio(a);
        screen(a);
        audio(segment(j, DAY1, 10, 0, 600));
        screen(segment(j, DAY1, 23, 50, 1200));
        segment(j, DAY2, 14, 0, 300);
        j.facetStore("work").appendEvents(DAY1, List.of(event("09:00:00", "09:45:00", true)));
        j.facetStore("home").appendEvents(DAY1, List.of(event("10:05:00", null, true)));
        j.facetStore("work").appendEvents(DAY2, List.of(event("14:00:00", "15:00:00", false)));
        try {
            Files.writeString(root.resolve("facets/work/events/" + DAY2.key() + ".jsonl"), "{broken\n",
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return j;
    }

    private static SegmentFiles segment(Journal j, Day day, int hour, int minute, int seconds) {
        return j.days().files(j.days().createSegment(day, SegmentKey.of(LocalTime.of(hour, minute), seconds)));
    }

    private static void audio(SegmentFiles f) {
        f.writeAudio(new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, Extra.empty(), List.of(
                AudioTranscript.Utterance.of("00:00:05", "Hello", "Ana"))));
    }

    private static void screen(SegmentFiles f) {
        f.writeScreen(new ScreenExtract("screen.jsonl", ScreenExtract.FORMAT, Extra.empty(), List.of(new ScreenFrame(
                OptionalLong.of(1), 3, "An editor", "code", "", false, Optional.empty(), Extra.empty(),
                Extra.empty()))));
    }

    private static FacetEvent event(String start, String end, boolean occurred) {
        return new FacetEvent("meeting", Optional.of(start), Optional.ofNullable(end), Optional.empty(), "Sync", "",
                Optional.empty(), "meetings", occurred, "", true, List.of(), "", Extra.empty());
    }
}
