package dev.engram.apps.search;

import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.support.JournalServer;
import dev.engram.index.IndexDamage;
import dev.engram.index.Indexer;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10 "Reliability" over HTTP: an index whose bytes are damaged under the running service (Lucene would throw
 * a raw {@code CorruptIndexException} or {@code IndexOutOfBoundsException}) answers a clear 503
 * {@code index_rebuilding}, never a 500, is rebuilt with one warning, and then answers as before.
 */
class DamagedIndexRoutesTest {
    @TempDir
    Path dir;

    @Test
    void aDamagedIndexAnswers503WhileItIsRebuiltNeverA500AndThenAnswersAsBefore() throws IOException {
        Journal journal = SearchJournal.create(dir.resolve("journal"));
        List<String> warnings = new CopyOnWriteArrayList<>();
        Indexer indexer = new Indexer(journal, warnings::add);
        indexer.start();
        ServiceRegistry services = new ServiceRegistry();
        services.register(Searcher.class, indexer);
        try (JournalServer server = new JournalServer(journal, services, List.of(new SearchApp()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(indexer.health().facts()
                    .get("verified")) && Long.valueOf(0).equals(indexer.health().facts().get("embedding_backlog"))
                    // no merge running: the files flipped below are then the ones the searchers read
                    && Integer.valueOf(0).equals(indexer.health().facts().get("merging")));
            HttpSession http = server.client();
            assertThat(ok(http.get("/app/search/api/search?q=pelican")).path("total").asLong()).isEqualTo(5);

            IndexDamage.flipStoredTexts(journal.root(), false); // every segment's stored texts
            HttpResponse<String> damaged = http.get("/app/search/api/search?q=pelican");
            assertThat(damaged.statusCode()).as(damaged.body()).isEqualTo(503);
            JsonNode error = HttpSession.json(damaged);
            assertThat(error.path("reason_code").asString()).isIn("index_rebuilding", "index_unavailable");
            assertThat(error.path("error").asString()).contains("damaged");

            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/app/search/api/search?q=pelican")
                    .statusCode() == 200);
            assertThat(ok(http.get("/app/search/api/search?q=pelican")).path("total").asLong()).isEqualTo(5);
            assertThat(warnings).singleElement().asString().contains("damaged");
        } finally {
            indexer.stop();
        }
    }
}
