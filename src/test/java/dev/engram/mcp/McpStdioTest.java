package dev.engram.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.engram.journal.Journal;
import dev.engram.testing.ChildJvm;
import dev.engram.testing.SampleJournal;
import dev.engram.testing.SpawnsProcesses;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code engram mcp} as a child process, as desktop AI clients start it: the SDK's stdio client, and raw stdout. */
@SpawnsProcesses
class McpStdioTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String DAY = SampleJournal.DAY.key();

    @TempDir
    Path tmp;
    Journal journal;

    @BeforeEach
    void journalWithIndex() {
        journal = SampleJournal.createIndexed(tmp.resolve("journal"));
    }

    private List<String> command(String... args) {
        List<String> mcp = new ArrayList<>(List.of("mcp", "--journal", journal.root().toString()));
        mcp.addAll(List.of(args));
        return ChildJvm.engramArgs(mcp.toArray(String[]::new));
    }

    private static String java() {
        return ChildJvm.java();
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().getFirst()).text();
    }

    @Test
    void theSdkClientListsToolsSearchesAndIsRefusedWritesWithTheDefaultReadScope() throws Exception {
        ServerParameters params = ServerParameters.builder(java()).args(command()).build();
        StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        try (McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(60)).build()) {
            c.initialize();
            assertThat(c.listTools().tools()).extracting(McpSchema.Tool::name).contains("search_journal",
                    "todo_add", "get_transcript");
            McpSchema.CallToolResult search = c.callTool(new McpSchema.CallToolRequest("search_journal",
                    Map.of("query", "pelican")));
            assertThat(search.isError()).as(text(search)).isFalse();
            assertThat(JSON.readTree(text(search)).get("total").asLong()).isPositive();
            McpSchema.CallToolResult add = c.callTool(new McpSchema.CallToolRequest("todo_add", Map.of("day", DAY,
                    "facet", "work", "line_number", 2, "text", "Not allowed")));
            assertThat(add.isError()).isTrue();
            assertThat(text(add)).contains("may only read");
            // answered by the MCP SDK itself, before a handler of ours runs: audited all the same
            assertThatThrownBy(() -> c.callTool(new McpSchema.CallToolRequest("no_such_tool", Map.of())))
                    .isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest("file:///etc/passwd")))
                    .isInstanceOf(RuntimeException.class);
        }
        assertThat(journal.facetStore("work").todos(SampleJournal.DAY)).hasSize(1);
        Path audit = journal.root().resolve("health/mcp-audit.jsonl");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(audit) && Files.readAllLines(audit).size() >= 4);
        List<String> lines = Files.readAllLines(audit);
        assertThat(lines).hasSize(4);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("client").asString()).isEqualTo("stdio");
        assertThat(first.get("name").asString()).isEqualTo("search_journal");
        assertThat(first.get("status").asString()).isEqualTo("ok");
        assertThat(JSON.readTree(lines.get(1)).get("status").asString()).isEqualTo("error");
        assertThat(lines.subList(2, 4)).extracting(l -> JSON.readTree(l).get("kind").asString() + " "
                + JSON.readTree(l).get("name").asString() + " " + JSON.readTree(l).get("status").asString())
                .containsExactly("tool no_such_tool error", "resource file://? error");
    }

    @Test
    void stdoutCarriesOnlyProtocolEvenWithInfoLogsAndWriteScopeWrites() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(java())) {{
                addAll(command("--scope", "write", "-v"));
            }}).redirectError(tmp.resolve("stderr.txt").toFile());
        pb.environment().put("ENGRAM_LOG_LEVEL", "INFO");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                     StandardCharsets.UTF_8))) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
            JsonNode init = JSON.readTree(out.readLine());
            assertThat(init.get("result").get("serverInfo").get("name").asString()).isEqualTo("engram");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"todo_add\","
                    + "\"arguments\":{\"day\":\"" + DAY + "\",\"facet\":\"work\",\"line_number\":2,"
                    + "\"text\":\"Book the otter\"}}}");
            JsonNode call = JSON.readTree(out.readLine());
            assertThat(call.get("id").asInt()).isEqualTo(2);
            assertThat(call.get("result").get("isError").asBoolean()).as(call.toString()).isFalse();
            // arguments the SDK cannot read as an object, a method the server does not have
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"todo_add\","
                    + "\"arguments\":\"day=today\"}}");
            assertThat(JSON.readTree(out.readLine()).get("id").asInt()).isEqualTo(3);
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"sampling/anything\",\"params\":{}}");
            assertThat(JSON.readTree(out.readLine()).get("error").get("code").asInt()).isEqualTo(-32601);
            in.close();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rest).isBlank();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(tmp.resolve("stderr.txt"))).contains("MCP server on stdio");
        assertThat(journal.facetStore("work").todos(SampleJournal.DAY)).extracting(t -> t.text())
                .containsExactly("Send the narwhal invoice", "Book the otter");
        assertThat(Files.readAllLines(journal.root().resolve("health/mcp-audit.jsonl"))).extracting(l ->
                JSON.readTree(l).get("name").asString() + " " + JSON.readTree(l).get("status").asString())
                .containsExactly("todo_add ok", "todo_add error", "sampling/anything error");
    }

    private static void send(OutputStream in, String line) throws Exception {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
