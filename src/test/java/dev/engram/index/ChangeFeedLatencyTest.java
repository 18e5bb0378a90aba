package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.journal.Journal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The product promise "a write is searchable within a second" (docs/index.md), measured robustly: alone (other test
 * classes' indexers embed with the ONNX model on every core, and on a loaded 2-core machine a single write took over
 * a second for reasons that are not the index's), several writes, and the median against the 1 s limit. Each write
 * still has to arrive (within 20 s); a change feed that did not reach the index fails at the first one.
 */
@Isolated("measures a latency promise; other classes' embedding backlogs would compete for the 2 cores")
class ChangeFeedLatencyTest {
    private static final int WRITES = 7;
    private static final long PROMISE_MS = 1_000;

    @TempDir
    Path tmp;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private Indexer indexer;

    @AfterEach
    void tearDown() {
        if (indexer != null) {
            indexer.stop();
        }
    }

    private long total(String q) {
        return indexer.search(SearchQuery.of(q).withMode(SearchMode.KEYWORD)).total();
    }

    @Test
    void theMedianWriteIsSearchableWithinASecond() {
        Journal journal = SmallJournal.create(tmp.resolve("journal"));
        indexer = new Indexer(journal, warnings::add);
        indexer.start();
        await().atMost(Duration.ofSeconds(20)).until(indexer::caughtUp);

        long[] millis = new long[WRITES];
        for (int i = 0; i < WRITES; i++) {
            String word = "quokka" + (char) ('a' + i);
            long t0 = System.nanoTime();
            journal.days().writeInsight(SmallJournal.DAY2, "note" + i, "The " + word + " arrived.");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> total(word) == 1);
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        System.out.println("ChangeFeedLatencyTest: write -> searchable, ms: " + Arrays.toString(millis));
        Arrays.sort(millis);
        assertThat(millis[WRITES / 2]).as("median ms from a write to its word being found").isLessThan(PROMISE_MS);
        assertThat(warnings).isEmpty();
    }

    /** The journal tells of a deletion by announcing the removed folder (an import found to be a duplicate). */
    @Test
    void theMedianRemovedImportLeavesTheIndexWithinASecond() {
        Journal journal = SmallJournal.create(tmp.resolve("journal"));
        for (int i = 0; i < WRITES; i++) {
            journal.imports().writeFile("20260301_10150" + i, "summary.md", "# Import\nThe wombat" + (char) ('a' + i)
                    + " memo.\n");
        }
        indexer = new Indexer(journal, warnings::add);
        indexer.start();
        await().atMost(Duration.ofSeconds(20)).until(indexer::caughtUp);
        assertThat(total("wombatc")).isEqualTo(1);

        long[] millis = new long[WRITES];
        for (int i = 0; i < WRITES; i++) {
            String word = "wombat" + (char) ('a' + i);
            long t0 = System.nanoTime();
            journal.imports().remove("20260301_10150" + i);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> total(word) == 0);
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        System.out.println("ChangeFeedLatencyTest: removal -> gone from searches, ms: " + Arrays.toString(millis));
        Arrays.sort(millis);
        assertThat(millis[WRITES / 2]).as("median ms from a removal to its word being gone").isLessThan(PROMISE_MS);
        assertThat(indexer.health().facts().get("files")).isEqualTo(9L);
        assertThat(warnings).isEmpty();
    }
}
