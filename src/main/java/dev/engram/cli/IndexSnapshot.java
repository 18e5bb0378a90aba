package dev.engram.cli;

import dev.engram.index.IndexReader;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Journal;

/**
 * The journal's index for a long-running command beside a running Engram ({@code engram mcp}): the last commit,
 * opened at the first search and opened again when it is older than {@link #MAX_AGE_MILLIS}, so new writes show up.
 * With no index, a search throws the index's own error (naming {@code engram index}). Thread-safe.
 */
final class IndexSnapshot implements Searcher, AutoCloseable {
    static final long MAX_AGE_MILLIS = 5_000;
    private final Journal journal;
    private IndexReader reader; // guarded by this
    private long openedAt;

    IndexSnapshot(Journal journal) {
        this.journal = journal;
    }

    @Override
    public synchronized SearchResults search(SearchQuery query) {
        long now = System.currentTimeMillis();
        if (reader == null || now - openedAt > MAX_AGE_MILLIS) {
            IndexReader fresh = IndexReader.open(journal);
            close();
            reader = fresh;
            openedAt = now;
        }
        return reader.search(query);
    }

    @Override
    public synchronized void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
