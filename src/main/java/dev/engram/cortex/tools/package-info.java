/**
 * The journal tools (the reference's packs {@code journal}, {@code facets}, {@code todo}, {@code entities} with their
 * names and argument names, plus {@code get_transcript} and {@code get_insight}) behind {@link
 * dev.engram.cortex.api.Tools}: {@link dev.engram.cortex.tools.JournalTools} is registered in boot and called by agent
 * runs and the MCP server. Each tool declares its arguments once ({@code Schema}): the JSON Schema models see and the
 * check every call passes before it runs.
 *
 * <p><b>Threads:</b> thread-safe; a tool runs on its caller's thread; journal writes are serialized per file by the
 * journal. <b>Failures:</b> never thrown: bad arguments, a write by a read-only caller, a facet outside the caller's
 * facets, a missing search index and journal errors all answer {@code ToolResult.error} with a message saying what to
 * do; an unexpected exception is logged with its stack and answered as an error naming the log. Writes go through the
 * journal's stores (atomic, or fsynced appends) and each is appended to the facet's action log (or the journal's)
 * with {@code source: tool} and the caller as actor.
 */
package dev.engram.cortex.tools;
