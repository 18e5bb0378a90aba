package dev.engram.index;

import dev.engram.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.Searcher;
import dev.engram.testing.SpawnsProcesses;
import dev.engram.journal.Journal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process that holds the index, in the middle of a catch-up: the index opens at its last commit,
 * and the index service's start-up catch-up brings it to exactly what a fresh rebuild holds. The one child run
 * ({@link CrashingIndexer}) commits, indexes the dingo without committing, then changes one committed file, deletes
 * another, adds {@value CrashingIndexer#ADDED} files and is killed once that catch-up has indexed some but not all of
 * them (it used to be killed right after the dingo's update; every check of that state still holds). Recovery is
 * compared chunk by chunk (id, path, text, day, time, facet), not only by ids.
 */
@SpawnsProcesses
class KillRecoveryTest {
    @TempDir
    Path tmp;

    @Test
    void afterKill9MidCatchUpTheIndexServiceRecoversToAFreshRebuild() throws Exception {
        Journal journal = SmallJournal.create(tmp.resolve("journal"));
        String java = ChildJvm.java();
        Process child = ChildJvm.lean(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingIndexer.class.getName(), journal.root().toString()))
                .redirectError(tmp.resolve("child.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("child said ready mid-catch-up (see child.err)").isEqualTo("ready");
        }
        child.destroyForcibly(); // SIGKILL: no close, no commit
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();

        List<String> warnings = new ArrayList<>();
        try (KeywordIndex index = KeywordIndex.open(journal, warnings::add)) {
            assertThat(warnings).as("the last commit opens as it is").isEmpty();
            assertThat(index.search(SearchQuery.of("pelican")).total()).isEqualTo(1);
            assertThat(index.search(SearchQuery.of("dingo")).total()).isZero(); // not committed
            assertThat(index.search(SearchQuery.of("marmot")).total()).as("the killed catch-up's files").isZero();
            assertThat(index.search(SearchQuery.of("heron")).total()).isZero();
            assertThat(index.search(SearchQuery.of("lynx")).total()).as("the deleted file, as committed").isEqualTo(1);
            assertThat(index.vectorProgress().backlog()).as("committed vectors survive").isZero();
        }

        KeywordIndex.Options options = new KeywordIndex.Options(new Embeddings(), Clock.systemDefaultZone(), false);
        Indexer indexer = new Indexer(journal, warnings::add, options); // the index service, as Engram starts it
        List<Hit> recovered;
        try {
            indexer.start();
            await().atMost(Duration.ofSeconds(30)).until(indexer::caughtUp);
            assertThat(total(indexer, "marmot")).isEqualTo(CrashingIndexer.ADDED);
            assertThat(total(indexer, "dingo")).isEqualTo(1);
            assertThat(total(indexer, "heron")).isEqualTo(1);
            assertThat(total(indexer, "zebra") + total(indexer, "lynx")).as("changed and deleted files' old text").isZero();
            recovered = hits(indexer);
        } finally {
            indexer.stop();
        }
        assertThat(warnings).isEmpty();
        try (KeywordIndex index = KeywordIndex.open(journal, warnings::add)) {
            index.clear();
            index.catchUp(Optional.empty(), false);
            assertThat(recovered).as("recovered chunks equal a fresh rebuild's").isEqualTo(hits(index))
                    .hasSizeGreaterThan(CrashingIndexer.ADDED);
        }
    }

    /** What a chunk holds, for comparing two indexes. */
    private record Hit(String id, String path, String text, Optional<String> day, Optional<String> time,
                       Optional<String> facet) {
    }

    private static long total(Searcher searcher, String word) {
        return searcher.search(SearchQuery.of(word).withMode(SearchMode.KEYWORD)).total();
    }

    private static List<Hit> hits(Searcher searcher) {
        List<SearchHit> all = searcher.search(SearchQuery.of("").withMode(SearchMode.KEYWORD)
                .withPage(SearchQuery.MAX_LIMIT, 0)).hits();
        assertThat(all).hasSizeLessThan(SearchQuery.MAX_LIMIT); // every chunk fits one page
        return all.stream().map(h -> new Hit(h.id(), h.path(), h.text(), h.day(), h.time(), h.facet()))
                .sorted(Comparator.comparing(Hit::id)).toList();
    }
}
