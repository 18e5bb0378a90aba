/**
 * The MCP server's contract for the rest of Engram: {@link dev.engram.mcp.api.McpTokens} (the owner's access tokens,
 * stored as hashes, and the audit of calls) with its records and unchecked exception. Contracts only (ArchitectureTest
 * keeps it so); the implementation is in {@code dev.engram.mcp}.
 *
 * <p><b>Threads:</b> implementations are thread-safe; records are immutable. <b>Failures:</b> a bad token request is
 * a {@link dev.engram.mcp.api.McpTokenException} with the fix; journal errors pass through as journal exceptions.
 */
package dev.engram.mcp.api;
