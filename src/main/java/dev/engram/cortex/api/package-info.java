/**
 * Cortex's contracts, which other packages (think, mcp, the chat and agents apps) call through the registry:
 * {@link dev.engram.cortex.api.Providers} (LLM chat models per tier, with every call logged and its tokens recorded by
 * the provider layer), {@link dev.engram.cortex.api.Tools} (the journal tools agents and MCP clients call, with the
 * caller's scope), {@link dev.engram.cortex.api.Agents} (agent runs: start one from a request, find, list,
 * cancel, follow a run's events; the personas), and their records, enums and unchecked exceptions. Contracts only (ArchitectureTest keeps it so); the
 * implementations live in {@code dev.engram.cortex} and its subpackages.
 *
 * <p><b>Threads:</b> implementations are thread-safe; records are immutable. <b>Failures:</b> a missing provider is an
 * empty {@code Optional} plus {@link dev.engram.cortex.api.Providers#howToConfigure()}, never an exception at lookup; a
 * tool never throws for bad arguments or a refused scope: it answers a {@link dev.engram.cortex.api.ToolResult} with
 * {@code error = true} and a message the model (or MCP client) can act on.
 */
package dev.engram.cortex.api;
