package dev.engram.cortex.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.Message;
import dev.engram.journal.Day;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's {@code max_turns} and {@code save} (spec §6) over the real bus, against a local server speaking OpenAI's
 * streaming wire protocol.
 */
class RunLimitsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    MockWebServer openai;

    @BeforeEach
    void server() throws Exception {
        openai = new MockWebServer();
        openai.start();
    }

    @AfterEach
    void stop() throws Exception {
        openai.close();
    }

    @Test
    void aModelThatKeepsCallingToolsStopsAtMaxTurnsWithAnErrorEvent() throws Exception {
        for (int i = 0; i < 4; i++) {
            openai.enqueue(OpenAiWire.toolCall("call_" + i, "search_journal", "{\"query\":\"birthday\"}", 10, 2));
        }
        try (CortexRig rig = new CortexRig(dir, openai.url("/v1").toString(), 4).start()) {
            rig.send(Message.of("cortex", "request", Map.of("agent_id", "1700000000500", "prompt", "loop",
                    "persona", "default", "max_turns", 2)));
            Path done = rig.journal.root().resolve("agents/1700000000500.jsonl");
            await().atMost(WAIT).until(() -> Files.exists(done));
            List<JsonNode> lines = Files.readAllLines(done).stream().map(JSON::readTree).toList();
            assertThat(lines).extracting(l -> l.get("event").asString()).containsExactly("request", "start",
                    "tool_start", "tool_end", "tool_start", "tool_end", "error");
            JsonNode error = lines.getLast();
            assertThat(error.get("error").asString()).contains("max_turns (2)");
            assertThat(error.get("ts").isNumber()).isTrue();
            assertThat(error.get("agent_id").asString()).isEqualTo("1700000000500");
            assertThat(openai.getRequestCount()).as("two model turns, no third").isEqualTo(2);
            await().atMost(WAIT).until(() -> rig.events("1700000000500").contains("error"));
            assertThat(rig.journal.root().resolve("agents/1700000000500_active.jsonl")).doesNotExist();
        }
    }

    @Test
    void saveWritesTheAnswerUnderTheRequestsDayOrToday() throws Exception {
        openai.enqueue(OpenAiWire.text(10, 3, "Your ", "brief."));
        openai.enqueue(OpenAiWire.text(10, 3, "March ", "brief."));
        try (CortexRig rig = new CortexRig(dir, openai.url("/v1").toString(), 4).start()) {
            rig.send(Message.of("cortex", "request", Map.of("agent_id", "1700000000600", "prompt", "brief me",
                    "persona", "default", "save", "brief.md")));
            await().atMost(WAIT).until(() -> Files.exists(rig.journal.root().resolve("agents/1700000000600.jsonl")));
            // the reference: result written to <journal>/<day or today>/<save> on finish
            Path today = rig.journal.root().resolve(new Day(LocalDate.now()).key()).resolve("brief.md");
            assertThat(today).hasContent("Your brief.");

            rig.send(Message.of("cortex", "request", Map.of("agent_id", "1700000000601", "prompt", "brief me",
                    "persona", "default", "save", "brief.md", "day", "20240301")));
            await().atMost(WAIT).until(() -> Files.exists(rig.journal.root().resolve("agents/1700000000601.jsonl")));
            assertThat(rig.journal.root().resolve("20240301/brief.md")).hasContent("March brief.");
            assertThat(today).hasContent("Your brief.");

            // a day that is not YYYYMMDD is refused before the provider is called
            rig.send(Message.of("cortex", "request", Map.of("agent_id", "1700000000602", "prompt", "brief me",
                    "persona", "default", "save", "brief.md", "day", "../x")));
            await().atMost(WAIT).until(() -> rig.events("1700000000602").contains("error"));
            assertThat(rig.runs.find("1700000000602").orElseThrow().error().orElseThrow()).contains("YYYYMMDD");
            assertThat(openai.getRequestCount()).isEqualTo(2);
        }
    }
}
