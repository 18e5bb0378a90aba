package dev.engram.index;

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

/** A small journal of our own, written through the journal API: one of every kind the index reads. */
final class SmallJournal {
    static final Day DAY1 = Day.of(2026, 3, 2);
    static final Day DAY2 = Day.of(2026, 3, 3);
    static final SegmentKey SEG = SegmentKey.of(LocalTime.of(14, 0), 300);

    static final String FLOW = """
            # Work day
            Spent the morning on the quarterly planning deck.

            ## Meetings
            Two meetings shaped the afternoon:

            - Standup with the platform team about the zebra migration
            - Design review of the harbor dashboard

            ## Numbers
            | Metric | Value |
            |---|---|
            | focus hours | 5 |
            | interruptions | 12 |

            ```
            git rebase --onto main feature/quokka
            ```
            """;

    private SmallJournal() {
    }

    static Journal create(Path root) {
        Journal j = Journal.create(root, "Tester");
        j.facetStore("work").create(new Facet("work", "Work", "", "", "", false, Extra.empty()));
        j.facetStore("home").create(new Facet("home", "Home", "", "", "", false, Extra.empty()));
        j.days().writeInsight(DAY1, "flow", FLOW);
        Segment seg = j.days().createSegment(DAY1, SEG);
        SegmentFiles files = j.days().files(seg);
        files.writeAudio(new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, Extra.empty(), List.of(
                AudioTranscript.Utterance.of("00:00:05", "Did the pelican report ship?", "Ana"),
                AudioTranscript.Utterance.of("00:01:10", "Not yet, it ships Thursday.", "Ben"))));
        files.writeScreen(new ScreenExtract("screen.jsonl", ScreenExtract.FORMAT, Extra.empty(), List.of(
                new ScreenFrame(OptionalLong.of(1), 30, "A spreadsheet of walrus budgets", "spreadsheet", "", false,
                        Optional.empty(), Extra.empty(), Extra.empty()))));
        ScreenFrame.TmuxPane pane = new ScreenFrame.TmuxPane("%1", 0, 0, 0, 80, 24, true,
                "\u001B[32m$\u001B[0m cargo build --release\n\u001B[1;31merror\u001B[0m: ocelot not found");
        files.writeScreen(new ScreenExtract("tmux_dev_screen.jsonl", ScreenExtract.FORMAT, Extra.empty(), List.of(
                new ScreenFrame(OptionalLong.of(1), 60, "", "tmux", "", false,
                        Optional.of(new ScreenFrame.TmuxCapture("dev", "shell", List.of(pane), Extra.empty())),
                        Extra.empty(), Extra.empty()))));
        files.writeInsight("activity", "Reviewed the kestrel pull request.");
        j.facetStore("work").appendEvents(DAY1, List.of(new FacetEvent("meeting", Optional.of("10:30:00"),
                Optional.of("11:00:00"), Optional.empty(), "Budget sync", "Agreed the flamingo budget", Optional.of(
                "work"), "budget", true, "audio", true, List.of("Ana", "Ben"), "", Extra.empty())));
        j.facetStore("work").addTodo(DAY1, Todo.open("Send the narwhal invoice", Optional.of("16:00"), 1L));
        j.facetStore("work").updateEntities(e -> List.of(Entity.of("Person", "Ana Lima", "Runs the iguana project")));
        j.facetStore("home").writeNews(DAY2, "# News\nThe neighbourhood lynx festival is on Saturday.\n");
        return j;
    }
}
