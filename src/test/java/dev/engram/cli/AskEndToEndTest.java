package dev.engram.cli;

import static dev.engram.cli.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.cli.MainTest.Result;
import dev.engram.cortex.runs.OpenAiWire;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code engram ask} end to end with Engram's real parts: the providers from config/journal.json (an
 * {@code openai-compatible} endpoint served by a local server speaking OpenAI's streaming protocol), the outbound door,
 * the journal tools over a real index of a small journal, the run files, token and provider records.
 */
class AskEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;
    MockWebServer llm;

    @BeforeEach
    void server() throws Exception {
        llm = new MockWebServer();
        llm.start();
    }

    @AfterEach
    void stop() throws Exception {
        llm.close();
    }

    @Test
    void askSearchesTheRealIndexThenStreamsTheAnswerAndRecordsEverything() throws Exception {
        Journal j = Journal.create(tmp.resolve("journal"), "Tester");
        j.days().writeInsight(Day.of(2026, 6, 1), "flow", "# Day\nThe marmot sang at the birthday dinner.\n");
        j.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("providers",
                JSON.readTree("{\"endpoints\":{\"lms\":{\"type\":\"openai-compatible\",\"base_url\":\""
                        + llm.url("/v1") + "\",\"model\":\"local-7b\"}}}"))));
        String root = j.root().toString();
        assertThat(run("index", "--journal", root).code()).isZero();
        llm.enqueue(OpenAiWire.toolCall("call_7", "search_journal", "{\"query\":\"marmot\"}", 90, 15));
        llm.enqueue(OpenAiWire.text(140, 9, "The marmot ", "sang at ", "the dinner."));

        Result r = run("ask", "where", "did", "the", "marmot", "sing?", "--journal", root);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("The marmot sang at the dinner." + System.lineSeparator());
        assertThat(r.err()).contains("· search_journal").contains("marmot");
        // the model's second request carries the real search hit from the index
        llm.takeRequest(5, TimeUnit.SECONDS);
        JsonNode second = JSON.readTree(llm.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertThat(second.get("messages").toString()).contains("call_7").contains("20260601")
                .contains("birthday dinner");

        Path agents = j.root().resolve("agents");
        List<Path> runs;
        try (var files = Files.list(agents)) {
            runs = files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList();
        }
        assertThat(runs).hasSize(1);
        String id = runs.getFirst().getFileName().toString().replace(".jsonl", "");
        List<JsonNode> lines = Files.readAllLines(runs.getFirst()).stream().map(JSON::readTree).toList();
        assertThat(lines).extracting(l -> l.get("event").asString())
                .containsExactly("request", "start", "tool_start", "tool_end", "finish");
        assertThat(lines).allMatch(l -> l.get("ts").isNumber() && l.get("agent_id").asString().equals(id));
        assertThat(lines.get(1).get("model").asString()).isEqualTo("local-7b");
        assertThat(lines.get(2).get("tool").asString()).isEqualTo("search_journal");
        assertThat(lines.get(3).get("result").asString()).contains("birthday dinner");
        assertThat(lines.get(4).get("result").asString()).isEqualTo("The marmot sang at the dinner.");
        assertThat(lines.get(4).get("usage").get("input_tokens").asLong()).isEqualTo(230);

        Path tokens = j.root().resolve("tokens/" + new Day(LocalDate.now()).key() + ".jsonl");
        assertThat(Files.readAllLines(tokens).stream().map(JSON::readTree))
                .anyMatch(t -> t.get("context").asString().equals("agent.default." + id)
                        && t.get("provider").asString().equals("lms"));
        List<JsonNode> calls = Files.readAllLines(j.root().resolve("health/providers.jsonl")).stream()
                .map(JSON::readTree).toList();
        assertThat(calls).hasSize(2).allMatch(c -> c.get("model").asString().equals("local-7b")
                && c.get("status").asInt() == 200 && c.get("purpose").asString().equals("agent"));
        assertThat(String.join("\n", Files.readAllLines(j.root().resolve("health/providers.jsonl"))))
                .doesNotContain("marmot");
    }

    @Test
    void aHandoffRunsAfterItsParentOnTheCliAndIsFollowed() throws Exception {
        // the CLI runs one agent at a time: the handoff run takes over its parent's slot when the parent has ended
        Journal j = Journal.create(tmp.resolve("journal"), "Tester");
        j.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("providers",
                JSON.readTree("{\"endpoints\":{\"lms\":{\"type\":\"openai-compatible\",\"base_url\":\""
                        + llm.url("/v1") + "\",\"model\":\"local-7b\"}}}"))));
        Path personas = Files.createDirectories(j.root().resolve("personas"));
        Files.writeString(personas.resolve("scout.txt"), "You scout the journal.\n");
        Files.writeString(personas.resolve("scout.json"), "{\"title\":\"Scout\",\"tools\":\"journal\","
                + "\"handoff\":{\"persona\":\"default\",\"prompt\":\"Summarise the scouting\"}}");
        llm.enqueue(OpenAiWire.text(10, 3, "Scouted ", "three days."));
        llm.enqueue(OpenAiWire.text(20, 4, "In short: ", "all quiet."));

        Result r = run("ask", "scout", "the", "week", "--persona", "scout", "--journal", j.root().toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Scouted three days." + System.lineSeparator() + "In short: all quiet."
                + System.lineSeparator());
        assertThat(r.err()).contains("handed off to run");
        llm.takeRequest(5, TimeUnit.SECONDS);
        assertThat(llm.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).contains("Summarise the scouting");
        List<Path> runs;
        try (var files = Files.list(j.root().resolve("agents"))) {
            runs = files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        assertThat(runs).hasSize(2).noneMatch(p -> p.getFileName().toString().contains("_active"));
        String parent = runs.get(0).getFileName().toString().replace(".jsonl", "");
        String child = runs.get(1).getFileName().toString().replace(".jsonl", "");
        List<JsonNode> parentLines = Files.readAllLines(runs.get(0)).stream().map(JSON::readTree).toList();
        assertThat(parentLines).extracting(l -> l.get("event").asString())
                .containsExactly("request", "start", "finish", "info");
        assertThat(parentLines.get(2).get("handoff").get("persona").asString()).isEqualTo("default");
        assertThat(parentLines.get(3).get("handoff_to").asString()).isEqualTo(child);
        List<JsonNode> childLines = Files.readAllLines(runs.get(1)).stream().map(JSON::readTree).toList();
        assertThat(childLines).extracting(l -> l.get("event").asString())
                .containsExactly("request", "start", "finish");
        assertThat(childLines.get(0).get("handoff_from").asString()).isEqualTo(parent);
        assertThat(childLines.get(2).get("result").asString()).isEqualTo("In short: all quiet.");
    }
    @Test
    void askRunsOnTheChosenProviderAndModelAndRefusesUnknownOnes() throws Exception {
        try (MockWebServer other = new MockWebServer()) {
            other.start();
            Journal j = Journal.create(tmp.resolve("journal"), "Tester");
            j.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("providers",
                    JSON.readTree("{\"endpoints\":{\"lms\":{\"type\":\"openai-compatible\",\"base_url\":\""
                            + llm.url("/v1") + "\",\"model\":\"local-7b\"},\"big\":{\"type\":\"openai-compatible\","
                            + "\"base_url\":\"" + other.url("/v1") + "\",\"model\":\"big-70b\"}}}"))));
            String root = j.root().toString();
            other.enqueue(OpenAiWire.text(10, 3, "From ", "the big one."));

            Result r = run("ask", "who", "are", "you?", "--provider", "big", "--model", "big-405b", "--journal", root);

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("From the big one." + System.lineSeparator());
            JsonNode sent = JSON.readTree(other.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
            assertThat(sent.get("model").asString()).isEqualTo("big-405b");
            assertThat(llm.getRequestCount()).isZero();
            Path file;
            try (var files = Files.list(j.root().resolve("agents"))) {
                file = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
            }
            JsonNode request = JSON.readTree(Files.readAllLines(file).getFirst());
            assertThat(request.get("provider").asString()).isEqualTo("big");
            assertThat(request.get("model").asString()).isEqualTo("big-405b");

            Result unknown = run("ask", "hello", "--provider", "nope", "--journal", root);
            assertThat(unknown.code()).isEqualTo(2);
            assertThat(unknown.err().lines().findFirst().orElseThrow())
                    .isEqualTo("engram ask: no configured LLM provider is named 'nope' (configured: lms"
                            + " [openai-compatible, local-7b], big [openai-compatible, big-70b])");
            Result modelOnly = run("ask", "hello", "--model", "x", "--journal", root);
            assertThat(modelOnly.code()).isEqualTo(2);
            assertThat(modelOnly.err()).contains("--model needs --provider NAME").contains("lms");
            Result badModel = run("ask", "hello", "--provider", "big", "--model", "two words", "--journal", root);
            assertThat(badModel.code()).isEqualTo(2);
            assertThat(badModel.err()).contains("is not a model name").contains("big-70b");
            assertThat(other.getRequestCount() + llm.getRequestCount()).isEqualTo(1);
            try (var files = Files.list(j.root().resolve("agents"))) {
                assertThat(files.count()).as("refused asks start no run").isEqualTo(1);
            }
        }
    }
}
