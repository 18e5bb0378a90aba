package dev.engram.cortex.runs;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.cortex.api.ToolResult;
import dev.engram.cortex.api.ToolSpec;
import dev.engram.cortex.api.Tools;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny {@link Tools} for tests: one read tool, {@code search_journal(query)}, answering one fixed hit. */
public final class TestTools implements Tools {
    public static final String HIT = "{\"results\":[{\"day\":\"20240301\",\"segment\":\"093000_300\","
            + "\"text\":\"Birthday dinner planned for Friday\"}]}";
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<ToolCaller> callers = new CopyOnWriteArrayList<>();

    @Override
    public List<ToolSpec> specs() {
        return List.of(new ToolSpec("search_journal", "Search the journal", "{\"type\":\"object\",\"properties\":"
                + "{\"query\":{\"type\":\"string\",\"description\":\"what to look for\"},\"limit\":{\"type\":"
                + "\"integer\"}},\"required\":[\"query\"]}", true, "journal"),
                new ToolSpec("todo_add", "Add a todo", "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":"
                        + "\"string\"}}}", false, "todo"));
    }

    @Override
    public ToolResult call(String name, String argumentsJson, ToolCaller caller) {
        calls.add(name + " " + argumentsJson);
        callers.add(caller);
        if (!name.equals("search_journal")) {
            return ToolResult.error("unknown tool " + name);
        }
        if (!argumentsJson.contains("\"query\"")) {
            return ToolResult.error("search_journal needs 'query'");
        }
        return ToolResult.ok(HIT);
    }
}
