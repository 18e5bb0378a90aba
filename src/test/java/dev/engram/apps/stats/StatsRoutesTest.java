package dev.engram.apps.stats;

import static dev.engram.apps.support.Checks.error;
import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.support.JournalServer;
import dev.engram.testing.HttpSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The Stats app's API over real HTTP on {@link StatsJournal}. */
class StatsRoutesTest {
    @TempDir
    static Path dir;
    static JournalServer server;
    static HttpSession http;

    @BeforeAll
    static void start() {
        server = new JournalServer(StatsJournal.create(dir.resolve("journal")), new ServiceRegistry(),
                List.of(new StatsApp()));
        http = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void recordedSpeechAndScreenTimePerDay() {
        JsonNode r = ok(http.get("/app/stats/api/stats?from=20260301&to=20260303"));
        JsonNode t = r.path("totals");
        assertThat(t.path("days").asInt()).isEqualTo(3);
        assertThat(t.path("recorded_days").asInt()).isEqualTo(2);
        assertThat(t.path("segments").asInt()).isEqualTo(4);
        assertThat(t.path("recorded_seconds").asInt()).isEqualTo(300 + 600 + 1200 + 300);
        assertThat(t.path("speech_seconds").asInt()).isEqualTo(300 + 600);
        assertThat(t.path("screen_seconds").asInt()).isEqualTo(300 + 1200);
        JsonNode days = r.path("days");
        assertThat(days.size()).isEqualTo(3);
        assertThat(days.get(0).path("segments").asInt()).isZero();
        assertThat(days.get(1).path("day").asString()).isEqualTo("20260302");
        assertThat(days.get(1).path("recorded_seconds").asInt()).isEqualTo(2100);
        assertThat(days.get(2).path("segments").asInt()).isEqualTo(1);
    }

    @Test
    void activityByHourSplitsSegmentsAcrossHoursAndMidnight() {
        JsonNode hours = ok(http.get("/app/stats/api/stats?from=20260301&to=20260303")).path("hours");
        assertThat(hours.size()).isEqualTo(24);
        assertThat(hours.get(9).path("recorded_seconds").asInt()).isEqualTo(300);
        assertThat(hours.get(10).path("recorded_seconds").asInt()).isEqualTo(600);
        assertThat(hours.get(14).path("recorded_seconds").asInt()).isEqualTo(300);
        assertThat(hours.get(23).path("recorded_seconds").asInt()).isEqualTo(600);
        assertThat(hours.get(0).path("recorded_seconds").asInt()).isEqualTo(600);
        assertThat(hours.get(23).path("segments").asInt()).isEqualTo(1);
        assertThat(hours.get(0).path("segments").asInt()).isZero();
    }

    @Test
    void segmentsPerFacetFromOccurredEventsAndWarningsForBrokenLines() {
        JsonNode r = ok(http.get("/app/stats/api/stats?from=20260301&to=20260303"));
        JsonNode facets = r.path("facets");
        assertThat(facets.findValuesAsString("name")).containsExactlyInAnyOrder("work", "home");
        for (JsonNode f : facets) {
            assertThat(f.path("segments").asInt()).as(f.toString()).isEqualTo(1);
        }
        JsonNode work = facets.valueStream().filter(f -> f.path("name").asString().equals("work")).findFirst()
                .orElseThrow();
        assertThat(work.path("recorded_seconds").asInt()).isEqualTo(300);
        assertThat(work.path("color").asString()).isEqualTo("#3366cc");
        assertThat(r.path("unassigned").path("segments").asInt()).isEqualTo(2);
        assertThat(r.path("warnings").findValuesAsString("file")).contains("facets/work/events/20260303.jsonl");
    }

    @Test
    void theDefaultRangeIsThe30DaysUpToTheLatestDay() {
        JsonNode r = ok(http.get("/app/stats/api/stats"));
        assertThat(r.path("to").asString()).isEqualTo("20260303");
        assertThat(r.path("from").asString()).isEqualTo("20260202");
        assertThat(r.path("days").size()).isEqualTo(30);
        assertThat(ok(http.get("/app/stats/api/stats?from=20260301")).path("to").asString()).isEqualTo("20260330");
    }

    @Test
    void badRangesAreClear400sAndTheRouteNeedsASession() {
        error(http.get("/app/stats/api/stats?from=2026"), 400, "invalid_day");
        error(http.get("/app/stats/api/stats?to=20260230"), 400, "invalid_day");
        error(http.get("/app/stats/api/stats?from=20260305&to=20260301"), 400, "invalid_range");
        error(http.get("/app/stats/api/stats?from=20250101&to=20260303"), 400, "range_too_long");
        error(server.anonymous().get("/app/stats/api/stats", "Accept", "application/json"), 401, "auth_required");
    }
}
