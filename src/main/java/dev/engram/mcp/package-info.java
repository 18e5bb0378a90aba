/**
 * The MCP server: the journal tools ({@link dev.engram.cortex.api.Tools}) and the reference's {@code journal://}
 * resources for the owner's other AI tools, with the official MCP Java SDK, over stdio ({@link
 * dev.engram.mcp.McpStdio}, {@code engram mcp}) and streamable HTTP at {@code /mcp} on Convey's port ({@link
 * dev.engram.mcp.McpHttp}, mounted by boot; Convey knows nothing of MCP). HTTP clients authenticate with bearer
 * tokens the owner creates (scope read or write, optional facets; only SHA-256 hashes stored in
 * {@code apps/mcp/tokens.json}); stdio runs with the scope of its command line. Every call, including those the MCP
 * SDK answers itself and those refused for their token, is appended to {@code health/mcp-audit.jsonl} (client, tool,
 * size of the arguments, status; never their content) by the audit at the protocol boundary ({@code CallTap}).
 *
 * <p><b>Threads:</b> over HTTP a tool runs on the request's own thread (the SDK's {@code immediateExecution}: no hop
 * to Reactor's pool and back); over stdio the SDK's threads call the tools; the audit is written by one writer
 * thread (a call only queues its facts). The SDK's HTTP transport starts its session sweeper on a Reactor scheduler
 * of its own that it never disposes (a non-daemon thread); {@code OwnedSchedulers} takes it while the transport is
 * built and the service disposes it at stop, so no start leaves a thread behind. {@code McpBench} and
 * {@code LeanClient} are the {@code engram bench mcp} harness (the lean client is plain HTTP/1.1 on loopback to the
 * Engram the bench started). <b>Failures:</b>
 * a missing or wrong token is a 401 with {@code {error, reason_code}}; a tool's failure is an MCP tool result with
 * {@code isError} and a message the model can act on; a bad resource is an MCP error; audit lines that cannot be
 * written are counted in the service's health and logged. A stdio server writes nothing but protocol to its output.
 */
package dev.engram.mcp;
