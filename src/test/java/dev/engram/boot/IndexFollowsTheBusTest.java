package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.Message;
import dev.engram.index.IndexBench;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import dev.engram.testing.SocketDir;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running Engram's index follows journal writes of OTHER processes through the bus (issue 10: "incremental updates
 * through real bus events"): a second {@code Journal.open} of the same folder stands for the other process (its
 * change feed is its own, as in another JVM) and announces through a real bus client, as {@code engram import} and
 * {@code engram think} do ({@link JournalAnnouncer}).
 */
class IndexFollowsTheBusTest {
    private static final Day DAY = Day.of(2026, 11, 2);
    @TempDir
    Path tmp;
    @RegisterExtension
    final SocketDir sockets = new SocketDir("engidx");
    Journal journal;

    @BeforeEach
    void journal() throws IOException {
        journal = Journal.create(tmp.resolve("journal"), "Index Owner");
    }

    @Test
    void anotherProcesssWritesAreSearchableWithinSecondsAndOwnChangesAreNotNotedTwice() throws Exception {
        try (Engram engram = started()) {
            Journal other = Journal.open(journal.root()); // its own change feed: nothing reaches Engram in process
            try (JournalAnnouncer announcer = JournalAnnouncer.start(other, socket())) {
                other.days().writeInsight(DAY, "notes", "# Notes\n\nThe zebrafinch migration starts early.\n");
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> hits(engram, "zebrafinch") == 1);
            assertThat(facts(engram).get("bus_followed")).isEqualTo(1L);

            // our own write: the in-process feed indexes it; its journal.changed echo is skipped, not noted again
            engram.journal().days().writeInsight(DAY, "plans", "# Plans\n\nA quokka census.\n");
            await().atMost(Duration.ofSeconds(3)).until(() -> hits(engram, "quokka") == 1
                    && (Long) facts(engram).get("bus_own_skipped") >= 1);
            assertThat(facts(engram).get("bus_followed")).isEqualTo(1L);
        }
    }

    @Test
    void observeObservedReindexesTheSegmentAnotherProcessWrote() throws Exception {
        try (Engram engram = started()) {
            Journal other = Journal.open(journal.root());
            SegmentKey key = SegmentKey.of(LocalTime.of(9, 30), 300);
            try (var staged = other.stageSegment()) {
                byte[] md = "# Standup\n\nThe axolotl tank needs cleaning.\n".getBytes(StandardCharsets.UTF_8);
                staged.add("standup.md", new ByteArrayInputStream(md), 1000);
                staged.commit(DAY, key);
            }
            assertThat(hits(engram, "axolotl")).isZero(); // no journal.changed: only observe.observed tells
            assertThat(CallosumClient.send(socket(), Message.of("observe", "observed",
                    Map.of("day", DAY.key(), "segment", key.key(), "duration", 1)))).isTrue();
            await().atMost(Duration.ofSeconds(3)).until(() -> hits(engram, "axolotl") == 1);
        }
    }

    @Test
    void aMissedChangeFromTheBusRescansTheJournal() throws Exception {
        try (Engram engram = started()) {
            long catchUps = (Long) facts(engram).get("catch_ups");
            Journal other = Journal.open(journal.root());
            other.days().writeInsight(DAY, "quiet", "# Quiet\n\nA narwhal was seen.\n"); // not announced
            assertThat(CallosumClient.send(socket(), Message.of("journal", "changed",
                    Map.of("kind", "missed", "path", "", "origin", "elsewhere-1")))).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> hits(engram, "narwhal") == 1);
            assertThat((Long) facts(engram).get("catch_ups")).isGreaterThan(catchUps);
        }
    }

    @Test
    void theBusBenchTimesSegmentsAnotherWriterAnnouncesAfterAControlThatStaysUnsearchable() {
        try (Engram engram = started()) {
            StringWriter text = new StringWriter();
            IndexBench.busPath(engram.service(Searcher.class).orElseThrow(), Journal.open(journal.root()), socket(), 2,
                    2, 0, 300, new PrintWriter(text, true));
            assertThat(text.toString())
                    .containsPattern("bus path control: a segment written but not announced was not searchable after"
                            + " 0.3 s; announced, searchable after [0-9.]+ ms")
                    .containsPattern("bus path, spaced \\(one at a time, 0 ms apart\\): 2 new segments searchable"
                            + " after observe.observed p50 [0-9.]+ ms, p90 [0-9.]+ ms, max [0-9.]+ ms; \\d+ over 1 s;"
                            + " CPU of the index-follow thread [0-9.]+ ms per segment; load average")
                    .containsPattern("bus path, burst \\(2 written, then announced back to back\\): 2 new segments");
            assertThat(facts(engram).get("bus_followed")).isEqualTo(5L); // the control and four timed, nothing else
        }
    }

    private Engram started() {
        Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0, Optional.of(socket())));
        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(facts(engram).get("caught_up")));
        return engram;
    }

    private Path socket() {
        return sockets.resolve("bus.sock");
    }

    private static Map<String, Object> facts(Engram engram) {
        return engram.health().services().get("index").facts();
    }

    private static long hits(Engram engram, String word) {
        return engram.service(Searcher.class).orElseThrow().search(SearchQuery.of(word)).total();
    }
}
