/**
 * The search API that other packages (apps, agents' tools, the MCP server) call:
 * {@link dev.engram.index.api.Searcher}, found in the registry as {@code context.service(Searcher.class)}; its query
 * ({@link dev.engram.index.api.SearchQuery}: the reference's query language plus filters and a page); its answer
 * ({@link dev.engram.index.api.SearchResults} of {@link dev.engram.index.api.SearchHit}s); and its one failure
 * ({@link dev.engram.index.api.IndexException}). Contracts only: interfaces, records and an unchecked exception
 * (ArchitectureTest keeps it so); the implementations live in {@code dev.engram.index}. See docs/index.md.
 *
 * <p><b>Threads:</b> a {@code Searcher} is thread-safe, and a search sees every file indexed before it began; the
 * records are immutable. <b>Failures:</b> a {@code SearchQuery} rejects an out-of-range limit or offset with
 * {@code IllegalArgumentException} when built; user query text never makes a search fail (unparsable input is searched
 * as plain words, cuts are reported in the results' notices); a search throws {@code IndexException} only when the
 * index itself cannot be read or is not open yet, its message naming the folder, the cause and the fix.
 */
package dev.engram.index.api;
