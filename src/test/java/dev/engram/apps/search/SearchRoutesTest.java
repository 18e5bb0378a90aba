package dev.engram.apps.search;

import static dev.engram.apps.support.Checks.error;
import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.support.JournalServer;
import dev.engram.index.Indexer;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The search app's HTTP API over real HTTP, against a real index built from {@link SearchJournal}. */
class SearchRoutesTest {
    @TempDir
    static Path dir;
    static Indexer indexer;
    static JournalServer server;
    static HttpSession http;

    @BeforeAll
    static void start() {
        Journal journal = SearchJournal.create(dir.resolve("journal"));
        indexer = new Indexer(journal);
        indexer.start();
        await().atMost(Duration.ofSeconds(30)).until(indexer::caughtUp);
        ServiceRegistry services = new ServiceRegistry();
        services.register(Searcher.class, indexer);
        server = new JournalServer(journal, services, List.of(new SearchApp()));
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

    static JsonNode search(String query) {
        return ok(http.get("/app/search/api/search?" + query));
    }

    static List<String> days(JsonNode r) {
        return r.path("days").valueStream().map(d -> d.path("day").asString()).toList();
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void hitsAreGroupedByDayNewestFirstInTheReferenceShape() {
        JsonNode r = search("q=pelican");
        assertThat(r.path("total").asLong()).isEqualTo(5);
        assertThat(r.path("total_days").asInt()).isEqualTo(2);
        assertThat(r.path("showing_days").asInt()).isEqualTo(2);
        JsonNode days = r.path("days");
        assertThat(days.get(0).path("day").asString()).isEqualTo("20260303");
        assertThat(days.get(0).path("date").asString()).isEqualTo("2026-03-03");
        assertThat(days.get(1).path("day").asString()).isEqualTo("20260302");
        assertThat(days.get(1).path("total").asInt()).isEqualTo(3);
        assertThat(days.get(1).path("showing").asInt()).isEqualTo(3);
        assertThat(days.get(1).path("has_more").asBoolean()).isFalse();
        JsonNode hit = days.get(0).path("results").get(0);
        for (String field : List.of("id", "day", "topic", "topic_icon", "topic_label", "facet", "facet_title",
                "facet_color", "facet_emoji", "text", "path", "idx", "score")) {
            assertThat(hit.has(field)).as("result field %s in %s", field, hit).isTrue();
        }
        assertThat(days.findValuesAsString("text")).allSatisfy(t -> assertThat(t.toLowerCase()).contains(
                "<strong>pelican</strong>"));
        assertThat(r.path("index").path("building").asBoolean()).isFalse();
    }

    @Test
    void anAudioHitOpensItsSegmentAtItsMomentInTranscripts() {
        JsonNode r = search("q=report&topic=audio");
        JsonNode hit = r.path("days").get(0).path("results").get(0);
        assertThat(hit.path("topic").asString()).isEqualTo("audio");
        assertThat(hit.path("topic_label").asString()).isEqualTo("Audio");
        assertThat(hit.path("segment").asString()).isEqualTo("140000_300");
        assertThat(hit.path("time").asString()).isEqualTo("14:00:05");
        assertThat(hit.path("url").asString()).isEqualTo("/app/transcripts/20260302?segment=140000_300&t=14:00:05");
        assertThat(hit.path("text").asString()).isEqualTo("Ana: Did the pelican <strong>report</strong> ship?");
        JsonNode event = search("q=sync").path("days").get(0).path("results").get(0);
        assertThat(event.path("url").asString()).isEqualTo("/app/home/20260303");
        assertThat(event.path("facet").asString()).isEqualTo("work");
        assertThat(event.path("facet_title").asString()).isEqualTo("Work");
        assertThat(event.path("facet_color").asString()).isEqualTo("#3366cc");
        assertThat(event.path("facet_emoji").asString()).isEqualTo("💼");
    }

    @Test
    void facetAndTopicCountsIgnoreThoseFiltersAndLeaveOutMutedFacets() {
        JsonNode all = search("q=pelican");
        assertThat(all.path("facets").findValuesAsString("name")).containsExactlyInAnyOrder("work", "home");
        assertThat(all.path("topics").findValuesAsString("name")).contains("audio", "flow", "event", "news", "todo");
        JsonNode work = search("q=pelican&facet=work");
        assertThat(work.path("total").asLong()).isEqualTo(1);
        assertThat(work.path("days").findValuesAsString("facet")).containsOnly("work");
        assertThat(work.path("facets").findValuesAsString("name")).containsExactlyInAnyOrder("work", "home");
        JsonNode homeCount = work.path("facets").findParents("name").stream()
                .filter(f -> f.path("name").asString().equals("home")).findFirst().orElseThrow();
        assertThat(homeCount.path("count").asInt()).isEqualTo(1);
        assertThat(homeCount.path("title").asString()).isEqualTo("Home");
        JsonNode flow = search("q=pelican&topic=FLOW");
        assertThat(flow.path("total").asLong()).isEqualTo(1);
        assertThat(flow.path("topics").size()).isGreaterThan(1);
    }

    @Test
    void datesFilterTheDaysButNotTheHistogram() {
        JsonNode r = search("q=pelican&from=20260303&to=20260331");
        assertThat(days(r)).containsExactly("20260303");
        assertThat(r.path("histogram").findValuesAsString("day")).containsExactly("20260302", "20260303");
        assertThat(r.path("histogram").valueStream().map(h -> h.path("count").asInt()).toList()).containsExactly(3, 2);
        assertThat(search("q=pelican&day=20260302").path("total").asLong()).isEqualTo(3);
        JsonNode quasar = search("q=quasar&from=20260105&to=20260107");
        assertThat(quasar.path("total_days").asInt()).isEqualTo(3);
        assertThat(quasar.path("histogram").size()).isEqualTo(SearchJournal.QUASAR_DAYS);
    }

    @Test
    void aRelativeDateFillsEachDayGroupAndItsDayPages() {
        // "in March 2026" reads the same whatever today is; "yesterday" or "last week" go through the same path
        for (String query : List.of("q=" + q("pelican in March 2026"), "q=" + q("in January 2026 quasar") + "&limit=2",
                "q=" + q("pelican in March 2026") + "&mode=keyword")) {
            JsonNode r = search(query);
            assertThat(r.path("total").asLong()).as(query).isPositive();
            assertThat(r.path("notices").toString()).as(query).contains("read 'in ");
            for (JsonNode d : r.path("days")) {
                String day = d.path("day").asString();
                assertThat(d.path("showing").asInt()).as("%s day %s", query, day)
                        .isEqualTo(Math.min(d.path("total").asInt(), query.contains("limit=2") ? 2 : 20));
                JsonNode page = ok(http.get("/app/search/api/day_results?" + query + "&day=" + day));
                assertThat(page.path("total").asInt()).as("%s day_results %s", query, day)
                        .isEqualTo(d.path("total").asInt());
            }
        }
        // an explicit day wins over the phrase's range: the phrase is still not searched as words
        assertThat(search("q=" + q("pelican in March 2026") + "&day=20260302").path("total").asLong()).isEqualTo(3);
    }

    @Test
    void daysArePagedTwentyAtATimeAndADayPagesItsHits() {
        JsonNode first = search("q=quasar&limit=2");
        assertThat(first.path("total_days").asInt()).isEqualTo(SearchJournal.QUASAR_DAYS);
        assertThat(first.path("showing_days").asInt()).isEqualTo(20);
        assertThat(first.path("days").get(0).path("day").asString()).isEqualTo("20260125");
        JsonNode busy = first.path("days").findParents("day").stream()
                .filter(d -> d.path("day").asString().equals("20260110")).findFirst().orElseThrow();
        assertThat(busy.path("total").asInt()).isEqualTo(SearchJournal.BUSY_TODOS);
        assertThat(busy.path("showing").asInt()).isEqualTo(2);
        assertThat(busy.path("has_more").asBoolean()).isTrue();
        JsonNode second = search("q=quasar&limit=2&offset=20");
        assertThat(second.path("showing_days").asInt()).isEqualTo(5);
        assertThat(second.path("days").get(4).path("day").asString()).isEqualTo("20260101");

        JsonNode page = ok(http.get("/app/search/api/day_results?q=quasar&day=20260110&offset=2&limit=20"));
        assertThat(page.path("day").asString()).isEqualTo("20260110");
        assertThat(page.path("total").asInt()).isEqualTo(SearchJournal.BUSY_TODOS);
        assertThat(page.path("offset").asInt()).isEqualTo(2);
        assertThat(page.path("results").size()).isEqualTo(20);
        JsonNode rest = ok(http.get("/app/search/api/day_results?q=quasar&day=20260110&offset=22"));
        assertThat(rest.path("results").size()).isEqualTo(SearchJournal.BUSY_TODOS - 22);
    }

    @Test
    void streamTimeBucketAndEntityFilterLikeTheCli() {
        String keyword = "q=pelican&mode=keyword";
        assertThat(search(keyword).path("total").asLong()).isEqualTo(5);
        JsonNode laptop = search(keyword + "&stream=LAPTOP");
        assertThat(laptop.path("total").asLong()).isEqualTo(1);
        assertThat(laptop.path("days").findValuesAsString("topic")).containsExactly("audio");
        assertThat(search(keyword + "&stream=phone").path("total").asLong()).isZero();
        JsonNode afternoon = search(keyword + "&time_bucket=Afternoon");
        assertThat(afternoon.path("total").asLong()).isEqualTo(1);
        assertThat(afternoon.path("days").findValuesAsString("segment")).containsExactly("140000_300");
        assertThat(search(keyword + "&time_bucket=night").path("total").asLong()).isZero();
        JsonNode ana = search(keyword + "&entity=Ana");
        assertThat(ana.path("total").asLong()).isEqualTo(2);
        assertThat(ana.path("days").findValuesAsString("topic")).containsExactlyInAnyOrder("audio", "event");
        assertThat(search(keyword + "&entity=Ben").path("total").asLong()).isZero();
        // like the dates, these filters narrow the side bar's counts and the histogram too
        assertThat(laptop.path("topics").findValuesAsString("name")).containsExactly("audio");
        assertThat(laptop.path("histogram").findValuesAsString("day")).containsExactly("20260302");
        JsonNode day = ok(http.get("/app/search/api/day_results?q=pelican&mode=keyword&day=20260302&stream=laptop"));
        assertThat(day.path("total").asInt()).isEqualTo(1);
    }

    @Test
    void userSyntaxNeverFails() {
        for (String text : List.of("\"unbalanced", "don't", "NOT", "OR OR", "((", "*", "!!!", "пеликан", "ペリカン",
                "a".repeat(4500))) {
            assertThat(http.get("/app/search/api/search?q=" + q(text)).statusCode()).as(text).isEqualTo(200);
        }
        // keyword: exact (hybrid also adds chunks near in meaning, once the background has embedded them)
        assertThat(search("q=" + q("pelican NOT roof") + "&mode=keyword").path("total").asLong()).isEqualTo(4);
        assertThat(search("q=" + q("pelican NOT roof")).toString()).doesNotContain("roof");
    }

    @Test
    void badParametersAreClear400s() {
        error(http.get("/app/search/api/search?q=x&limit=0"), 400, "invalid_limit");
        error(http.get("/app/search/api/search?q=x&limit=many"), 400, "invalid_limit");
        error(http.get("/app/search/api/search?q=x&limit=101"), 400, "invalid_limit");
        error(http.get("/app/search/api/search?q=x&offset=-1"), 400, "invalid_offset");
        error(http.get("/app/search/api/search?q=x&facet=" + q("../etc")), 400, "invalid_facet");
        error(http.get("/app/search/api/search?q=x&topic=" + q("a b")), 400, "invalid_topic");
        error(http.get("/app/search/api/search?q=x&day=20261301"), 400, "invalid_day");
        error(http.get("/app/search/api/search?q=x&from=20260310&to=20260301"), 400, "invalid_range");
        error(http.get("/app/search/api/search?q=" + q("z".repeat(SearchParams.MAX_QUERY + 1))), 400,
                "query_too_long");
        error(http.get("/app/search/api/search?q=x&stream=" + q("../laptop")), 400, "invalid_stream");
        error(http.get("/app/search/api/search?q=x&stream=" + q("a".repeat(65))), 400, "invalid_stream");
        error(http.get("/app/search/api/search?q=x&time_bucket=noon"), 400, "invalid_time_bucket");
        error(http.get("/app/search/api/search?q=x&entity=" + q("a".repeat(SearchParams.MAX_ENTITY + 1))), 400,
                "invalid_entity");
        error(http.get("/app/search/api/day_results?q=x&day=20260110&time_bucket=dawn"), 400, "invalid_time_bucket");
        error(http.get("/app/search/api/day_results?q=x"), 400, "invalid_day");
        error(http.get("/app/search/api/day_results?q=x&day=20260110&offset=x"), 400, "invalid_offset");
    }

    @Test
    void theRoutesNeedALoginSession() {
        error(server.anonymous().get("/app/search/api/search?q=pelican", "Accept", "application/json"), 401,
                "auth_required");
        error(server.anonymous().get("/app/search/api/day_results?q=pelican&day=20260302", "Accept",
                "application/json"), 401, "auth_required");
    }

    @Test
    void withoutARunningIndexSearchAnswers503WithAReason(@TempDir Path other) {
        Journal journal = SearchJournal.create(other.resolve("journal"));
        try (JournalServer none = new JournalServer(journal, new ServiceRegistry(), List.of(new SearchApp()))) {
            error(none.client().get("/app/search/api/search?q=pelican"), 503, "index_unavailable");
        }
        ServiceRegistry stopped = new ServiceRegistry();
        stopped.register(Searcher.class, new Indexer(journal)); // registered but never started
        try (JournalServer idle = new JournalServer(journal, stopped, List.of(new SearchApp()))) {
            HttpSession c = idle.client();
            error(c.get("/app/search/api/search?q=pelican"), 503, "index_unavailable");
            error(c.get("/app/search/api/day_results?q=pelican&day=20260302"), 503, "index_unavailable");
        }
    }
}
