package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.engram.journal.JournalChange.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal change feed: every write kind announces itself, in order, and a slow or failing subscriber is isolated. */
class JournalChangesTest {
    private static final Day DAY = Day.of(2024, 6, 1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private Journal journal() {
        return Journal.create(tmp.resolve("journal"), "Feed Owner").withDurability(Durability.BULK);
    }

    private static String line(JournalChange c) {
        return c.kind() + " " + c.path() + " " + c.day().map(Day::key).orElse("-") + " " + c.facet().orElse("-");
    }

    @Test
    void creatingAFacetAnnouncesItsFacetJson() throws Exception {
        Journal j = journal();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = j.changes().subscribe(c -> seen.add(line(c)))) {
            j.facetStore("garden").create(Facet.named("garden"));
            await().atMost(WAIT).until(() -> !seen.isEmpty());
            assertThat(seen).containsExactly("FACET facets/garden/facet.json - garden");
        }
    }

    @Test
    void everyKindOfWriteAnnouncesItselfInWriteOrder() throws Exception {
        Journal j = journal();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = j.changes().subscribe(c -> seen.add(line(c)))) {
            j.updateConfig(c -> c);
            j.updateConveyPrefs(p -> p);
            j.actions().log(DAY, action());
            FacetStore f = j.facetStore("work");
            f.save(Facet.named("work"));
            f.update(x -> x);
            f.updateEntities(e -> e);
            f.addDetected(DAY, List.of());
            f.appendEvents(DAY, List.of());
            f.addTodo(DAY, new Todo(0, "write the feed", Optional.empty(), false, false, java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), Extra.empty()));
            f.updateTodo(DAY, 1, t -> t);
            f.writeNews(DAY, "# news");
            f.log(DAY, action());
            j.tokens().record(DAY, TokenUsage.CODEC.decode((tools.jackson.databind.node.ObjectNode)
                    Json.MAPPER.readTree("{\"timestamp\":1,\"model\":\"m\",\"usage\":{\"total_tokens\":1}}")));
            j.agents().append("run1", AgentEvent.CODEC.decode((tools.jackson.databind.node.ObjectNode)
                    Json.MAPPER.readTree("{\"event\":\"start\"}")));
            j.agents().complete("run1");
            j.writeAppFile("notes", "hello", "a.txt");
            Days days = j.days();
            days.writeInsight(DAY, "flow", "# flow");
            Segment seg = days.createSegment(DAY, SegmentKey.parse("101500_300"));
            days.createSegment(DAY, SegmentKey.parse("101500_300")); // exists: no second announcement
            SegmentFiles files = days.files(seg);
            files.writeBytes("clip.flac", new byte[] {1, 2, 3});
            files.appendEvent(Extra.empty().with("tract", "observe"));
            files.writeInsight("summary", "# summary");
            files.writeAudio(new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, Extra.empty(), List.of()));
            files.writeStream("screen.webm", new java.io.ByteArrayInputStream(new byte[10]), 100);
            try (StagedSegment staged = j.stageSegment()) {
                staged.add("a.flac", new java.io.ByteArrayInputStream(new byte[5]), 100);
                staged.add("b.webm", new java.io.ByteArrayInputStream(new byte[6]), 100);
                staged.commit(DAY, SegmentKey.of(LocalTime.of(11, 0), 60));
            }
            List<String> expected = List.of(
                    "CONFIG config/journal.json - -",
                    "CONVEY config/convey.json - -",
                    "ACTION_LOG config/actions/20240601.jsonl 20240601 -",
                    "FACET facets/work/facet.json - work",
                    "FACET facets/work/facet.json - work",
                    "ENTITIES facets/work/entities.jsonl - work",
                    "ENTITIES facets/work/entities/20240601.jsonl 20240601 work",
                    "EVENTS facets/work/events/20240601.jsonl 20240601 work",
                    "TODOS facets/work/todos/20240601.jsonl 20240601 work",
                    "TODOS facets/work/todos/20240601.jsonl 20240601 work",
                    "NEWS facets/work/news/20240601.md 20240601 work",
                    "ACTION_LOG facets/work/logs/20240601.jsonl 20240601 work",
                    "TOKENS tokens/20240601.jsonl 20240601 -",
                    "AGENT agents/run1_active.jsonl - -",
                    "AGENT agents/run1.jsonl - -",
                    "APP_FILE apps/notes/a.txt - -",
                    "INSIGHT 20240601/insights/flow.md 20240601 -",
                    "SEGMENT 20240601/101500_300 20240601 -",
                    "SEGMENT_FILE 20240601/101500_300/clip.flac 20240601 -",
                    "SEGMENT_FILE 20240601/101500_300/events.jsonl 20240601 -",
                    "INSIGHT 20240601/101500_300/summary.md 20240601 -",
                    "SEGMENT_FILE 20240601/101500_300/audio.jsonl 20240601 -",
                    "SEGMENT_FILE 20240601/101500_300/screen.webm 20240601 -",
                    // a committed segment is announced once, not once per file
                    "SEGMENT 20240601/110000_60 20240601 -");
            await().atMost(WAIT).until(() -> seen.size() >= expected.size());
            assertThat(seen).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theChangeIsAnnouncedAfterTheWriteIsOnDisk() throws Exception {
        Journal j = journal().withDurability(Durability.SYNC);
        String big = "v1".repeat(8 << 20); // 16 MiB written and fsynced: long enough to catch an early announcement
        List<Boolean> visible = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = j.changes().subscribe(c ->
                visible.add(j.readAppFile("notes", "a.txt").orElse("").equals(big)))) {
            j.writeAppFile("notes", big, "a.txt");
            await().atMost(WAIT).until(() -> visible.size() == 1);
            assertThat(visible).containsExactly(true);
        }
    }

    @Test
    void journalsDerivedFromOneOpenJournalShareItsFeed() throws Exception {
        Journal j = journal();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = j.changes().subscribe(c -> seen.add(c.path()))) {
            Journal derived = j.withDurability(Durability.SYNC).withWarnings(TestJournals.sink());
            assertThat(derived.changes()).isSameAs(j.changes());
            derived.writeAppFile("notes", "x", "b.txt");
            await().atMost(WAIT).until(() -> seen.contains("apps/notes/b.txt"));
        }
        // Another open of the same folder is another journal with its own feed.
        assertThat(Journal.open(j.root()).changes()).isNotSameAs(j.changes());
    }

    @Test
    void eachWritersChangesArriveInItsOrder() throws Exception {
        Journal j = journal();
        int writers = 4;
        int writes = 150;
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (AutoCloseable sub = j.changes().subscribe(c -> seen.add(c.path()))) {
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < writes; i++) {
                        j.writeAppFile("order", "x", "w" + writer + "-" + i);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            await().atMost(WAIT).until(() -> seen.size() == writers * writes);
        }
        for (int w = 0; w < writers; w++) {
            String prefix = "apps/order/w" + w + "-";
            List<Integer> order = seen.stream().filter(p -> p.startsWith(prefix))
                    .map(p -> Integer.parseInt(p.substring(prefix.length()))).toList();
            List<Integer> sorted = new ArrayList<>(order);
            Collections.sort(sorted);
            assertThat(order).as("writer %d's changes in write order", w).hasSize(writes).isEqualTo(sorted);
        }
    }

    @Test
    void aSlowSubscriberNeverSlowsWritersAndIsToldWhatItMissed() throws Exception {
        Journal j = journal();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> log = new CopyOnWriteArrayList<>();
        List<String> other = new CopyOnWriteArrayList<>();
        try (AutoCloseable slow = j.changes().subscribe(c -> {
            log.add(c.path());
            entered.countDown();
            awaitQuietly(release);
        }, count -> log.add("missed " + count), 8);
             AutoCloseable fast = j.changes().subscribe(c -> other.add(c.path()))) {
            j.writeAppFile("slow", "x", "w0");
            assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            for (int i = 1; i < 100; i++) {
                j.writeAppFile("slow", "x", "w" + i);
            }
            // The writers finished while the slow subscriber is still stuck in its first change (released below).
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            await().atMost(WAIT).untilAsserted(() -> assertThat(other).hasSize(100)); // others are not held up
            assertThat(j.changes().dropped()).isEqualTo(91);
            release.countDown();
            await().atMost(WAIT).until(() -> log.contains("apps/slow/w8")); // the queue has room again
            j.writeAppFile("slow", "x", "after");
            await().atMost(WAIT).until(() -> log.contains("apps/slow/after"));
        }
        List<String> expected = new ArrayList<>(List.of("apps/slow/w0", "missed 91"));
        for (int i = 1; i <= 8; i++) {
            expected.add("apps/slow/w" + i);
        }
        expected.add("apps/slow/after");
        assertThat(log).containsExactlyElementsOf(expected);
    }

    @Test
    void aPlainSubscriberGetsTheMissedNoticeAsAChange() throws Exception {
        JournalChanges feed = new JournalChanges();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<JournalChange> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = feed.subscribe(c -> {
            seen.add(c);
            entered.countDown();
            awaitQuietly(release);
        })) {
            feed.publish(JournalChange.of("apps/a/first"));
            assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < JournalChanges.DEFAULT_CAPACITY + 5; i++) {
                feed.publish(JournalChange.of("apps/a/" + i));
            }
            release.countDown();
            await().atMost(WAIT).until(() -> seen.size() == JournalChanges.DEFAULT_CAPACITY + 2);
        }
        assertThat(seen.get(1)).isEqualTo(JournalChange.missed());
        assertThat(seen.get(1).kind().wireName()).isEqualTo("missed");
        assertThat(feed.dropped()).isEqualTo(5);
    }

    @Test
    void overflowWarningsAreRateLimitedButCounted() throws Exception {
        AtomicLong clock = new AtomicLong();
        JournalChanges feed = new JournalChanges(clock::get);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (AutoCloseable sub = feed.subscribe(c -> {
            entered.countDown();
            awaitQuietly(release);
        }, n -> { }, 1)) {
            feed.publish(JournalChange.of("apps/a/0"));
            assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 51; i++) {
                feed.publish(JournalChange.of("apps/a/x")); // the first fills the queue, 50 are dropped
            }
            assertThat(feed.dropped()).isEqualTo(50);
            assertThat(feed.overflowReports()).isEqualTo(1);
            clock.addAndGet(JournalChanges.LOG_INTERVAL_NANOS);
            feed.publish(JournalChange.of("apps/a/y"));
            assertThat(feed.overflowReports()).isEqualTo(2);
            assertThat(feed.dropped()).isEqualTo(51);
            release.countDown();
        }
    }

    @Test
    void aFailingSubscriberIsIsolated() throws Exception {
        Journal j = journal();
        List<String> failing = new CopyOnWriteArrayList<>();
        List<String> healthy = new CopyOnWriteArrayList<>();
        try (AutoCloseable a = j.changes().subscribe(c -> {
            failing.add(c.path());
            throw new IllegalStateException("subscriber bug (expected by the test)");
        });
             AutoCloseable b = j.changes().subscribe(c -> healthy.add(c.path()))) {
            j.writeAppFile("fail", "x", "one");
            j.writeAppFile("fail", "x", "two");
            await().atMost(WAIT).until(() -> failing.size() == 2 && healthy.size() == 2);
            assertThat(failing).containsExactly("apps/fail/one", "apps/fail/two");
        }
    }

    @Test
    void closingASubscriptionStopsDelivery() throws Exception {
        Journal j = journal();
        List<String> closed = new CopyOnWriteArrayList<>();
        List<String> open = new CopyOnWriteArrayList<>();
        AutoCloseable a = j.changes().subscribe(c -> closed.add(c.path()));
        try (AutoCloseable b = j.changes().subscribe(c -> open.add(c.path()))) {
            j.writeAppFile("close", "x", "before");
            await().atMost(WAIT).until(() -> closed.size() == 1 && open.size() == 1);
            a.close();
            a.close(); // idempotent
            assertThat(j.changes().subscribers()).isEqualTo(1);
            j.writeAppFile("close", "x", "after");
            // b is delivered after a would have been (same publish); once b has it, a never will.
            await().atMost(WAIT).until(() -> open.contains("apps/close/after"));
            assertThat(closed).containsExactly("apps/close/before");
        }
        assertThat(j.changes().subscribers()).isZero();
    }

    @Test
    void aBadCapacityIsRefused() {
        assertThatThrownBy(() -> journal().changes().subscribe(c -> { }, n -> { }, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBusFieldsFollowContractC3() {
        JournalChange c = JournalChange.of("facets/work/todos/20240601.jsonl");
        assertThat(c.fields()).containsExactly(Map.entry("kind", "todos"),
                Map.entry("path", "facets/work/todos/20240601.jsonl"), Map.entry("day", "20240601"),
                Map.entry("facet", "work"));
        Map<String, Object> config = JournalChange.of("config/journal.json").fields();
        assertThat(config).containsEntry("day", null).containsEntry("facet", null).containsEntry("kind", "config");
        assertThat(JournalChange.of("20240601/101500_300/clip.flac").segment()).contains("101500_300");
        assertThat(JournalChange.of("20240601/insights/x.md").segment()).isEmpty();
        assertThat(JournalChange.of("somewhere/else.txt").kind()).isEqualTo(Kind.OTHER);
    }

    private static ActionLogEntry action() {
        return new ActionLogEntry("2024-06-01T00:00:00+00:00", "tool", "feed", "feed_test", Extra.empty(),
                Optional.empty(), Optional.empty(), Extra.empty());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
