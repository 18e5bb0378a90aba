package dev.engram.index.api;

/**
 * Keyword search over the journal's index: the API that apps, agents' tools and the MCP server call, found in the
 * registry as {@code context.service(Searcher.class)}. Thread-safe; a search sees every file indexed before it began.
 * User query syntax never makes it fail (see {@link SearchQuery}); it throws {@link IndexException} only when the index
 * itself cannot be read.
 */
public interface Searcher {
    SearchResults search(SearchQuery query);
}
