package dev.engram.mcp.api;

/** A token cannot be created as asked; the message says what to change. */
public class McpTokenException extends RuntimeException {
    public McpTokenException(String message) {
        super(message);
    }
}
