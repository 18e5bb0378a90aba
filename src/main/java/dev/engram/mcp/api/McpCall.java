package dev.engram.mcp.api;

/**
 * One line of {@code health/mcp-audit.jsonl}: one MCP call (tool call, resource read, other request, or a message that
 * is not JSON-RPC), whether a tool ran or the MCP SDK answered it.
 *
 * @param time      ISO-8601 with offset
 * @param client    {@code stdio}, the token's name, {@code (no token)} or {@code (invalid token)}
 * @param transport {@code stdio} or {@code http}
 * @param kind      {@code tool}, {@code resource}, {@code request} (another method) or {@code invalid}
 * @param name      the tool's name, or the resource's scheme and kind only ({@code journal://todo}; never its facet,
 *                  day or file), or the method
 * @param argBytes  the size of the arguments (or of the resource's URI) in bytes, never their content
 * @param status    {@code ok}, {@code error} or {@code refused} (turned away before the MCP SDK saw it)
 * @param millis    how long the call took
 */
public record McpCall(String time, String client, String transport, String kind, String name, long argBytes,
                      String status, double millis) {
}
