package dev.engram.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Journal;
import dev.engram.testing.ChildJvm;
import dev.engram.testing.SampleJournal;
import dev.engram.testing.SpawnsProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code engram mcp} over stdio as a child process: {@code --facet} restricts what a client finds, and with chunk
 * vectors in the index (so the embedding model loads for a query) stdout still carries nothing but protocol.
 */
@SpawnsProcesses
class McpStdioScopeTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    Path tmp;
    Journal journal;

    @BeforeEach
    void journalWithIndex() {
        journal = SampleJournal.createIndexed(tmp.resolve("journal"));
    }

    /** Searches for each word over a raw stdio session; every stdout line must be a JSON-RPC message. */
    private List<JsonNode> search(List<String> mcpArgs, String... words) throws Exception {
        List<String> args = new ArrayList<>(List.of("mcp", "--journal", journal.root().toString()));
        args.addAll(mcpArgs);
        Process p = new ProcessBuilder(ChildJvm.engram(args.toArray(String[]::new)))
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();
        List<JsonNode> results = new ArrayList<>();
        List<String> stdout = new ArrayList<>();
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                     StandardCharsets.UTF_8))) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
            stdout.add(out.readLine());
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            int id = 2;
            for (String w : words) {
                send(in, "{\"jsonrpc\":\"2.0\",\"id\":" + id++ + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"search_journal\",\"arguments\":{\"query\":\"" + w + "\"}}}");
                String line = out.readLine();
                stdout.add(line);
                JsonNode r = JSON.readTree(line).get("result");
                results.add(r.get("isError").asBoolean() ? r : JSON.readTree(r.get("content").get(0).get("text")
                        .asString()));
            }
            in.close();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!rest.isBlank()) {
                stdout.addAll(rest.lines().toList());
            }
        } finally {
            p.destroyForcibly();
        }
        assertThat(stdout).as("stdout carries nothing but JSON-RPC").allSatisfy(l ->
                assertThat(JSON.readTree(l).get("jsonrpc").asString()).isEqualTo("2.0"));
        return results;
    }

    private static void send(OutputStream in, String line) throws Exception {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /**
     * One journal, two servers: keyword-only, a {@code --facet work} server finds no "lynx" (a word of the home
     * facet) and only work hits for "narwhal"; then with chunk vectors ({@code engram index --embed}) a verbose
     * ({@code -v}) server loads the embedding model for a query, finds "lynx" without the facet and answers a
     * sentence, stdout still carrying nothing but protocol. (The vectors come second: a hybrid search could find
     * neighbours of "lynx" in work, which is not what the facet check is about.)
     */
    @Test
    void aFacetRestrictedServerFindsOnlyThatFacetAndWithVectorsStdoutStaysProtocol() throws Exception {
        List<JsonNode> work = search(List.of("--facet", "work"), "lynx", "narwhal");
        assertThat(work.get(0).toString()).doesNotContain("lynx festival");
        assertThat(work.get(0).has("total") ? work.get(0).get("total").asLong() : 0).isZero();
        assertThat(work.get(1).get("total").asLong()).as(work.get(1).toString()).isPositive();
        assertThat(work.get(1).get("results")).allSatisfy(h -> assertThat(h.get("facet").asString())
                .isEqualTo("work"));

        Process embed = new ProcessBuilder(ChildJvm.engram("index", "--embed", "--journal", journal.root().toString()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("embed.txt").toFile()).start();
        assertThat(embed.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(embed.exitValue()).as(Files.readString(tmp.resolve("embed.txt"))).isZero();

        List<JsonNode> all = search(List.of("-v"), "lynx", "an invoice for the narwhal");
        assertThat(all.get(0).get("total").asLong()).as("without --facet: " + all.get(0)).isPositive();
        assertThat(all.get(0).toString()).contains("lynx festival");
        assertThat(all.get(1).get("total").asLong()).as(all.get(1).toString()).isPositive();
    }
}
