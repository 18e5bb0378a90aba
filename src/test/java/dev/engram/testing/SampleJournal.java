package dev.engram.testing;

import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Day;
import dev.engram.journal.Entity;
import dev.engram.journal.Extra;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.Journal;
import dev.engram.journal.ScreenExtract;
import dev.engram.journal.ScreenFrame;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentFiles;
import dev.engram.journal.SegmentKey;
import dev.engram.journal.Todo;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A small journal written through the journal API for the tools and MCP tests: facets {@code work} and {@code home},
 * one segment with audio and screen text, day and segment insights, events, todos, an entity and news.
 */
public final class SampleJournal {
    public static final Day DAY = Day.of(2026, 3, 2);
    public static final SegmentKey SEG = SegmentKey.of(LocalTime.of(14, 0), 300);

    private SampleJournal() {
    }

    /**
     * As {@link #create}, with its search index built and committed (the index service started, caught up and
     * stopped), for tests whose child process opens the index read-only or searches at once.
     */
    public static Journal createIndexed(Path root) {
        Journal journal = create(root);
        dev.engram.index.Indexer indexer = new dev.engram.index.Indexer(journal);
        indexer.start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(indexer::caughtUp);
        } finally {
            indexer.stop();
        }
        return journal;
    }

    public static Journal create(Path root) {
        Journal j = Journal.create(root, "Tester");
        j.facetStore("work").create(new Facet("work", "Work", "The job", "#336699", "💼", false, Extra.empty()));
        j.facetStore("home").create(new Facet("home", "Home", "", "", "", false, Extra.empty()));
        j.days().writeInsight(DAY, "flow", "# Work day\nPlanned the zebra migration with Ana.\n");
        Segment seg = j.days().createSegment(DAY, SEG);
        SegmentFiles files = j.days().files(seg);
        files.writeAudio(new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, Extra.empty(), List.of(
                AudioTranscript.Utterance.of("00:00:05", "Did the pelican report ship?", "Ana"),
                AudioTranscript.Utterance.of("00:01:10", "Not yet, it ships Thursday.", "Ben"))));
        files.writeScreen(new ScreenExtract("screen.jsonl", ScreenExtract.FORMAT, Extra.empty(), List.of(
                new ScreenFrame(OptionalLong.of(1), 30, "A spreadsheet of walrus budgets", "spreadsheet", "", false,
                        Optional.empty(), Extra.empty(), Extra.empty()))));
        files.writeInsight("activity", "Reviewed the kestrel pull request.");
        j.facetStore("work").appendEvents(DAY, List.of(new FacetEvent("meeting", Optional.of("10:30:00"),
                Optional.of("11:00:00"), Optional.empty(), "Budget sync", "Agreed the flamingo budget",
                Optional.of("work"), "budget", true, "audio", true, List.of("Ana", "Ben"), "", Extra.empty())));
        j.facetStore("home").appendEvents(DAY, List.of(new FacetEvent("errand", Optional.empty(), Optional.empty(),
                Optional.empty(), "Vet visit", "The cat's checkup", Optional.of("home"), "errands", true, "audio",
                false, List.of(), "", Extra.empty())));
        j.facetStore("work").addTodo(DAY, Todo.open("Send the narwhal invoice", Optional.of("16:00"), 1L));
        j.facetStore("work").updateEntities(e -> List.of(Entity.of("Person", "Ana Lima", "Runs the iguana project")));
        j.facetStore("home").writeNews(DAY, "# News\nThe lynx festival is on Saturday.\n");
        return j;
    }
}
