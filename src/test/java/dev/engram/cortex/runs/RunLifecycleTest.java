package dev.engram.cortex.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.Message;
import dev.engram.cortex.api.AgentException;
import dev.engram.cortex.api.AgentRequest;
import dev.engram.cortex.api.AgentRun;
import dev.engram.cortex.api.RunEvent;
import dev.engram.journal.Day;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run lifecycle end to end over the real bus, against a local server speaking OpenAI's streaming wire protocol
 * (through the real LangChain4j OpenAI model): {@code cortex.request} in, the reference's events out on the bus and
 * in {@code agents/<id>.jsonl}.
 */
class RunLifecycleTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    MockWebServer openai;
    String url;

    @BeforeEach
    void server() throws Exception {
        openai = new MockWebServer();
        openai.start();
        url = openai.url("/v1").toString();
    }

    @AfterEach
    void stop() throws Exception {
        openai.close();
    }

    @Test
    void aBusRequestRunsWithAToolCallAndEndsInTheReferenceSchema() throws Exception {
        openai.enqueue(OpenAiWire.toolCall("call_1", "search_journal", "{\"query\":\"birthday\"}", 100, 20));
        openai.enqueue(OpenAiWire.text(150, 12, "Dinner is ", "on Friday ", "[20240301 093000_300]."));
        try (CortexRig rig = new CortexRig(dir, url, 4).start()) {
            rig.send(Message.of("cortex", "request", Map.of("agent_id", "1700000000123", "ts", 1700000000123L,
                    "prompt", "When is the birthday dinner?", "persona", "default")));
            await().atMost(WAIT).until(() -> rig.events("1700000000123").contains("finish"));
            assertThat(rig.events("1700000000123")).containsSubsequence("request", "start", "tool_start",
                    "tool_end", "finish");
            Path done = rig.journal.root().resolve("agents/1700000000123.jsonl");
            await().atMost(WAIT).until(() -> Files.exists(done));
            assertThat(rig.journal.root().resolve("agents/1700000000123_active.jsonl")).doesNotExist();
            List<JsonNode> lines = Files.readAllLines(done).stream().map(JSON::readTree).toList();
            assertThat(lines).extracting(l -> l.get("event").asString())
                    .containsExactly("request", "start", "tool_start", "tool_end", "finish");
            assertThat(lines).allMatch(l -> l.get("ts").isNumber()
                    && l.get("agent_id").asString().equals("1700000000123"));
            assertThat(lines.get(0).get("prompt").asString()).isEqualTo("When is the birthday dinner?");
            JsonNode start = lines.get(1);
            assertThat(start.get("model").asString()).isEqualTo("gpt-test");
            assertThat(start.get("persona").asString()).isEqualTo("default");
            assertThat(start.get("prompt").asString()).isEqualTo("When is the birthday dinner?");
            JsonNode toolStart = lines.get(2);
            assertThat(toolStart.get("tool").asString()).isEqualTo("search_journal");
            assertThat(toolStart.get("args").get("query").asString()).isEqualTo("birthday");
            assertThat(toolStart.get("call_id").asString()).isEqualTo("call_1");
            assertThat(lines.get(3).get("result").asString()).contains("Birthday dinner planned") // the real index
                    .contains("20240301");
            JsonNode finish = lines.get(4);
            assertThat(finish.get("result").asString()).isEqualTo("Dinner is on Friday [20240301 093000_300].");
            assertThat(finish.get("usage").get("input_tokens").asLong()).isEqualTo(250);
            assertThat(finish.get("usage").get("output_tokens").asLong()).isEqualTo(32);
            // the model saw the tool (built from Tools.specs) and got its result back with the call's id
            RecordedRequest first = openai.takeRequest(5, TimeUnit.SECONDS);
            JsonNode body1 = JSON.readTree(first.getBody().utf8());
            assertThat(body1.get("stream").asBoolean()).isTrue();
            assertThat(body1.get("tools").toString()).contains("search_journal").contains("query");
            assertThat(body1.get("tools").toString()).contains("todo_add"); // the default persona: journal, todo, entities
            assertThat(body1.get("messages").get(0).get("role").asString()).isEqualTo("system");
            assertThat(body1.get("messages").get(0).get("content").asString()).contains("Rig Owner");
            JsonNode body2 = JSON.readTree(openai.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
            assertThat(body2.get("messages").toString()).contains("call_1").contains("Birthday dinner planned");
            // the real provider layer recorded both calls: tokens/<day>.jsonl and health/providers.jsonl
            assertThat(Files.readString(rig.journal.root().resolve("tokens/" + new Day(LocalDate.now()).key()
                    + ".jsonl"))).contains("\"context\":\"agent.default.1700000000123\"");
            assertThat(Files.readAllLines(rig.journal.root().resolve("health/providers.jsonl"))).hasSize(2)
                    .allMatch(l -> l.contains("\"purpose\":\"agent\"") && l.contains("\"status\":200"));
            AgentRun run = rig.runs.find("1700000000123").orElseThrow();
            assertThat(run.state()).isEqualTo(AgentRun.RunState.FINISHED);
            assertThat(run.inputTokens()).isEqualTo(250);
            assertThat(run.model()).isEqualTo("gpt-test");
        }
    }

    @Test
    void withNoProviderTheRunEndsWithAnErrorSayingWhatToConfigure() throws Exception {
        try (CortexRig rig = new CortexRig(dir, (String) null, 4).start()) {
            rig.send(Message.of("cortex", "request", Map.of("agent_id", "1700000000200", "prompt", "hi")));
            await().atMost(WAIT).until(() -> rig.events("1700000000200").contains("error"));
            Message err = rig.seen.stream().filter(m -> m.event().equals("error")).findFirst().orElseThrow();
            assertThat(err.json().get("error").asString()).contains("no LLM provider").contains("OPENAI_API_KEY");
            await().atMost(WAIT).until(() -> Files.exists(rig.journal.root().resolve("agents/1700000000200.jsonl")));
            assertThat(openai.getRequestCount()).isZero();
        }
    }

    @Test
    void aBadBusRequestIsClaimedAndEndsWithAnError() throws Exception {
        try (CortexRig rig = new CortexRig(dir, url, 4).start()) {
            rig.send(Message.of("cortex", "request", Map.of("agent_id", "1700000000300", "prompt", "",
                    "persona", "default")));
            rig.send(Message.of("cortex", "request", Map.of("agent_id", "1700000000301", "prompt", "x",
                    "persona", "nobody")));
            await().atMost(WAIT).until(() -> rig.events("1700000000300").contains("error")
                    && rig.events("1700000000301").contains("error"));
            assertThat(rig.runs.find("1700000000301").orElseThrow().error().orElseThrow())
                    .contains("no persona named 'nobody'");
            assertThat(rig.runs.find("1700000000300").orElseThrow().error().orElseThrow()).contains("no prompt");

            // a persona file the journal refuses to read (a link leading outside it): still an error event, and
            // the claimed run is completed, not left _active
            java.nio.file.Path outside = java.nio.file.Files.writeString(dir.resolve("outside.txt"), "elsewhere");
            java.nio.file.Files.createDirectories(rig.journal.root().resolve("personas"));
            java.nio.file.Files.createSymbolicLink(rig.journal.root().resolve("personas/evil.txt"), outside);
            rig.send(Message.of("cortex", "request", Map.of("agent_id", "1700000000302", "prompt", "x",
                    "persona", "evil")));
            await().atMost(WAIT).until(() -> rig.events("1700000000302").contains("error"));
            await().atMost(WAIT).until(() -> rig.runs.find("1700000000302").orElseThrow().state()
                    != AgentRun.RunState.RUNNING);
        }
    }

    @Test
    void theJavaApiStreamsTokensAndAThreadContinuesWithItsHistory() throws Exception {
        openai.enqueue(OpenAiWire.text(10, 3, "Hel", "lo"));
        openai.enqueue(OpenAiWire.text(20, 4, "Again"));
        try (CortexRig rig = new CortexRig(dir, url, 4).start()) {
            List<RunEvent> got = new CopyOnWriteArrayList<>();
            String first = rig.runs.start(AgentRequest.of("Say hello", "default"), got::add);
            await().atMost(WAIT).until(() -> got.stream().anyMatch(RunEvent::ends));
            assertThat(got).extracting(RunEvent::event).containsSubsequence("request", "start", "token", "token",
                    "finish");
            assertThat(got.stream().filter(e -> e.event().equals("token")).map(e -> e.text("text")).toList())
                    .containsExactly("Hel", "lo");
            // the request claimed through the Java API is broadcast and comes back without a second claim
            await().atMost(WAIT).until(() -> rig.events(first).contains("finish"));
            assertThat(rig.events(first)).doesNotContain("token").containsOnlyOnce("request");
            await().atMost(WAIT).until(() -> rig.runs.find(first).orElseThrow().state() != AgentRun.RunState.RUNNING);
            openai.takeRequest(5, TimeUnit.SECONDS);

            String second = rig.runs.start(AgentRequest.of("And again?", "default").withContinueFrom(first));
            await().atMost(WAIT).until(() -> rig.events(second).contains("finish"));
            JsonNode body = JSON.readTree(openai.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
            assertThat(body.get("messages").toString()).contains("Say hello").contains("Hello").contains("And again?");
            assertThat(rig.runs.events(first)).extracting(RunEvent::event).endsWith("continue");
            assertThat(rig.runs.events(first).getLast().text("to")).isEqualTo(second);
            assertThat(rig.runs.find(second).orElseThrow().continueFrom()).contains(first);
        }
    }

    @Test
    void aLateSubscriberGetsTheAnswerSoFarThenTheRest() throws Exception {
        // through the real provider layer (LangChain4j's OpenAI streaming over the outbound door): the provider sends
        // its first piece and holds the rest back, so that piece must reach the run's listeners on its own
        GatedStream body = new GatedStream(OpenAiWire.textChunks(5, 3, "one ", "two ", "three"), 1, 50);
        openai.enqueue(body.response());
        try (CortexRig rig = new CortexRig(dir, url, 4).start()) {
            List<RunEvent> early = new CopyOnWriteArrayList<>();
            String id = rig.runs.start(AgentRequest.of("count", "default"), early::add);
            await().atMost(WAIT).until(() -> early.stream().anyMatch(e -> e.event().equals("token")));
            assertThat(early).as("only the first piece was sent yet").extracting(RunEvent::event)
                    .containsExactly("request", "start", "token");
            List<RunEvent> late = new CopyOnWriteArrayList<>();
            rig.runs.subscribe(id, late::add);
            assertThat(late).extracting(RunEvent::event).containsExactly("request", "start", "token");
            body.release();
            await().atMost(WAIT).until(() -> late.stream().anyMatch(RunEvent::ends));
            assertThat(late).extracting(RunEvent::event).endsWith("token", "token", "token", "finish");
            assertThat(String.join("", late.stream().filter(e -> e.event().equals("token"))
                    .map(e -> e.text("text")).toList())).isEqualTo("one two three");
            // the request an agent sends is many kilobytes (instructions, tool schemas): MockWebServer's throttleBody,
            // which paces the request too, made this stream look late (kilobytes read at 128 B per 200 ms)
            assertThat(openai.takeRequest().getBodySize()).isGreaterThan(4_000);
        }
    }

    @Test
    void runsAreBoundedCancellableAndTimeOut() throws Exception {
        // an answer that never comes in time: headers delayed
        openai.enqueue(new MockResponse.Builder().headersDelay(30, TimeUnit.SECONDS)
                .addHeader("Content-Type", "text/event-stream").body("data: [DONE]\n\n").build());
        try (CortexRig rig = new CortexRig(dir, url, 1).start()) {
            String slow = rig.runs.start(AgentRequest.of("slow", "default"));
            assertThatThrownBy(() -> rig.runs.start(AgentRequest.of("another", "default")))
                    .isInstanceOf(AgentException.class).hasMessageContaining("1 agent runs are going already")
                    .extracting(e -> ((AgentException) e).reasonCode()).isEqualTo("too_many_runs");
            assertThat(rig.runs.health().facts().get("refused_too_many")).isEqualTo(1L);
            await().atMost(WAIT).until(() -> rig.events(slow).contains("start"));
            assertThat(rig.runs.cancel(slow)).isTrue();
            await().atMost(WAIT).until(() -> rig.events(slow).contains("error"));
            assertThat(rig.runs.find(slow).orElseThrow().error()).contains("cancelled");
            await().atMost(WAIT).until(() -> Files.exists(rig.journal.root().resolve("agents/" + slow + ".jsonl")));
            await().atMost(WAIT).until(() -> rig.runs.runningIds().isEmpty());
        }
        openai.enqueue(new MockResponse.Builder().headersDelay(30, TimeUnit.SECONDS)
                .addHeader("Content-Type", "text/event-stream").body("data: [DONE]\n\n").build());
        try (CortexRig rig = new CortexRig(dir.resolve("t"), url, 2).start()) {
            String timed = rig.runs.start(AgentRequest.of("slow", "default").withTimeoutSeconds(1));
            await().atMost(WAIT).until(() -> rig.events(timed).contains("error"));
            assertThat(rig.runs.find(timed).orElseThrow().error()).contains("Agent timed out after 1 seconds");
        }
    }

    @Test
    void staleActiveFilesAreClosedAtStart() throws Exception {
        Path agents = dir.resolve("journal/agents");
        Files.createDirectories(agents);
        try (CortexRig rig = new CortexRig(dir, url, 1)) {
            Files.writeString(agents.resolve("1600000000000_active.jsonl"),
                    "{\"event\":\"request\",\"ts\":1600000000000,\"agent_id\":\"1600000000000\",\"prompt\":\"x\"}\n");
            rig.start();
            assertThat(agents.resolve("1600000000000_active.jsonl")).doesNotExist();
            AgentRun r = rig.runs.find("1600000000000").orElseThrow();
            assertThat(r.state()).isEqualTo(AgentRun.RunState.FAILED);
            assertThat(r.error().orElseThrow()).contains("Engram stopped while this run was going");
            await().atMost(WAIT).until(() -> rig.events("1600000000000").contains("error"));
        }
    }
}
