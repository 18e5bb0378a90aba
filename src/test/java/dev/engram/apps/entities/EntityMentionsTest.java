package dev.engram.apps.entities;

import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.support.JournalServer;
import dev.engram.index.Indexer;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** An entity's mentions over real HTTP through a real index: per-day counts and hits linking to the transcripts. */
class EntityMentionsTest {
    @TempDir
    static Path dir;
    static Indexer indexer;
    static JournalServer server;
    static HttpSession http;

    @BeforeAll
    static void start() {
        Journal journal = EntitiesJournal.create(dir.resolve("journal"));
        indexer = new Indexer(journal);
        indexer.start();
        await().atMost(Duration.ofSeconds(30)).until(indexer::caughtUp);
        ServiceRegistry services = new ServiceRegistry();
        services.register(Searcher.class, indexer);
        server = new JournalServer(journal, services, List.of(new EntitiesApp(EntitiesJournal.CLOCK)));
        http = server.client();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (indexer != null) {
            indexer.stop();
        }
    }

    @Test
    void mentionsByNameAndAkaArePerDayAndLinkToTheSegment() {
        JsonNode m = ok(http.get("/app/entities/api/entity?facet=work&name=Dana%20Lee")).path("mentions");
        assertThat(m.path("available").asBoolean()).as(m.toString()).isTrue();
        assertThat(m.path("total").asInt()).isEqualTo(3);
        assertThat(m.path("more").asBoolean()).isFalse();
        JsonNode hist = m.path("histogram");
        assertThat(hist.findValuesAsString("day")).containsExactly("20260307", "20260309");
        assertThat(hist.get(0).path("count").asInt()).isEqualTo(2);
        JsonNode first = m.path("hits").get(0);
        assertThat(first.path("day").asString()).isEqualTo("20260309");
        assertThat(first.path("segment").asString()).isEqualTo(EntitiesJournal.AFTERNOON.key());
        assertThat(first.path("url").asString()).startsWith("/app/transcripts/20260309?segment="
                + EntitiesJournal.AFTERNOON.key() + "&t=");
        assertThat(first.path("snippet").asString()).contains("<strong>Dana");
        // the entity files and action logs, which name every entity, are not mentions
        assertThat(m.path("hits").findValuesAsString("topic")).allMatch(t -> !t.startsWith("entity"));
    }

    @Test
    void aDetectedEntityHasItsMentionsToo() {
        JsonNode r = ok(http.get("/app/entities/api/entity?facet=work&name=pelican%20project"));
        assertThat(r.path("status").asString()).isEqualTo("detected");
        assertThat(r.path("detected_days").size()).isEqualTo(3);
        assertThat(r.path("mentions").path("histogram").findValuesAsString("day"))
                .containsExactly("20260305", "20260309");
    }
}
