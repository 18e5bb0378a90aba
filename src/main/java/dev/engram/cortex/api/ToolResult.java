package dev.engram.cortex.api;

import java.util.Objects;

/**
 * A tool's answer: its content (JSON or text, what the model or MCP client reads) or, with {@code error}, a message
 * saying what was wrong and how to call it correctly. Failures are values, never exceptions.
 */
public record ToolResult(boolean error, String content) {
    public ToolResult {
        Objects.requireNonNull(content, "content");
    }

    public static ToolResult ok(String content) {
        return new ToolResult(false, content);
    }

    public static ToolResult error(String message) {
        return new ToolResult(true, message);
    }
}
