package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.journal.Journal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of journal file, through the real formatters into a real Lucene index on disk. */
class IndexContentTest {
    @TempDir
    Path tmp;
    private final List<String> warnings = new ArrayList<>();
    private KeywordIndex index;

    @BeforeEach
    void build() {
        Journal journal = SmallJournal.create(tmp.resolve("journal"));
        index = KeywordIndex.open(journal, warnings::add);
        IndexReport r = index.catchUp(Optional.empty(), false);
        assertThat(r.skipped()).isZero();
        assertThat(r.indexed()).isEqualTo(9);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private SearchHit only(String query) {
        SearchResults r = index.search(SearchQuery.of(query));
        assertThat(r.hits()).as(query).hasSize(1);
        return r.hits().getFirst();
    }

    @Test
    void dayInsightsKeepTheirHeaderPathAndOrdinal() {
        SearchHit h = only("zebra");
        assertThat(h.path()).isEqualTo("20260302/insights/flow.md");
        assertThat(h.topic()).isEqualTo("flow");
        assertThat(h.day()).contains("20260302");
        assertThat(h.header()).isEqualTo("Work day > Meetings");
        assertThat(h.ordinal()).isEqualTo(1);
        assertThat(h.id()).isEqualTo("20260302/insights/flow.md:1");
        assertThat(h.segment()).isEmpty();
        // the header path is searchable too, and a table row carries its head
        assertThat(index.search(SearchQuery.of("interruptions metric")).hits()).hasSize(1);
        assertThat(only("quokka").text()).startsWith("```");
    }

    @Test
    void segmentFilesCarryTheSegmentAndTheTimeOfTheMoment() {
        SearchHit audio = only("pelican");
        assertThat(audio.topic()).isEqualTo("audio");
        assertThat(audio.segment()).contains("140000_300");
        assertThat(audio.time()).contains("14:00:05");
        assertThat(audio.text()).isEqualTo("Ana: Did the pelican report ship?\nBen: Not yet, it ships Thursday.");

        SearchHit screen = only("walrus");
        assertThat(screen.topic()).isEqualTo("screen");
        assertThat(screen.time()).contains("14:00:30");

        SearchHit tmux = only("ocelot");
        assertThat(tmux.topic()).isEqualTo("tmux");
        assertThat(tmux.path()).isEqualTo("20260302/140000_300/tmux_dev_screen.jsonl");
        assertThat(tmux.text()).contains("error: ocelot not found").doesNotContain("\u001B").doesNotContain("[0m");

        SearchHit md = only("kestrel");
        assertThat(md.topic()).isEqualTo("activity");
        assertThat(md.time()).contains("14:00:00");
    }

    @Test
    void facetFilesCarryTheirFacetDayAndTime() {
        SearchHit event = only("flamingo");
        assertThat(event.topic()).isEqualTo("event");
        assertThat(event.facet()).contains("work");
        assertThat(event.day()).contains("20260302");
        assertThat(event.time()).contains("10:30:00");
        assertThat(event.text()).contains("Budget sync").contains("Participants: Ana, Ben");

        SearchHit todo = only("narwhal");
        assertThat(todo.topic()).isEqualTo("todo");
        assertThat(todo.text()).isEqualTo("[ ] Send the narwhal invoice");
        assertThat(todo.time()).contains("16:00");

        SearchHit entity = only("iguana");
        assertThat(entity.topic()).isEqualTo("entity:attached");
        assertThat(entity.day()).isEmpty();
        assertThat(entity.text()).isEqualTo("Ana Lima (Person): Runs the iguana project");

        SearchHit news = only("lynx");
        assertThat(news.topic()).isEqualTo("news");
        assertThat(news.facet()).contains("home");
        assertThat(news.day()).contains("20260303");
        assertThat(news.header()).isEqualTo("News");
    }

    @Test
    void countsByFacetTopicAndDayFollowTheFilters() {
        SearchResults all = index.search(SearchQuery.of(""));
        assertThat(all.total()).isEqualTo(all.topics().values().stream().mapToLong(Long::longValue).sum());
        assertThat(all.days()).containsOnlyKeys("20260303", "20260302");
        assertThat(all.days().keySet()).first().isEqualTo("20260303"); // newest first
        assertThat(all.facets()).containsEntry("home", 1L);

        SearchResults work = index.search(SearchQuery.of("").withFacet("WORK"));
        assertThat(work.facets()).containsOnlyKeys("work");
        assertThat(work.topics()).containsOnlyKeys("event", "todo", "entity:attached");
        assertThat(index.search(SearchQuery.of("").withTopic("flow")).total()).isEqualTo(6);
        assertThat(index.search(SearchQuery.of("").withDay(SmallJournal.DAY2)).total()).isEqualTo(1);
        assertThat(index.search(SearchQuery.of("").withRange(SmallJournal.DAY1, SmallJournal.DAY1)).days())
                .containsOnlyKeys("20260302");
        assertThat(index.search(SearchQuery.of("").withRange(SmallJournal.DAY2, null)).total()).isEqualTo(1);
    }

    @Test
    void pagingSkipsAndLimits() {
        SearchResults first = index.search(SearchQuery.of("").withTopic("flow").withPage(4, 0));
        SearchResults second = index.search(SearchQuery.of("").withTopic("flow").withPage(4, 4));
        assertThat(first.hits()).hasSize(4);
        assertThat(second.hits()).hasSize(2);
        assertThat(second.total()).isEqualTo(6);
        assertThat(first.hits()).extracting(SearchHit::id).doesNotContainAnyElementsOf(
                second.hits().stream().map(SearchHit::id).toList());
    }
}
