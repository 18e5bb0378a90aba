package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.app.Health;
import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.journal.Journal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline embeddings in the index: the backlog, its restart, and semantic and hybrid search with the same filters. */
class HybridSearchTest {
    @TempDir
    Path tmp;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private static List<String> paths(SearchResults r) {
        return r.hits().stream().map(SearchHit::path).toList();
    }

    @Test
    void semanticSearchFindsByMeaningWhatNoWordMatchesAndHybridFusesBoth() {
        Journal journal = SmallJournal.create(tmp.resolve("journal"));
        try (KeywordIndex index = KeywordIndex.open(journal, warnings::add)) {
            index.catchUp(Optional.empty(), false);
            SearchQuery q = SearchQuery.of("wild cat celebration in the neighbourhood");
            assertThat(index.search(q).mode()).as("no vectors yet: keyword").isEqualTo(SearchMode.KEYWORD);
            assertThat(index.search(q.withMode(SearchMode.SEMANTIC)).notices())
                    .anyMatch(n -> n.contains("ran as keyword search"));

            EmbedReport e = index.embedAll((done, of) -> { });
            assertThat(e.embedded()).isEqualTo(index.chunks()).isEqualTo(e.vectors()).isPositive();

            assertThat(index.search(q.withMode(SearchMode.KEYWORD)).total()).isZero();
            SearchResults semantic = index.search(q.withMode(SearchMode.SEMANTIC));
            assertThat(semantic.mode()).isEqualTo(SearchMode.SEMANTIC);
            assertThat(paths(semantic).getFirst()).isEqualTo("facets/home/news/20260303.md");
            // what the owner excludes stays out of the meaning side too, and is not looked for by meaning
            for (SearchMode m : List.of(SearchMode.SEMANTIC, SearchMode.HYBRID)) {
                SearchResults without = index.search(SearchQuery.of("wild cat celebration in the neighbourhood"
                        + " NOT lynx").withMode(m));
                assertThat(without.mode()).isEqualTo(m);
                assertThat(paths(without)).as(m.wireName()).doesNotContain("facets/home/news/20260303.md");
            }
            assertThat(index.search(SearchQuery.of("NOT lynx").withMode(SearchMode.SEMANTIC)).mode())
                    .as("nothing to look for by meaning").isEqualTo(SearchMode.KEYWORD);

            SearchResults hybrid = index.search(SearchQuery.of("walrus"));
            assertThat(hybrid.mode()).as("default: hybrid where vectors exist").isEqualTo(SearchMode.HYBRID);
            assertThat(paths(hybrid).getFirst()).as("the keyword match ranks first")
                    .isEqualTo("20260302/140000_300/screen.jsonl");
            assertThat(hybrid.hits().getFirst().snippet()).contains("<strong>walrus</strong>");
            // no stemming: 'budget' does not match 'budgets' by its words, but by its meaning
            SearchQuery budget = SearchQuery.of("budget");
            assertThat(paths(index.search(budget.withMode(SearchMode.KEYWORD))))
                    .doesNotContain("20260302/140000_300/screen.jsonl");
            SearchResults both = index.search(budget);
            assertThat(both.total()).as("keyword matches plus the chunks near in meaning")
                    .isGreaterThan(index.search(budget.withMode(SearchMode.KEYWORD)).total());
            assertThat(paths(both)).contains("facets/work/events/20260302.jsonl", "20260302/140000_300/screen.jsonl");

            SearchResults filtered = index.search(budget.withFacet("work"));
            assertThat(filtered.hits()).isNotEmpty().allMatch(h -> h.facet().equals(Optional.of("work")));
            assertThat(filtered.facets().keySet()).containsOnly("work");
        }
    }

    @Test
    void theBacklogResumesAfterARestartAndDropsVectorsOfChunksThatChanged() {
        Journal journal = SmallJournal.create(tmp.resolve("journal"));
        long chunks;
        try (KeywordIndex index = KeywordIndex.open(journal, warnings::add)) {
            index.catchUp(Optional.empty(), false);
            chunks = index.chunks();
            List<KeywordIndex.Pending> some = index.pending(100).stream() // the news chunk stays in the backlog
                    .filter(p -> !p.stored().get(Fields.PATH).equals("facets/home/news/20260303.md")).limit(5).toList();
            assertThat(index.attach(some, index.embeddings().embed(some.stream().map(KeywordIndex.Pending::text)
                    .toList()))).isEqualTo(5);
            index.commit();
        }
        try (KeywordIndex index = KeywordIndex.open(journal, warnings::add)) {
            assertThat(index.vectorProgress()).isEqualTo(new Vectors.Progress(5, chunks));
            List<KeywordIndex.Pending> next = index.pending(100);
            assertThat(next).hasSize((int) chunks - 5);
            // the news file changes between reading and writing: its stale vector is not written
            journal.facetStore("home").writeNews(SmallJournal.DAY2, "# News\nThe lynx festival moved to Sunday.\n");
            index.update("facets/home/news/20260303.md");
            int written = index.attach(next, index.embeddings().embed(next.stream()
                    .map(KeywordIndex.Pending::text).toList()));
            assertThat(written).isEqualTo(next.size() - 1);
            assertThat(index.vectorProgress().backlog()).isEqualTo(1);
            assertThat(index.embedAll((d, o) -> { }).embedded()).isEqualTo(1);
            assertThat(index.search(SearchQuery.of("lynx").withMode(SearchMode.SEMANTIC)).hits().getFirst().text())
                    .contains("Sunday");
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void theServiceEmbedsInTheBackgroundAndShowsItsProgress() {
        Journal journal = SmallJournal.create(tmp.resolve("journal"));
        Indexer indexer = new Indexer(journal, warnings::add);
        indexer.start();
        try {
            // while the model loads (about a second) the backlog is visible: how much is left, in the detail
            AtomicReference<Health> inProgress = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
                Health h = indexer.health();
                Object backlog = h.facts().get("embedding_backlog");
                if (h.detail().contains("chunks waiting") && backlog instanceof Long n && n > 0) {
                    inProgress.set(h);
                }
                return inProgress.get() != null || indexer.caughtUp() && Long.valueOf(0).equals(backlog);
            });
            assertThat(inProgress.get()).as("the backlog and its progress, seen before it drained").isNotNull();
            assertThat(inProgress.get().detail()).containsPattern("embedding \\d+% \\(\\d+ chunks waiting");
            await().atMost(Duration.ofSeconds(60)).until(() -> indexer.caughtUp()
                    && Long.valueOf(0).equals(indexer.health().facts().get("embedding_backlog")));
            assertThat(indexer.health().detail()).contains("all chunks embedded");
            assertThat(indexer.health().facts().get("vectors")).isEqualTo(indexer.health().facts().get("chunks"));
            journal.days().writeInsight(SmallJournal.DAY2, "late", "A heron stood in the river.");
            await().atMost(Duration.ofSeconds(30)).until(() -> indexer.search(SearchQuery.of("bird by the water")
                    .withMode(SearchMode.SEMANTIC)).hits().stream().findFirst()
                    .filter(h -> h.path().equals("20260303/insights/late.md")).isPresent());
        } finally {
            indexer.stop();
        }
    }
}
