package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchQuery;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.AgentEvent;
import dev.engram.journal.Extra;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Facet action logs, import summaries, apps' insights and completed agent runs are indexed with day and topic. */
class MoreSourcesTest {
    @TempDir
    Path tmp;

    @Test
    void logsImportsAppInsightsAndAgentRunsAreSearchable() throws IOException {
        Journal j = SmallJournal.create(tmp.resolve("journal"));
        j.facetStore("work").log(SmallJournal.DAY1, ActionLogEntry.byApp("todos", "todo_add",
                Extra.empty().with("text", "call the gazelle vendor"),
                OffsetDateTime.of(2026, 3, 2, 9, 15, 0, 0, ZoneOffset.UTC)).inFacet("work"));
        Path imp = j.root().resolve("imports/20260301_101500");
        Files.createDirectories(imp);
        Files.writeString(imp.resolve("summary.md"), "# Import\nA recorded talk about the mongoose census.\n");
        j.writeAppFile("notes", "# Weekly\nThe wombat roadmap is agreed.\n", "insights", "weekly.md");
        long ts = OffsetDateTime.of(2026, 3, 3, 15, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
        j.agents().append("1772550000000", new AgentEvent("request", OptionalLong.of(ts), Optional.empty(),
                Extra.empty().with("prompt", "Summarise the jackal meeting")));
        j.agents().append("1772550000000", new AgentEvent("finish", OptionalLong.of(ts + 5000), Optional.empty(),
                Extra.empty().with("result", "The jackal meeting agreed on three points.")));
        j.agents().append("1772550000001", new AgentEvent("request", OptionalLong.of(ts), Optional.empty(),
                Extra.empty().with("prompt", "Still running: the marmot question")));
        j.agents().complete("1772550000000");

        List<String> warnings = new CopyOnWriteArrayList<>();
        try (KeywordIndex index = KeywordIndex.open(j, warnings::add)) {
            index.catchUp(Optional.empty(), false);
            SearchHit log = index.search(SearchQuery.of("gazelle")).hits().getFirst();
            assertThat(log.topic()).isEqualTo("action");
            assertThat(log.facet()).contains("work");
            assertThat(log.day()).contains("20260302");
            assertThat(log.time()).contains("09:15:00");

            SearchHit summary = index.search(SearchQuery.of("mongoose")).hits().getFirst();
            assertThat(summary.topic()).isEqualTo("import");
            assertThat(summary.day()).contains("20260301");
            assertThat(summary.header()).isEqualTo("Import");

            assertThat(index.search(SearchQuery.of("wombat")).hits().getFirst().topic()).isEqualTo("notes:weekly");

            List<SearchHit> run = index.search(SearchQuery.of("jackal").withTopic("agent")).hits();
            assertThat(run).extracting(SearchHit::text).containsExactlyInAnyOrder(
                    "Asked: Summarise the jackal meeting", "The jackal meeting agreed on three points.");
            assertThat(run.getFirst().path()).isEqualTo("agents/1772550000000.jsonl");
            assertThat(run.getFirst().day()).isPresent();
            assertThat(index.search(SearchQuery.of("marmot")).total()).as("an active run is not indexed").isZero();

            j.agents().complete("1772550000001");
            index.update("agents/1772550000001.jsonl");
            assertThat(index.search(SearchQuery.of("marmot")).total()).isEqualTo(1);
        }
        assertThat(warnings).isEmpty();
    }
}
