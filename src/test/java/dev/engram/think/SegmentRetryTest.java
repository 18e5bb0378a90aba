package dev.engram.think;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Day;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.SegmentKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dream redoes the segment insights that failed or never ran, once, bounded, before the daily insights. */
class SegmentRetryTest {
    static final Day D3 = ThinkTest.D3;

    @TempDir
    Path dir;

    private static long count(List<String> lines, String part) {
        return lines.stream().filter(l -> l.contains(part)).count();
    }

    private static int index(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void segmentInsightsThatFailedAreFilledInByTheDreamExactlyOnce() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-28T15:00:00Z"), true)) {
            kit.markDone(ThinkTest.D2); // nothing to catch up at start
            kit.record(D3, "three");
            kit.failing.set(true);
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                    kit.clock);
            think.start();
            Path seg = kit.journal.root().resolve(D3.key()).resolve(ThinkKit.SEGMENT);
            try {
                think.observed(D3, SegmentKey.parse(ThinkKit.SEGMENT));
                Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> count(kit.emitted, "segment_done") == 1);
            } finally {
                think.stop();
            }
            assertThat(count(kit.emitted, "error " + D3.key())).isEqualTo(3);
            assertThat(Files.exists(seg.resolve("activity.md"))).isFalse();
            kit.failing.set(false); // the provider is back

            think.dream(D3, false);

            for (String topic : List.of("activity", "screen", "speakers")) {
                assertThat(Files.readString(seg.resolve(topic + ".md"))).contains("Ana worked on the launch");
                assertThat(count(kit.emitted, "insight " + D3.key() + " " + topic)).isEqualTo(1);
            }
            assertThat(kit.journal.facetStore("work").events(D3)).extracting(FacetEvent::topic)
                    .containsOnlyOnce("speakers");
            List<String> log = kit.journal.days().taskLog(D3);
            int retried = index(log, "\tthink-segments 1 segment(s) redone: 3 insight(s) written, 0 failed");
            assertThat(retried).isGreaterThan(index(log, "\tthink-dream starting"))
                    .isLessThan(index(log, "\tinsight " + D3.key() + "/insights/"));
            assertThat(log).anyMatch(l -> l.contains("\t" + ThinkService.DONE));
            assertThat(kit.emitted).contains("segments_retried " + D3.key());

            int requests = kit.server.getRequestCount();
            think.dream(D3, false); // again: everything is there, nothing is asked

            assertThat(kit.server.getRequestCount()).isEqualTo(requests);
            List<String> again = kit.journal.days().taskLog(D3);
            assertThat(count(again, "\tthink-segments ")).isEqualTo(1);
            assertThat(count(kit.emitted, "insight " + D3.key() + " activity")).isEqualTo(1);

            // --force redoes them, replacing their events
            List<String> forced = ThinkService.runByHand(kit.journal, kit.providers(), kit.clock, D3,
                    Optional.empty(), Optional.empty(), true, kit.events());
            assertThat(forced).anyMatch(l -> l.startsWith("segment insights: 1 segment(s) redone: 3 insight(s)"));
            assertThat(count(kit.emitted, "insight " + D3.key() + " activity")).isEqualTo(2);
            assertThat(kit.journal.facetStore("work").events(D3)).extracting(FacetEvent::topic)
                    .containsOnlyOnce("speakers");
        }
    }

    @Test
    void segmentsNeverProcessedAreRedoneAtMostTheLimitPerDreamAndTheRestLater() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            kit.record(D3, "090000_300", "first"); // recorded while no provider was there: never processed
            kit.record(D3, "100000_300", "second");
            kit.setThink("{\"segment_retry_limit\": 1}");
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                    kit.clock);
            Path day = kit.journal.root().resolve(D3.key());

            think.dream(D3, false);

            assertThat(Files.exists(day.resolve("090000_300").resolve("activity.md"))).isTrue();
            assertThat(Files.exists(day.resolve("100000_300").resolve("activity.md"))).isFalse();
            assertThat(kit.journal.days().taskLog(D3)).anyMatch(l -> l.contains("\tthink-segments 1 segment(s)"
                    + " redone: 3 insight(s) written, 0 failed, 1 left (think.segment_retry_limit is 1)"));

            think.dream(D3, false);

            assertThat(Files.exists(day.resolve("100000_300").resolve("activity.md"))).isTrue();
            assertThat(count(kit.emitted, "insight " + D3.key() + " activity")).isEqualTo(2);
        }
    }
}
