package dev.engram.apps.tokens;

import static dev.engram.apps.support.Checks.error;
import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.support.JournalServer;
import dev.engram.testing.BulkJournal;
import dev.engram.testing.HttpSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The Tokens app's API over real HTTP, on token files written in the reference's format. */
class TokensRoutesTest {
    @TempDir
    static Path dir;
    static JournalServer server;
    static HttpSession http;

    @BeforeAll
    static void start() throws IOException {
        Path root = dir.resolve("journal");
        var journal = BulkJournal.create(root, "Tester");
        TokenFiles.write(root);
        server = new JournalServer(journal, new ServiceRegistry(), List.of(new TokensApp()));
        http = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode named(JsonNode list, String name) {
        return list.valueStream().filter(n -> n.path("name").asString().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError(name + " not in " + list));
    }

    @Test
    void totalsAndEstimatedCostFromListPrices() {
        JsonNode r = ok(http.get("/app/tokens/api/usage?from=20260301&to=20260303"));
        JsonNode t = r.path("totals");
        assertThat(t.path("calls").asInt()).isEqualTo(3);
        assertThat(t.path("requests").asInt()).isEqualTo(5);
        assertThat(t.path("input_tokens").asLong()).isEqualTo(1_002_100);
        assertThat(t.path("output_tokens").asLong()).isEqualTo(100_550);
        assertThat(t.path("cached_tokens").asLong()).isEqualTo(200_000);
        assertThat(t.path("reasoning_tokens").asLong()).isEqualTo(500);
        assertThat(t.path("total_tokens").asLong()).isEqualTo(1_103_150);
        // gpt-4o: 800k fresh input $2.00 + 200k cached $0.25 + 100k output $1.00; gemini flash: 2k in + 1k billed out
        assertThat(t.path("cost").asDouble()).isCloseTo(3.25 + 0.0006 + 0.0025, within(1e-9));
        assertThat(t.path("unpriced_tokens").asLong()).isEqualTo(150);
        assertThat(r.path("currency").asString()).isEqualTo("USD");
        assertThat(r.path("warnings").findValuesAsString("file")).contains("tokens/20260302.jsonl");
    }

    @Test
    void usageByDayModelProviderAndPurpose() {
        JsonNode r = ok(http.get("/app/tokens/api/usage?from=20260301&to=20260303"));
        JsonNode days = r.path("days");
        assertThat(days.size()).isEqualTo(3);
        assertThat(days.get(0).path("calls").asInt()).isZero();
        assertThat(days.get(1).path("calls").asInt()).isEqualTo(2);
        assertThat(days.get(2).path("total_tokens").asInt()).isEqualTo(150);
        JsonNode models = r.path("models");
        assertThat(models.get(0).path("name").asString()).isEqualTo("gpt-4o");
        assertThat(named(models, "gpt-4o").path("provider").asString()).isEqualTo("openai");
        assertThat(named(models, "gemini-2.5-flash").path("provider").asString()).isEqualTo("google");
        assertThat(named(models, "mystery-model").path("unpriced_tokens").asInt()).isEqualTo(150);
        assertThat(r.path("providers").findValuesAsString("name")).containsExactly("openai", "google", "other");
        assertThat(r.path("purposes").findValuesAsString("name")).containsExactly("agent.default",
                "observe.describe", "think.insight");
        assertThat(named(r.path("purposes"), "observe.describe").path("requests").asInt()).isEqualTo(3);
    }

    @Test
    void theDefaultRangeEndsAtTheLatestTokenDay() {
        JsonNode r = ok(http.get("/app/tokens/api/usage"));
        assertThat(r.path("to").asString()).isEqualTo("20260303");
        assertThat(r.path("days").size()).isEqualTo(30);
        assertThat(r.path("totals").path("calls").asInt()).isEqualTo(3);
        assertThat(ok(http.get("/app/tokens/api/usage?from=20260303&to=20260303")).path("totals").path("calls")
                .asInt()).isEqualTo(1);
    }

    @Test
    void badRangesAreClear400sAndTheRouteNeedsASession() {
        error(http.get("/app/tokens/api/usage?from=yesterday"), 400, "invalid_day");
        error(http.get("/app/tokens/api/usage?from=20260305&to=20260301"), 400, "invalid_range");
        error(http.get("/app/tokens/api/usage?from=20200101&to=20260303"), 400, "range_too_long");
        error(server.anonymous().get("/app/tokens/api/usage", "Accept", "application/json"), 401, "auth_required");
    }
}
