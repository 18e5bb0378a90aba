package dev.engram.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The audit reads an answer's id, error code and isError as a stream, never mistaking the content for them. */
class CallTapTest {
    @TempDir
    Path tmp;

    private static String call(Object id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"query\":\"x\"}}}";
    }

    @Test
    void answersAreMatchedByIdAndReadForTheirStatusOnly() throws Exception {
        Journal journal = Journal.create(tmp.resolve("j"), "Test");
        try (Audit audit = new Audit(journal, Clock.systemUTC())) {
            CallTap tap = new CallTap(audit, "c", "http", Set.of("search_journal", "todo_list"));
            tap.request(call(1, "search_journal"));
            tap.request(call("\"a\\\"b\"", "search_journal"));
            tap.request(call(3, "todo_list"));
            tap.request(call(4, "todo_list"));
            tap.request(call(5, "todo_list"));
            // the content says isError and carries ids and errors of its own: only the result's own flag counts
            String content = "{\\\"id\\\":3,\\\"isError\\\":true,\\\"error\\\":{\\\"code\\\":-1}}";
            char[] sse = ("xx{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
                    + content + "\",\"isError\":true}],\"isError\":false}}yy").toCharArray();
            tap.response(sse, 2, sse.length - 4);
            tap.response("{\"jsonrpc\":\"2.0\",\"result\":{\"isError\":true},\"id\":\"a\\\"b\"}");
            tap.response("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"message\":\"no\",\"code\":-32602}}");
            tap.response("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"content\":[]}} {\"id\":4}"); // not one object
            tap.response("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"content\":[]"); // torn
            tap.response("[{\"id\":4}]");
            tap.response("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":\"bad\"}");
            assertThat(tap.waiting()).isTrue(); // 5 is still waiting
            tap.finish("error", 504);
        }
        List<String> lines = Files.readAllLines(journal.healthFile(Audit.FILE));
        assertThat(lines).hasSize(5);
        List<JsonNode> l = lines.stream().map(McpJson.MAPPER::readTree).toList();
        assertThat(l).extracting(n -> n.get("name").asString() + " " + n.get("status").asString() + " "
                + n.path("code").asInt() + " " + n.path("http").asInt()).containsExactly(
                "search_journal ok 0 0", "search_journal error 0 0", "todo_list error -32602 0",
                "todo_list error 0 0", "todo_list error 0 504");
    }
}
