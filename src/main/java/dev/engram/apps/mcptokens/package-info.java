/**
 * MCP access: the settings section where the owner creates MCP tokens (a name, scope read or write, optional facets;
 * the secret is shown once, only its hash is kept) and revokes them, sees the MCP endpoint to give a client, and the
 * latest calls from the audit. Built on {@link dev.engram.mcp.api.McpTokens} from the registry.
 *
 * <p><b>Threads:</b> request threads only; the token store serializes changes. <b>Failures:</b> bad input is a 400
 * {@code {error, reason_code}}, an unknown token a 404, no MCP server a 503 {@code mcp_unavailable}.
 */
package dev.engram.apps.mcptokens;
