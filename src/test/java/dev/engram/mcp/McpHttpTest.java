package dev.engram.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.engram.boot.Engram;
import dev.engram.boot.EngramOptions;
import dev.engram.cortex.api.ToolScope;
import dev.engram.journal.Journal;
import dev.engram.testing.SampleJournal;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The MCP server over streamable HTTP on Convey's port of a started Engram, driven by the MCP Java SDK's client. */
class McpHttpTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String DAY = SampleJournal.DAY.key();

    @TempDir
    Path tmp;
    Path sockets;
    Journal journal;
    Engram engram;
    String reader;
    String homeWriter;

    @BeforeEach
    void start() throws IOException {
        sockets = Files.createTempDirectory(Path.of("/tmp"), "mcp");
        journal = SampleJournal.create(tmp.resolve("journal"));
        try (Audit audit = new Audit(journal, Clock.systemUTC())) {
            TokenStore tokens = new TokenStore(journal, Clock.systemUTC(), audit);
            reader = tokens.create("desktop", ToolScope.READ, Set.of()).secret();
            homeWriter = tokens.create("home-bot", ToolScope.WRITE, Set.of("home")).secret();
        }
        engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0,
                Optional.of(sockets.resolve("bus.sock"))));
    }

    @AfterEach
    void stop() throws IOException {
        engram.close();
        try (Stream<Path> s = Files.list(sockets)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(sockets);
    }

    private McpSyncClient client(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(engram.url())
                .endpoint("/mcp").requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build();
        McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
        c.initialize();
        return c;
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().getFirst()).text();
    }

    private static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    @Test
    void toolsAreListedWithTruthfulAnnotationsAndSearchAnswersFromTheIndex() throws IOException {
        try (McpSyncClient c = client(reader)) {
            List<McpSchema.Tool> tools = c.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name).contains("search_journal", "todo_add",
                    "entity_update", "get_resource");
            McpSchema.Tool add = tools.stream().filter(t -> t.name().equals("todo_add")).findFirst().orElseThrow();
            assertThat(add.annotations().readOnlyHint()).isFalse();
            assertThat(add.annotations().destructiveHint()).as("adding a todo replaces nothing").isFalse();
            McpSchema.Tool update = tools.stream().filter(t -> t.name().equals("entity_update")).findFirst()
                    .orElseThrow();
            assertThat(update.annotations().readOnlyHint()).isFalse();
            assertThat(update.annotations().destructiveHint()).as("it replaces an entity's description").isTrue();
            assertThat(add.inputSchema().toString()).contains("line_number");
            McpSchema.Tool search = tools.stream().filter(t -> t.name().equals("search_journal")).findFirst()
                    .orElseThrow();
            assertThat(search.annotations().readOnlyHint()).isTrue();
            assertThat(search.annotations().openWorldHint()).isFalse();
            assertThat(search.annotations().destructiveHint()).as("not meaningful for a read-only tool").isNull();

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                McpSchema.CallToolResult r = call(c, "search_journal", Map.of("query", "pelican"));
                return !r.isError() && JSON.readTree(text(r)).get("total").asLong() > 0;
            });
            JsonNode hits = JSON.readTree(text(call(c, "search_journal", Map.of("query", "pelican", "limit", 5))));
            assertThat(hits.get("results").get(0).get("path").asString()).startsWith(DAY + "/140000_300/");

            McpSchema.ReadResourceResult insight = c.readResource(new McpSchema.ReadResourceRequest(
                    "journal://insight/" + DAY + "/flow"));
            assertThat(((McpSchema.TextResourceContents) insight.contents().getFirst()).text())
                    .contains("zebra migration");
            dev.engram.journal.Segment seg = journal.days().segment(SampleJournal.DAY,
                    dev.engram.journal.SegmentKey.parse("140000_300")).orElseThrow();
            Files.write(seg.dir().resolve("screen.png"), new byte[2 * 1024 * 1024]);
            McpSchema.ResourceContents media = c.readResource(new McpSchema.ReadResourceRequest("journal://media/"
                    + DAY + "/140000_300/screen.png")).contents().getFirst();
            assertThat(media).isInstanceOf(McpSchema.TextResourceContents.class);
            assertThat(media.mimeType()).isEqualTo("application/json");
            String described = ((McpSchema.TextResourceContents) media).text();
            assertThat(described.length()).isLessThan(8_000);
            assertThat(JSON.readTree(described).get("link").asString()).endsWith("/140000_300/screen.png");
            assertThat(c.listResourceTemplates().resourceTemplates()).extracting(
                    McpSchema.ResourceTemplate::uriTemplate).contains("journal://todo/{facet}/{day}");
        }
    }

    @Test
    void scopesAndFacetsAreEnforcedAndEveryCallIsAudited() throws IOException {
        try (McpSyncClient c = client(reader)) {
            McpSchema.CallToolResult refused = call(c, "todo_add", Map.of("day", DAY, "facet", "home",
                    "line_number", 1, "text", "Secret plan"));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).contains("may only read");
        }
        try (McpSyncClient c = client(homeWriter)) {
            McpSchema.CallToolResult outside = call(c, "todo_add", Map.of("day", DAY, "facet", "work",
                    "line_number", 2, "text", "Secret plan"));
            assertThat(outside.isError()).isTrue();
            assertThat(text(outside)).contains("outside what this caller may use");
            McpSchema.CallToolResult added = call(c, "todo_add", Map.of("day", DAY, "facet", "home",
                    "line_number", 1, "text", "Secret plan"));
            assertThat(added.isError()).as(text(added)).isFalse();
            assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest(
                    "journal://insight/" + DAY + "/flow"))).hasMessageContaining("belong to no facet");
        }
        assertThat(journal.facetStore("home").todos(SampleJournal.DAY)).extracting(t -> t.text())
                .containsExactly("Secret plan");
        assertThat(journal.facetStore("work").todos(SampleJournal.DAY)).hasSize(1);
        assertThat(journal.facetStore("home").logs(new dev.engram.journal.Day(java.time.LocalDate.now())).getFirst().actor()).isEqualTo("mcp:home-bot");

        Path audit = journal.root().resolve("health/mcp-audit.jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(audit)
                && Files.readAllLines(audit).size() >= 4);
        List<JsonNode> lines = readLines(audit);
        assertThat(lines).extracting(l -> l.get("client").asString() + " " + l.get("name").asString() + " "
                + l.get("status").asString()).containsExactly("desktop todo_add error", "home-bot todo_add error",
                "home-bot todo_add ok", "home-bot journal://insight error");
        assertThat(lines.getFirst().get("transport").asString()).isEqualTo("http");
        assertThat(lines.getFirst().get("arg_bytes").asLong()).isPositive();
        assertThat(lines.getFirst().has("time")).isTrue();
        assertThat(lines.toString()).doesNotContain("Secret plan").doesNotContain(reader);
    }

    /** Calls the MCP SDK answers itself, before a tool or resource handler runs, are audited too. */
    @Test
    void callsTheSdkRefusesBeforeOurHandlersAreAuditedToo() throws Exception {
        try (McpSyncClient c = client(reader)) {
            assertThatThrownBy(() -> call(c, "no_such_tool", Map.of("q", 1))).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest("file:///etc/passwd")))
                    .isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest("journal://insight/x")))
                    .isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> c.getPrompt(new McpSchema.GetPromptRequest("daily", Map.of())))
                    .isInstanceOf(RuntimeException.class);
            assertThat(call(c, "todo_list", Map.of("day", 5, "facet", "work")).isError()).isTrue();
            // resource URIs carry facets, days and file names: the audit keeps their scheme and kind, and their size
            assertThat(((McpSchema.TextResourceContents) c.readResource(new McpSchema.ReadResourceRequest(
                    "journal://todo/work/" + DAY)).contents().getFirst()).text()).contains("narwhal");
            String longUri = "journal://media/" + DAY + "/140000_300/" + "private-diary-".repeat(200) + "x.png";
            assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest(longUri)))
                    .isInstanceOf(RuntimeException.class);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"search_journal\",\"arguments\":{\"query\":\"x\"}}}";
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(engram.url() + "/mcp"))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(call)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(401);
            HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(URI.create(engram.url() + "/mcp"))
                    .header("Authorization", "Bearer " + reader).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(garbage.statusCode()).isEqualTo(400);
        }
        Path audit = journal.root().resolve("health/mcp-audit.jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(audit)
                && Files.readAllLines(audit).size() >= 9);
        List<JsonNode> lines = readLines(audit);
        assertThat(lines).extracting(l -> l.get("client").asString() + " " + l.get("kind").asString() + " "
                + l.get("name").asString() + " " + l.get("status").asString()).containsExactly(
                "desktop tool no_such_tool error", "desktop resource file://? error",
                "desktop resource journal://insight error", "desktop request prompts/get error",
                "desktop tool todo_list error", "desktop resource journal://todo ok",
                "desktop resource journal://media error", "(no token) tool search_journal refused",
                "desktop invalid ? error");
        assertThat(lines.get(5).get("arg_bytes").asLong()).isEqualTo(("journal://todo/work/" + DAY).length());
        assertThat(lines.get(6).get("arg_bytes").asLong()).isGreaterThan(2800);
        assertThat(Files.readString(audit)).doesNotContain("etc").doesNotContain("passwd").doesNotContain("work")
                .doesNotContain(DAY).doesNotContain("diary").doesNotContain("140000");
        assertThat(lines.getFirst().get("code").asInt()).isNegative();
        assertThat(lines.getFirst().get("arg_bytes").asLong()).isEqualTo("{\"q\":1}".length());
        assertThat(lines.get(7).get("http").asInt()).isEqualTo(401);
        assertThat(lines).allSatisfy(l -> assertThat(l.get("transport").asString()).isEqualTo("http"));
    }

    private static List<JsonNode> readLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(JSON::readTree).toList();
    }

    @Test
    void aMissingOrWrongTokenIsA401AndConveyKeepsServingBesideIt() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}";
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(engram.url() + "/mcp"))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(init)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(none.body()).get("reason_code").asString()).isEqualTo("bearer_required");
            assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(engram.url() + "/mcp"))
                    .header("Authorization", "Bearer emcp_not-a-token").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(init)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(wrong.body()).get("reason_code").asString()).isEqualTo("invalid_token");
            HttpResponse<String> favicon = http.send(HttpRequest.newBuilder(URI.create(engram.url() + "/favicon.ico"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(favicon.statusCode()).isEqualTo(204);
            // a body over 4 MiB is refused, whether its length is declared or it comes in chunks
            byte[] big = new byte[HttpTap.MAX_BODY + 1];
            java.util.Arrays.fill(big, (byte) ' ');
            // declared: the client asks before sending (Expect: 100-continue), as a client of large bodies should;
            // without it the refusal races the body (Engram answers without reading it, then closes; the unread
            // bytes make the close a reset, which can take the answer with it: "header parser received no bytes")
            HttpResponse<String> declared = http.send(HttpRequest.newBuilder(URI.create(engram.url() + "/mcp"))
                    .expectContinue(true).header("Authorization", "Bearer " + reader)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(big))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(declared.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(declared.body()).get("reason_code").asString()).isEqualTo("too_large");
            HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(engram.url() + "/mcp"))
                    .header("Authorization", "Bearer " + reader).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).isEqualTo(413);
        }
        assertThatThrownBy(() -> client("emcp_wrong")).isInstanceOf(RuntimeException.class);
    }

    /**
     * The bench's lean client (plain keep-alive POSTs, no MCP SDK) gets real answers from the SDK-served endpoint over
     * one session, and its calls are audited like any client's.
     */
    @Test
    void theLeanBenchClientSpeaksTheProtocolOverOneConnection() throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (LeanClient c = new LeanClient(engram.url(), reader)) {
                    c.initialize();
                    JsonNode r = c.call("search_journal", "{\"query\":\"pelican\"}");
                    if (r.get("result").path("isError").asBoolean()) {
                        return false; // the index is not open yet: its error text is not JSON
                    }
                    return JSON.readTree(r.get("result").get("content").get(0).get("text").asString()).get("total")
                            .asLong() > 0;
                }
            });
            McpBench.leanClient(engram.url(), reader, List.of("pelican", "zebra"), "work", DAY, 2, 4, out);
        }
        List<String> lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).extracting(l -> l.split(" ")[0]).containsExactly("start", "queries", "end", "start",
                "end");
        JsonNode search = JSON.readTree(lines.get(2).split(" ", 4)[3]);
        assertThat(search.get("calls").asInt()).isEqualTo(4);
        assertThat(search.get("errors").asInt()).isZero();
        assertThat(Long.parseLong(lines.get(2).split(" ")[2])).isPositive(); // pelican's hits
        assertThat(lines.get(1)).contains("pelican ").contains("zebra ");
        JsonNode overhead = JSON.readTree(lines.get(4).split(" ", 4)[3]);
        assertThat(overhead.get("errors").asInt()).isZero();
        try (LeanClient c = new LeanClient(engram.url(), reader)) {
            c.initialize();
            JsonNode denied = c.call("todo_add", "{\"day\":\"" + DAY + "\",\"facet\":\"work\",\"line_number\":1,"
                    + "\"text\":\"x\"}");
            assertThat(denied.get("result").get("isError").asBoolean()).isTrue(); // a read token: scope enforced
        }
        Path audit = journal.root().resolve("health/mcp-audit.jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.isRegularFile(audit) && readLines(audit).stream()
                .filter(l -> l.get("client").asString().equals("desktop")).count() >= 1 + 2 * 2 + 2 * 4 + 1);
    }
}
