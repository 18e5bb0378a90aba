package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.engram.app.Health;
import dev.engram.app.TaskScheduler;
import dev.engram.index.api.IndexException;
import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentFiles;
import dev.engram.journal.SegmentKey;
import dev.engram.journal.Todo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index service on a real journal: start-up catch-up, the change feed, restarts, rebuilds. */
class IndexerTest {
    @TempDir
    Path tmp;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private Journal journal;
    private Indexer indexer;

    @BeforeEach
    void setUp() {
        journal = SmallJournal.create(tmp.resolve("journal"));
    }

    @AfterEach
    void tearDown() {
        if (indexer != null) {
            indexer.stop();
        }
    }

    private Indexer started() {
        indexer = new Indexer(journal, warnings::add);
        indexer.start();
        await().atMost(Duration.ofSeconds(20)).until(indexer::caughtUp);
        return indexer;
    }

    private void restart() {
        indexer.stop();
        indexer = null;
        started();
    }

    private long total(String q) {
        return indexer.search(SearchQuery.of(q).withMode(SearchMode.KEYWORD)).total(); // exact word matches
    }

    /**
     * Each kind of write reaches the index through the change feed. Only correctness here, with room for a loaded
     * machine: the 1 s promise is measured by {@link ChangeFeedLatencyTest}, alone, as a median.
     */
    @Test
    void aWriteIsSearchableThroughTheChangeFeed() {
        started();
        assertThat(indexer.lastCatchUp().orElseThrow().indexed()).isEqualTo(9);
        assertThat(indexer.health().state()).isEqualTo(Health.State.UP);
        Duration soon = Duration.ofSeconds(20);

        journal.days().writeInsight(SmallJournal.DAY2, "notes", "The capybara arrived.");
        await().atMost(soon).until(() -> total("capybara") == 1);

        journal.days().writeInsight(SmallJournal.DAY1, "flow", "# Work day\nOnly the axolotl now.\n");
        await().atMost(soon).until(() -> total("axolotl") == 1 && total("zebra") == 0);

        journal.facetStore("work").addTodo(SmallJournal.DAY1, Todo.open("Feed the tapir", Optional.empty(), 2L));
        await().atMost(soon).until(() -> total("tapir") == 1 && total("narwhal") == 1);

        SegmentKey key = SegmentKey.of(LocalTime.of(16, 30), 300);
        SegmentFiles files = journal.days().files(journal.days().createSegment(SmallJournal.DAY2, key));
        files.writeAudio(new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, Extra.empty(),
                List.of(AudioTranscript.Utterance.of("00:02:00", "The okapi is here.", "Cy"))));
        await().atMost(soon).until(() -> total("okapi") == 1);
        SearchHit h = indexer.search(SearchQuery.of("okapi")).hits().getFirst();
        assertThat(h.segment()).contains("163000_300");
        assertThat(h.time()).contains("16:32:00");
        assertThat(warnings).isEmpty();
    }

    /**
     * A burst of more changes than the quick follower takes ({@link Indexer#QUICK_MAX}) is indexed all the same (the
     * bulk follower's batches) and {@code pending} drains to 0; without the bulk follower the burst would wait forever.
     */
    @Test
    void aBurstOfWritesIsIndexedInBatchesAndPendingDrains() {
        started();
        int n = ChangeFollower.QUICK_MAX * 4;
        for (int i = 0; i < n; i++) {
            journal.days().writeInsight(SmallJournal.DAY2, "burst" + i, "The pangolin number " + i + " came.");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> total("pangolin") == n && indexer.pending() == 0);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aCatchUpAfterARestartIndexesOnlyWhatChangedAndDropsDeletedFiles() throws IOException {
        started();
        indexer.stop();
        indexer = null;
        // while stopped: one file changed, one added, one deleted, one touched without a content change
        journal.days().writeInsight(SmallJournal.DAY1, "flow", "# Work day\nThe heron replaced everything.\n");
        journal.days().writeInsight(SmallJournal.DAY2, "extra", "A wombat appears.");
        Files.delete(journal.root().resolve("facets/home/news/20260303.md"));
        Path todo = journal.root().resolve("facets/work/todos/20260302.jsonl");
        Files.setLastModifiedTime(todo, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000L));
        started();
        IndexReport r = indexer.lastCatchUp().orElseThrow();
        assertThat(r.indexed()).isEqualTo(2);
        assertThat(r.removed()).isEqualTo(1);
        assertThat(r.unchanged()).isEqualTo(7); // the touched todo file: same content hash, not re-indexed
        assertThat(total("heron")).isEqualTo(1);
        assertThat(total("zebra")).isZero();
        assertThat(total("wombat")).isEqualTo(1);
        assertThat(total("lynx")).isZero();
        assertThat(total("narwhal")).isEqualTo(1);

        restart(); // nothing changed now
        assertThat(indexer.lastCatchUp().orElseThrow().indexed()).isZero();
        assertThat(indexer.lastCatchUp().orElseThrow().unchanged()).isEqualTo(9);
    }

    @Test
    void aFileDeletedWhileRunningLeavesTheIndexOnTheNextCatchUp() throws IOException {
        started();
        Files.delete(journal.root().resolve("20260302/insights/flow.md"));
        assertThat(indexer.catchUpNow().removed()).isEqualTo(1);
        assertThat(total("zebra")).isZero();
        assertThat(indexer.search(SearchQuery.of("").withTopic("flow")).total()).isZero();
    }

    /**
     * The periodic sweep (here every 200 ms; {@link Indexer#SWEEP_EVERY} in Engram) drops a file deleted behind the
     * journal API's back, without a change event, a restart or a {@code catchUpNow}: without the sweep it stays.
     */
    @Test
    void aFileDeletedBehindTheJournalsBackLeavesTheIndexWithThePeriodicSweep() throws IOException {
        TaskScheduler scheduler = new TaskScheduler(Clock.systemUTC(), tmp.resolve("scheduler.json"),
                Duration.ofMillis(20));
        scheduler.start();
        try {
            indexer = new Indexer(journal, warnings::add, KeywordIndex.Options.defaults(), Optional.of(scheduler),
                    Duration.ofMillis(200));
            indexer.start();
            await().atMost(Duration.ofSeconds(20)).until(indexer::caughtUp);
            assertThat(total("zebra")).isEqualTo(1);
            Files.delete(journal.root().resolve("20260302/insights/flow.md"));
            await().atMost(Duration.ofSeconds(10)).until(() -> total("zebra") == 0);
            assertThat(indexer.search(SearchQuery.of("").withTopic("flow")).total()).isZero();
            assertThat((long) indexer.health().facts().get("sweeps")).isPositive();
            assertThat((long) indexer.health().facts().get("catch_ups")).isEqualTo(1); // sweeps are counted apart
            assertThat(warnings).isEmpty();
        } finally {
            indexer.stop();
            indexer = null;
            scheduler.stop();
        }
    }

    @Test
    void aCorruptIndexIsRebuiltWithOneWarning() throws IOException {
        started();
        indexer.stop();
        indexer = null;
        Path dir = journal.root().resolve("indexes/keyword");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) {
                Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
        }
        started();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.getFirst()).contains("rebuilding the search index").contains("cannot be opened");
        assertThat(indexer.health().facts()).containsKey("rebuilt");
        assertThat(total("zebra")).isEqualTo(1);
        assertThat(indexer.lastCatchUp().orElseThrow().indexed()).isEqualTo(9);
    }

    /**
     * Issue 10 "Reliability": damaged bytes inside a segment (Lucene opens the index without complaint) are found by
     * the checksum verification after the start-up catch-up and the index is rebuilt with one warning.
     */
    @Test
    void aDamagedSegmentIsFoundAfterTheStartUpCatchUpAndRebuiltWithOneWarning() throws IOException {
        started();
        indexer.stop();
        indexer = null;
        IndexDamage.flipStoredTexts(journal.root(), false);
        started();
        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(indexer.health().facts().get("verified"))
                && Boolean.FALSE.equals(indexer.health().facts().get("rebuilding")));
        assertThat(warnings).singleElement().asString().contains("rebuilding the search index").contains("damaged");
        assertThat(indexer.health().facts()).containsKey("rebuilt");
        assertThat(indexer.search(SearchQuery.of("").withPage(1000, 0)).total()).isEqualTo(14);
        assertThat(total("pelican")).isEqualTo(1);
    }

    /**
     * Damage the embedding backlog meets before any search (on a large index it reads its first batch before the
     * checksums are verified) is repaired like a search's: one warning, a rebuild, and the backlog runs again on the
     * rebuilt index, so semantic search gets its vectors back without a restart.
     */
    @Test
    void damageTheEmbedderMeetsFirstIsRebuiltWithOneWarningAndTheBacklogRunsAgain() throws IOException {
        indexer = new Indexer(journal, warnings::add);
        indexer.start();
        // the checksums are verified (intact) on a minimum-priority thread after the catch-up, which a loaded machine
        // may delay for seconds; the embedder steps aside for BacklogEmbedder.QUIET_NANOS (1.5 s) after every change
        // the feed brings: a journal change every 200 ms keeps it from reading until the verification is done and
        // the damage has landed (right after the last change, on this thread), so its first read meets the damage
        int[] notes = {0};
        await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(30)).until(() -> {
            journal.days().writeInsight(SmallJournal.DAY2, "held", "Embedder held back, note " + ++notes[0] + ".");
            return Boolean.TRUE.equals(indexer.health().facts().get("verified"));
        });
        IndexDamage.flipStoredTexts(journal.root(), false); // every segment's stored texts
        assertThat(indexer.health().facts()).as("nothing embedded before the damage").containsEntry("vectors", 0L);

        await().atMost(Duration.ofSeconds(30)).until(() -> indexer.health().facts().containsKey("rebuilt")
                && Boolean.FALSE.equals(indexer.health().facts().get("rebuilding"))
                && Long.valueOf(0).equals(indexer.health().facts().get("embedding_backlog")));
        assertThat(warnings).singleElement().asString().contains("rebuilding the search index").contains("damaged");
        Health h = indexer.health();
        assertThat(h.state()).as(h.toString()).isEqualTo(Health.State.UP);
        assertThat(h.facts()).containsEntry("embedding", "all chunks embedded (hybrid search)")
                .containsEntry("vectors", h.facts().get("chunks"));
        assertThat(indexer.search(SearchQuery.of("wild cat celebration in the neighbourhood")
                .withMode(SearchMode.SEMANTIC)).mode()).isEqualTo(SearchMode.SEMANTIC);
    }

    /** The same damage read through the Searcher API without the service: a clear {@link IndexException}. */
    @Test
    void aSearchOverDamagedBytesIsAnIndexExceptionNamingTheDamage() throws IOException {
        try (KeywordIndex index = KeywordIndex.open(journal, warnings::add)) {
            index.catchUp(Optional.empty(), false);
        }
        IndexDamage.flipStoredTexts(journal.root(), false);
        try (KeywordIndex index = KeywordIndex.open(journal, warnings::add)) {
            assertThat(warnings).as("Lucene opens it without complaint").isEmpty();
            assertThatThrownBy(() -> index.search(SearchQuery.of("").withPage(1000, 0)))
                    .isInstanceOf(CorruptionCheck.Damaged.class).hasMessageContaining("is damaged")
                    .hasMessageContaining("engram index --rebuild");
        }
        try (IndexReader reader = IndexReader.open(journal)) { // engram search's reader
            assertThatThrownBy(() -> reader.search(SearchQuery.of("").withPage(1000, 0)))
                    .isInstanceOf(IndexException.class).hasMessageContaining("is damaged");
        }
    }

    /** An index whose marker says this format but whose manifest has another schema (an unreleased build's). */
    @Test
    void anIndexWithAForeignSchemaUnderTheCurrentMarkerIsRebuiltWithOneWarning() throws IOException {
        Path dir = journal.root().resolve("indexes/keyword");
        Files.createDirectories(dir);
        try (var d = org.apache.lucene.store.FSDirectory.open(dir); var w = new org.apache.lucene.index.IndexWriter(d,
                new org.apache.lucene.index.IndexWriterConfig())) {
            var doc = new org.apache.lucene.document.Document();
            doc.add(new org.apache.lucene.document.StringField(Fields.TYPE, Fields.FILE,
                    org.apache.lucene.document.Field.Store.NO));
            doc.add(new org.apache.lucene.document.StringField(Fields.FILE_PATH, "20260302/insights/flow.md",
                    org.apache.lucene.document.Field.Store.YES)); // no doc values
            w.addDocument(doc);
        }
        Files.writeString(dir.resolve("FORMAT"), IndexFolder.FORMAT + "\n");
        try (KeywordIndex index = KeywordIndex.open(journal, warnings::add)) { // the writer's lock was released
            assertThat(warnings).singleElement().asString().contains("cannot be opened");
            assertThat(index.catchUp(Optional.empty(), false).indexed()).isEqualTo(9);
        }
    }

    @Test
    void anIndexOfAnotherFormatIsRebuiltWithOneWarning() throws IOException {
        started();
        indexer.stop();
        indexer = null;
        Files.writeString(journal.root().resolve("indexes/keyword/FORMAT"), "engram-keyword-index 0\n");
        started();
        assertThat(warnings).singleElement().asString().contains("'engram-keyword-index 0'")
                .contains(IndexFolder.FORMAT);
        assertThat(Files.readString(journal.root().resolve("indexes/keyword/FORMAT")).strip())
                .isEqualTo(IndexFolder.FORMAT);
        assertThat(total("pelican")).isEqualTo(1);
    }

    @Test
    void searchingBeforeStartIsAClearError() {
        Indexer idle = new Indexer(journal, warnings::add);
        assertThat(idle.health().state()).isEqualTo(Health.State.DOWN);
        assertThatThrownBy(() -> idle.search(SearchQuery.of("x"))).isInstanceOf(IndexException.class)
                .hasMessageContaining("not started");
    }

    @Test
    void aSecondWriterGetsAOneLineErrorNamingTheRunningEngram() {
        started();
        assertThatThrownBy(() -> KeywordIndex.open(journal, warnings::add)).isInstanceOf(IndexException.class)
                .hasMessageContaining("in use by another process");
        assertThat(warnings).isEmpty();
        try (IndexReader reader = IndexReader.open(journal)) { // readers work alongside
            assertThat(reader.search(SearchQuery.of("pelican")).total()).isEqualTo(1);
        }
    }

    @Test
    void anIndexHeldByAnotherWriterLeavesTheServiceDownNotEngramFailed() {
        try (KeywordIndex other = KeywordIndex.open(journal, warnings::add)) {
            indexer = new Indexer(journal, warnings::add);
            indexer.start(); // does not throw: Engram starts without search
            await().atMost(Duration.ofSeconds(10)).until(() -> indexer.health().detail().contains("in use"));
            assertThat(indexer.health().state()).isEqualTo(Health.State.DOWN);
            assertThatThrownBy(() -> indexer.search(SearchQuery.of("x"))).isInstanceOf(IndexException.class)
                    .hasMessageContaining("in use by another process");
        }
    }

    @Test
    void aBadLineInAJournalFileDoesNotStopItsOtherLinesFromBeingIndexed() throws IOException {
        Day day = Day.of(2026, 5, 5);
        Path bad = journal.root().resolve("facets/work/events/" + day.key() + ".jsonl");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "{\"title\": \"fine\"}\nnot json at all\n");
        started();
        assertThat(total("fine")).isEqualTo(1); // the journal skips the bad line, the good one is indexed
    }

    /**
     * Issue 10 "Reliability": a journal file that fails to parse (an import summary that is not UTF-8) is skipped with
     * one warning naming it, counted, and the run goes on with the other files.
     */
    @Test
    void aFileThatFailsToParseIsSkippedWithAWarningNamingItAndTheRunGoesOn() throws IOException {
        Path bad = journal.root().resolve("imports/20260506_120000/summary.md");
        Files.createDirectories(bad.getParent());
        Files.write(bad, new byte[] {'#', ' ', (byte) 0xff, (byte) 0xfe, (byte) 0xc3, '\n'}); // not UTF-8
        Path fine = journal.root().resolve("imports/20260506_130000/summary.md");
        Files.createDirectories(fine.getParent());
        Files.writeString(fine, "# Fine\n\nzorillaword notes\n");
        started();
        assertThat(total("zorillaword")).isEqualTo(1);
        assertThat(warnings).singleElement().asString()
                .startsWith("skipped imports/20260506_120000/summary.md while indexing");
        assertThat(indexer.lastCatchUp().orElseThrow().skipped()).isEqualTo(1);
        assertThat(indexer.health().detail()).contains("1 file(s) could not be indexed");
    }

    /**
     * Issue 10 "Reliability": searches run while indexing is in progress. A start-up catch-up with real work (files
     * added while Engram was stopped) is held mid-way: one of its files cannot be read, and the test's warning sink,
     * called on the catch-up's worker, waits until the test releases it. Meanwhile searches answer from the last
     * commit, at once and without throwing, while the catch-up is observably still running; released, it finishes
     * and the new files are searchable. A search that waited for the catch-up would time out here.
     */
    @Test
    void searchesAnswerWhileAStartUpCatchUpWithRealWorkIsStillRunning() throws Exception {
        started(); // the small journal, indexed and committed
        indexer.stop();
        indexer = null;
        int added = 30;
        for (int i = 0; i < added; i++) {
            journal.days().writeInsight(SmallJournal.DAY2, "later" + i, "The quetzal number " + i + " flew by.");
        }
        String badPath = "imports/20260303_101500/summary.md";
        Path bad = journal.root().resolve(badPath);
        Files.createDirectories(bad.getParent());
        Files.write(bad, new byte[] {'#', ' ', (byte) 0xff, (byte) 0xfe, '\n'}); // not UTF-8: skipped with a warning
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        indexer = new Indexer(journal, w -> {
            warnings.add(w);
            if (w.contains(badPath)) {
                held.countDown();
                try {
                    release.await(30, java.util.concurrent.TimeUnit.SECONDS); // bounded: a broken test cannot hang
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, new KeywordIndex.Options(new Embeddings(), java.time.Clock.systemDefaultZone(), false));
        indexer.start();
        try {
            assertThat(held.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("the catch-up reached the bad file")
                    .isTrue();
            assertThat(indexer.caughtUp()).isFalse();
            assertThat(indexer.health().detail()).contains("catching up");
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThat(total("zebra")).isEqualTo(1); // committed before the restart
                assertThat(total("pelican")).isEqualTo(1);
                assertThat(indexer.search(SearchQuery.of("zebra").withTopic("flow")).hits()).singleElement()
                        .extracting(SearchHit::path).isEqualTo("20260302/insights/flow.md");
                assertThat(total("quetzal")).isBetween(0L, (long) added); // new files appear as it goes, never more
            }, "a search waited for the running catch-up");
            assertThat(indexer.caughtUp()).as("the catch-up was still running while the searches answered").isFalse();
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(20)).until(indexer::caughtUp);
        IndexReport r = indexer.lastCatchUp().orElseThrow();
        assertThat(r.indexed()).isEqualTo(added);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(total("quetzal")).isEqualTo(added);
        assertThat(total("zebra")).isEqualTo(1);
    }
}
