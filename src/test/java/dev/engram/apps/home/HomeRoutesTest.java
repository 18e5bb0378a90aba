package dev.engram.apps.home;

import static dev.engram.apps.support.Checks.error;
import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.apps.support.JournalServer;
import dev.engram.apps.support.ProviderSetup;
import dev.engram.apps.support.TestJournal;
import dev.engram.testing.BulkJournal;
import dev.engram.apps.support.RoutesTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The Home app's API and page over real HTTP. */
class HomeRoutesTest extends RoutesTestBase {
    @Test
    void dayShowsTodosEventsAndCountsOfUnmutedFacets() {
        JsonNode day = ok(http.get("/app/home/api/day/20240315"));
        assertThat(day.path("day").asString()).isEqualTo("20240315");
        JsonNode counts = day.path("counts");
        assertThat(counts.path("segments").asInt()).isEqualTo(2);
        assertThat(counts.path("todos_open").asInt()).isEqualTo(1);
        assertThat(counts.path("todos_done").asInt()).isEqualTo(1);
        assertThat(counts.path("events").asInt()).isEqualTo(1);
        assertThat(texts(day.path("todos"), "text")).containsExactly("Write tests", "Ship release", "Dropped idea");
        assertThat(texts(day.path("todos"), "status")).containsExactly("open", "done", "cancelled");
        JsonNode standup = day.path("events").get(0);
        assertThat(standup.path("title").asString()).isEqualTo("Standup");
        assertThat(standup.path("start").asString()).isEqualTo("09:30:00");
        assertThat(standup.path("facet").asString()).isEqualTo("work");
        assertThat(texts(standup.path("participants"), null)).containsExactly("Ana", "Ben");
    }

    @Test
    void dayHasTheDetectedEntitiesAndNewsOfItsFacets() {
        JsonNode day = ok(http.get("/app/home/api/day/20240315"));
        assertThat(texts(day.path("entities"), "name")).containsExactly("Ana", "Maven");
        JsonNode ana = day.path("entities").get(0);
        assertThat(ana.path("type").asString()).isEqualTo("Person");
        assertThat(ana.path("facet").asString()).isEqualTo("work");
        assertThat(ana.path("description").asString()).isEqualTo("Ran the <i>standup</i>");
        assertThat(day.path("entities_more").asInt()).isZero();
        JsonNode news = day.path("news");
        assertThat(news.size()).isEqualTo(1);
        assertThat(news.get(0).path("facet").asString()).isEqualTo("work");
        assertThat(news.get(0).path("html").asString()).contains("<strong>on track</strong>");
        assertThat(day.path("journal_empty").asBoolean()).isFalse();
        JsonNode personal = ok(http.get("/app/home/api/day/20240315?facet=personal"));
        assertThat(personal.path("entities").size()).isZero();
        assertThat(personal.path("news").size()).isZero();
    }

    @Test
    void theDaySaysWhatToConfigureUntilAProviderIsConfigured(@TempDir Path other) {
        var journal = BulkJournal.create(other, "Test Owner");
        TestJournal.fill(other);
        try (JournalServer s = new JournalServer(journal, ProviderSetup.registry(journal), List.of(new HomeApp()))) {
            ProviderSetup.assertShownUntilConfigured(s, "/app/home/api/day/20240315");
        }
    }

    @Test
    void anEmptyJournalSaysSo(@TempDir Path emptyDir) {
        try (AppServer empty = new AppServer(emptyDir, false)) {
            JsonNode day = ok(empty.client().get("/app/home/api/day/20240315"));
            assertThat(day.path("journal_empty").asBoolean()).isTrue();
            assertThat(day.path("entities").size()).isZero();
            assertThat(day.path("news").size()).isZero();
        }
    }

    @Test
    void selectedFacetLimitsTheDayEvenWhenMuted() {
        JsonNode day = ok(http.get("/app/home/api/day/20240315?facet=personal"));
        assertThat(texts(day.path("todos"), "text")).containsExactly("Buy milk");
        assertThat(day.path("events").size()).isZero();
        assertThat(day.path("counts").path("todos_open").asInt()).isEqualTo(1);
    }

    @Test
    void insightMarkdownIsRenderedWithRawHtmlEscapedAndUnsafeLinksDropped() {
        JsonNode insight = ok(http.get("/app/home/api/day/20240315")).path("insights").get(0);
        assertThat(insight.path("topic").asString()).isEqualTo("flow");
        String html = insight.path("html").asString();
        assertThat(html).contains("<h1>Flow</h1>", "<strong>Engram</strong>", "&lt;script&gt;")
                .doesNotContain("<script>", "javascript:").contains("href=\"https://example.com\"");
    }

    @Test
    void emptyDayHasZeroCounts() {
        JsonNode day = ok(http.get("/app/home/api/day/20200101"));
        assertThat(day.path("counts").path("segments").asInt()).isZero();
        assertThat(day.path("todos").size()).isZero();
        assertThat(day.path("insights").size()).isZero();
    }

    @Test
    void monthStatsCountSegmentsAndEventsPerDay() {
        JsonNode stats = ok(http.get("/app/home/api/stats/202403"));
        assertThat(stats.path("20240315").asInt()).isEqualTo(3);
        assertThat(stats.path("20240316").asInt()).isEqualTo(1);
        assertThat(stats.size()).isEqualTo(2);
        assertThat(ok(http.get("/app/home/api/stats/202404")).size()).isZero();
        assertThat(ok(http.get("/app/home/api/stats/202403?facet=personal")).path("20240316").asInt()).isEqualTo(2);
    }

    @Test
    void badParametersAre400sWithReasonCodes() {
        error(http.get("/app/home/api/day/2024-03-15"), 400, "invalid_day");
        error(http.get("/app/home/api/day/20240231"), 400, "invalid_day");
        error(http.get("/app/home/api/day/20240315?facet=..%2Fetc"), 400, "invalid_facet");
        error(http.get("/app/home/api/day/20240315?facet=nosuch"), 400, "unknown_facet");
        error(http.get("/app/home/api/stats/2024"), 400, "invalid_month");
        error(http.get("/app/home/api/stats/202413"), 400, "invalid_month");
    }

    @Test
    void workspacePageRendersInsideTheShell() {
        var page = http.get("/app/home/20240315");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"home-app\"", "data-day=\"20240315\"", "/static/apps/home/home.js");
        assertThat(http.get("/static/apps/home/home.js").statusCode()).isEqualTo(200);
    }

    @Test
    void apiNeedsALogin() {
        var anonymous = server.anonymous().get("/app/home/api/day/20240315");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asString() : n.path(field).asString()));
        return out;
    }
}
