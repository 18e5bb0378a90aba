package dev.engram.mcp.api;

/**
 * One line of {@code health/mcp-audit.jsonl}: one MCP tool call or resource read.
 *
 * @param time      ISO-8601 with offset
 * @param client    {@code stdio} or the token's name
 * @param transport {@code stdio} or {@code http}
 * @param kind      {@code tool} or {@code resource}
 * @param name      the tool's name, or the resource's URI
 * @param argBytes  the size of the arguments in bytes (never their content)
 * @param status    {@code ok} or {@code error}
 * @param millis    how long the call took
 */
public record McpCall(String time, String client, String transport, String kind, String name, long argBytes,
                      String status, double millis) {
}
