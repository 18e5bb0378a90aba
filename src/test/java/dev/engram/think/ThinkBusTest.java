package dev.engram.think;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.ServiceRegistry;
import dev.engram.callosum.Message;
import dev.engram.index.Indexer;
import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.journal.Day;
import dev.engram.journal.FacetEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Think over the REAL bus ({@link ThinkBus}: a Callosum server, Engram's side dispatching to {@link ThinkApp}, the
 * service emitting through it), another process's client sending {@code observe.observed} and listening to
 * {@code think.*}, and the real index picking the insight up.
 */
class ThinkBusTest {
    @TempDir
    Path dir;

    @Test
    void observedOnTheBusBecomesInsightsEventsAndIndexEntries() throws Exception {
        Day day = ThinkTest.D4;
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T15:00:00Z"), true);
             ThinkBus bus = new ThinkBus(kit.journal, new ServiceRegistry(), Set.of("think"))) {
            kit.markDone(ThinkTest.D3); // nothing to catch up: only the segment's work is asked for
            kit.record(day, "bravo");
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), bus.events(),
                    kit.clock);
            Indexer index = new Indexer(kit.journal);
            List<Message> seen = bus.seen;
            try {
                index.start();
                think.start();
                bus.dispatchTo(think, kit.clock);

                bus.send(Message.of("observe", "observed", Map.of("day", day.key(), "segment", ThinkKit.SEGMENT,
                        "duration", 300)));

                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream()
                        .anyMatch(m -> m.event().equals("segment_done")));
                Message done = seen.stream().filter(m -> m.event().equals("segment_done")).findFirst().orElseThrow();
                assertThat(done.json().get("written").asInt()).isEqualTo(3);
                assertThat(done.json().get("events").asInt()).isEqualTo(1);
                assertThat(seen.stream().filter(m -> m.event().equals("insight"))
                        .map(m -> m.json().get("topic").asString())).containsExactlyInAnyOrder("activity", "screen",
                        "speakers");
                Path seg = kit.journal.root().resolve(day.key()).resolve(ThinkKit.SEGMENT);
                assertThat(Files.readString(seg.resolve("speakers.md"))).contains("Ana worked on the launch plan");
                assertThat(kit.journal.facetStore("work").events(day)).extracting(FacetEvent::title)
                        .containsExactly("Launch sync");
                // the index sees the new insight through the journal's change feed
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(index::caughtUp);
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .ignoreExceptionsInstanceOf(dev.engram.index.api.IndexException.class)
                        .until(() -> index.search(SearchQuery.of("worked")
                        .withMode(SearchMode.KEYWORD).withDay(day)).hits().stream()
                        .anyMatch(h -> h.path().equals(day.key() + "/" + ThinkKit.SEGMENT + "/speakers.md")));
                // the event is a change of its own: the index may take it in a batch after the insight's
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .ignoreExceptionsInstanceOf(dev.engram.index.api.IndexException.class)
                        .untilAsserted(() -> assertThat(index.search(SearchQuery.of("\"Launch sync\"")
                                .withMode(SearchMode.KEYWORD).withFacet("work")).total()).isGreaterThanOrEqualTo(1));
            } finally {
                think.stop();
                index.stop();
            }
        }
    }
}
