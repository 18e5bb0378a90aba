/**
 * Search (🔍): the journal's full-text search in Convey, over the index's {@code Searcher}
 * ({@code dev.engram.index.api}): a query box with instant results grouped by day, facet and topic counts to filter
 * by, and a day histogram to brush a date range; each hit opens its segment at its moment in Transcripts. The routes
 * keep the reference's response shapes (spec §5, docs/apps.md).
 *
 * <p>Threading: handlers run on Javalin's request threads and hold no state; the searcher is thread-safe. Failures:
 * every parameter is validated first (400 naming it); an index that is not registered, not open yet or unreadable is a
 * 503 with {@code index_unavailable} or {@code index_opening}; an index still catching up answers with
 * {@code index.building} true, which the page shows.
 */
package dev.engram.apps.search;
