package dev.engram.apps.entities;

import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Day;
import dev.engram.journal.Entity;
import dev.engram.journal.Extra;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentFiles;
import dev.engram.journal.SegmentKey;
import dev.engram.testing.BulkJournal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalLong;

/**
 * A journal for the Entities tests ("today" is {@link #TODAY}): in facet work, Dana Lee attached (aka Dana) and Old
 * Vendor detached; detected: Pelican Project on 3 days, Zed Corp on 1, Old Vendor on 3. Audio on two days mentions
 * Dana Lee (once by her aka), and one segment only Pelican Project.
 */
public final class EntitiesJournal {
    public static final Day TODAY = Day.of(2026, 3, 10);
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneId.of("UTC"));
    public static final SegmentKey MORNING = SegmentKey.of(LocalTime.of(9, 30), 300);
    public static final SegmentKey AFTERNOON = SegmentKey.of(LocalTime.of(14, 0), 300);

    private EntitiesJournal() {
    }

    public static Journal create(Path root) {
        Journal j = BulkJournal.create(root, "Tester");
        j.facetStore("work").create(new Facet("work", "Work", "", "#3366cc", "💼", false, Extra.empty()));
        j.facetStore("home").create(new Facet("home", "Home", "", "#cc6633", "🏡", false, Extra.empty()));
        var work = j.facetStore("work");
        long t = CLOCK.millis() - 86_400_000L;
        work.updateEntities(list -> List.of(
                new Entity("Person", "Dana Lee", "Lead designer", List.of("Dana"), false, OptionalLong.of(t),
                        OptionalLong.of(t), Extra.empty().with("email", "dana@example.com")),
                new Entity("Company", "Old Vendor", "No longer used", List.of(), true, OptionalLong.of(t),
                        OptionalLong.of(t), Extra.empty())));
        for (int ago : new int[] {1, 3, 5}) {
            work.addDetected(TODAY.plusDays(-ago), List.of(Entity.of("Project", "Pelican Project", "The launch"),
                    Entity.of("Company", "Old Vendor", "Sent an invoice")));
        }
        work.addDetected(TODAY.plusDays(-2), List.of(Entity.of("Company", "Zed Corp", "A prospect")));
        audio(j, TODAY.plusDays(-1), AFTERNOON, "I met Dana Lee about the Pelican Project launch");
        audio(j, TODAY.plusDays(-3), MORNING, "Dana reviewed the new designs");
        audio(j, TODAY.plusDays(-3), AFTERNOON, "Dana Lee and I planned the review");
        audio(j, TODAY.plusDays(-5), MORNING, "The Pelican Project budget is approved");
        return j;
    }

    private static void audio(Journal j, Day day, SegmentKey seg, String text) {
        SegmentFiles files = j.days().files(j.days().createSegment(day, seg));
        files.writeAudio(new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, Extra.empty(), List.of(
                AudioTranscript.Utterance.of("00:00:05", text, "Ana"))));
    }
}
