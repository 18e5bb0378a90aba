package dev.engram.apps.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.cortex.runs.GatedStream;
import dev.engram.cortex.runs.OpenAiWire;
import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The chat and agents apps' JSON and SSE routes over real runs against OpenAI's streaming wire protocol. */
class ChatAgentsRoutesTest {
    @TempDir
    Path dir;

    @Test
    void askStreamsTheRunAndContinuesTheConversation() throws Exception {
        try (MockWebServer openai = new MockWebServer()) {
            openai.start();
            openai.enqueue(OpenAiWire.toolCall("call_9", "search_journal", "{\"query\":\"dinner\"}", 10, 5));
            // the answer waits until the page's stream has subscribed, so its tokens are streamed to it (a stream
            // opened after the run's end replays the written events only: no token events)
            GatedStream answer = new GatedStream(OpenAiWire.textChunks(20, 6, "On Friday ", "[20240301 093000_300]"),
                    0, 5);
            openai.enqueue(answer.response());
            openai.enqueue(OpenAiWire.text(30, 2, "Yes."));
            try (ChatAgentsServer s = ChatAgentsServer.real(dir, openai.url("/v1").toString(), 4)) {
                HttpSession http = s.client();
                HttpResponse<String> ask = http.send("POST", "/app/chat/api/ask",
                        "{\"prompt\":\"When is dinner?\",\"tier\":\"fast\"}");
                assertThat(ask.statusCode()).as(ask.body()).isEqualTo(201);
                String id = HttpSession.json(ask).get("agent_id").asString();
                assertThat(HttpSession.json(ask).get("conversation").asString()).isEqualTo(id);
                HttpResponse<java.util.stream.Stream<String>> stream = http.getAsync("/app/chat/api/stream/" + id,
                        HttpResponse.BodyHandlers.ofLines(), "Accept", "text/event-stream").get(20, TimeUnit.SECONDS);
                StringBuilder body = new StringBuilder();
                stream.body().forEach(line -> {
                    body.append(line).append('\n');
                    if (line.equals("event: start")) {
                        answer.release();
                    }
                });
                String sse = body.toString();
                assertThat(sse).contains("event: start").contains("event: tool_start")
                        .contains("event: tool_end").contains("event: token").contains("event: finish")
                        .contains("[20240301 093000_300]");
                assertThat(sse.indexOf("event: tool_end")).isLessThan(sse.indexOf("event: finish"));
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(
                        s.journal.root().resolve("agents/" + id + ".jsonl")));
                JsonNode chat = s.journal.readAppFile("chat", "chats", id + ".json").map(t ->
                        new tools.jackson.databind.json.JsonMapper().readTree(t)).orElseThrow();
                assertThat(chat.get("title").asString()).isEqualTo("When is dinner?");
                assertThat(chat.get("unread").asBoolean()).isFalse();

                HttpResponse<String> again = http.send("POST", "/app/chat/api/ask",
                        "{\"prompt\":\"Sure?\",\"conversation\":\"" + id + "\"}");
                assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
                String second = HttpSession.json(again).get("agent_id").asString();
                http.get("/app/chat/api/stream/" + second, "Accept", "text/event-stream");
                JsonNode conv = HttpSession.json(http.get("/app/chat/api/conversation/" + id));
                assertThat(conv.get("turns")).hasSize(2);
                assertThat(conv.get("turns").get(0).get("tools").get(0).get("tool").asString())
                        .isEqualTo("search_journal");
                assertThat(conv.get("turns").get(1).get("result").asString()).isEqualTo("Yes.");
                openai.takeRequest(5, TimeUnit.SECONDS);
                openai.takeRequest(5, TimeUnit.SECONDS);
                assertThat(openai.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).contains("When is dinner?")
                        .contains("On Friday");

                JsonNode day = HttpSession.json(http.get("/app/agents/api/day/"
                        + LocalDate.now().toString().replace("-", "")));
                assertThat(day.get("runs")).hasSize(2);
                assertThat(day.get("runs").get(1).get("state").asString()).isEqualTo("finished");
                assertThat(day.get("runs").get(1).get("input_tokens").asLong()).isEqualTo(30);
                JsonNode run = HttpSession.json(http.get("/app/agents/api/run/" + id));
                assertThat(run.get("events").get(0).get("event").asString()).isEqualTo("request");
                // every call went through the real provider layer and its outbound door
                assertThat(Files.readAllLines(s.journal.root().resolve("health/providers.jsonl"))).hasSize(3)
                        .allMatch(l -> l.contains("\"provider\":\"local\"") && l.contains("\"status\":200"));
            }
        }
    }

    @Test
    void theAgentsAppListsTheRecentMcpCallsFromTheAudit() throws Exception {
        try (ChatAgentsServer s = ChatAgentsServer.real(dir, null, 1)) {
            HttpSession http = s.client();
            JsonNode none = HttpSession.json(http.get("/app/agents/api/mcp"));
            assertThat(none.get("available").asBoolean()).isTrue();
            assertThat(none.get("calls")).isEmpty();
            // two lines as the MCP server's audit writes them (health/mcp-audit.jsonl)
            for (String[] c : new String[][] {{"claude-desktop", "search_journal", "ok"}, {"stdio", "todo_add",
                    "error"}}) {
                ObjectNode line = JsonMapper.builder().build().createObjectNode();
                line.put("time", "2026-11-30T10:0" + (c[0].length() % 9) + ":00Z").put("client", c[0])
                        .put("transport", c[0].equals("stdio") ? "stdio" : "http").put("kind", "tool")
                        .put("name", c[1]).put("arg_bytes", 17).put("status", c[2]).put("ms", 1.5);
                s.journal.appendHealthLine("mcp-audit.jsonl", line);
            }
            JsonNode calls = HttpSession.json(http.get("/app/agents/api/mcp")).get("calls");
            assertThat(calls).hasSize(2);
            assertThat(calls.get(0).get("client").asString()).isEqualTo("stdio");
            assertThat(calls.get(0).get("name").asString()).isEqualTo("todo_add");
            assertThat(calls.get(0).get("status").asString()).isEqualTo("error");
            assertThat(calls.get(1).get("client").asString()).isEqualTo("claude-desktop");
            assertThat(calls.get(1).get("transport").asString()).isEqualTo("http");
            assertThat(http.get("/app/agents/").body()).contains("MCP calls").contains("id=\"ag-mcp\"");
        }
    }

    @Test
    void badInputIsAClear4xx() throws Exception {
        try (ChatAgentsServer s = ChatAgentsServer.real(dir, null, 1)) {
            HttpSession http = s.client();
            HttpResponse<String> empty = http.send("POST", "/app/chat/api/ask", "{\"prompt\":\"  \"}");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(HttpSession.json(empty).get("reason_code").asString()).isEqualTo("invalid_field");
            HttpResponse<String> persona = http.send("POST", "/app/agents/api/start",
                    "{\"prompt\":\"x\",\"persona\":\"ghost\"}");
            assertThat(persona.statusCode()).isEqualTo(400);
            assertThat(HttpSession.json(persona).get("reason_code").asString()).isEqualTo("unknown_persona");
            assertThat(http.get("/app/agents/api/run/999").statusCode()).isEqualTo(404);
            assertThat(http.send("POST", "/app/chat/api/ask", "{\"prompt\":\"x\",\"conversation\":\"nope\"}")
                    .statusCode()).isEqualTo(404);
            assertThat(http.send("POST", "/app/chat/api/ask", "{\"prompt\":\"x\",\"tier\":\"huge\"}").statusCode())
                    .isEqualTo(400);
            // no provider: the run starts and ends with an error event saying what to configure
            HttpResponse<String> ask = http.send("POST", "/app/chat/api/ask", "{\"prompt\":\"hello\"}");
            String id = HttpSession.json(ask).get("agent_id").asString();
            String sse = http.get("/app/chat/api/stream/" + id, "Accept", "text/event-stream").body();
            assertThat(sse).contains("event: error").contains("no LLM provider is configured");
            assertThat(s.journal.root().resolve("health/providers.jsonl")).doesNotExist();
        }
    }
}
