package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.journal.Day;
import dev.engram.journal.Entity;
import dev.engram.journal.Journal;
import dev.engram.journal.Warning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the index cannot use are skipped with one warning naming each (never one per bad line, never stopping the
 * run); and the detected-entities formatter.
 */
class BadFilesTest {
    private static final Day DAY = Day.of(2026, 11, 3);
    @TempDir
    Path tmp;
    private final List<String> indexWarnings = new CopyOnWriteArrayList<>();
    private final List<Warning> journalWarnings = new CopyOnWriteArrayList<>();

    private Journal journal() {
        return SmallJournal.create(tmp.resolve("journal")).withWarnings(journalWarnings::add);
    }

    @Test
    void aFileThatFailsToFormatIsSkippedWithOneWarningNamingItAndTheRunGoesOn() throws IOException {
        Journal journal = journal();
        Path summary = journal.root().resolve("imports/20261103_101500/summary.md");
        Files.createDirectories(summary.getParent());
        Files.write(summary, new byte[] {'#', ' ', (byte) 0xC3, (byte) 0x28, '\n', (byte) 0xFF}); // not UTF-8
        try (KeywordIndex index = KeywordIndex.open(journal, indexWarnings::add)) {
            IndexReport r = index.catchUp(Optional.empty(), false);
            assertThat(r.skipped()).isEqualTo(1);
            assertThat(r.indexed()).isPositive(); // the small journal's other files
            assertThat(indexWarnings).filteredOn(w -> w.contains("imports/20261103_101500/summary.md")).hasSize(1);
            assertThat(index.skipped()).isEqualTo(1);
        }
    }

    @Test
    void aJsonLinesFileOfRandomBytesGivesOneWarningNotOnePerLine() throws IOException {
        long seed = System.nanoTime();
        System.out.println("BadFilesTest seed " + seed);
        Journal journal = journal();
        byte[] junk = new byte[4000];
        new Random(seed).nextBytes(junk);
        for (int i = 0; i < junk.length; i += 100) {
            junk[i] = '\n'; // 40 lines of garbage
        }
        Path todos = journal.root().resolve("facets/work/todos/20261103.jsonl");
        Files.createDirectories(todos.getParent());
        Files.write(todos, junk);
        journalWarnings.clear();
        try (KeywordIndex index = KeywordIndex.open(journal, indexWarnings::add)) {
            index.catchUp(Optional.empty(), false);
            List<Warning> about = journalWarnings.stream()
                    .filter(w -> w.file().equals("facets/work/todos/20261103.jsonl")).toList();
            assertThat(about).hasSize(1);
            assertThat(about.get(0).message()).contains("more warning(s) for this file, not shown");
        }
    }

    @Test
    void detectedEntitiesAreChunkedOnePerEntityUnderTheirFacetAndDay() {
        Journal journal = journal();
        journal.facetStore("work").addDetected(DAY, List.of(
                Entity.of("person", "Ada Lovelace", "wrote the first program").withAka(List.of("Countess"), 1),
                Entity.of("project", "Analytical Engine", "")));
        try (KeywordIndex index = KeywordIndex.open(journal, indexWarnings::add)) {
            index.catchUp(Optional.empty(), false);
            List<SearchHit> hits = index.search(SearchQuery.of("").withTopic("entity:detected")
                    .withMode(SearchMode.KEYWORD)).hits();
            assertThat(hits).extracting(SearchHit::text).containsExactlyInAnyOrder(
                    "Ada Lovelace (person): wrote the first program\nAlso known as: Countess",
                    "Analytical Engine (project)");
            SearchHit ada = index.search(SearchQuery.of("Countess").withMode(SearchMode.KEYWORD)).hits().get(0);
            assertThat(ada.path()).isEqualTo("facets/work/entities/20261103.jsonl");
            assertThat(ada.facet()).contains("work");
            assertThat(ada.day()).contains("20261103");
            assertThat(ada.topic()).isEqualTo("entity:detected");
        }
        assertThat(indexWarnings).isEmpty();
    }
}
