package dev.engram.index;

import dev.engram.index.api.IndexException;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Journal;
import java.io.IOException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A read-only view of the journal's index at its last commit, for searching from another process while Engram
 * keeps the index current ({@code engram search}). Does not take the write lock. Thread-safe.
 */
public final class IndexReader implements Searcher, AutoCloseable {
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearch search = new IndexSearch(Fields.analyzer(), new Embeddings(),
            java.time.Clock.systemDefaultZone());

    private IndexReader(Directory directory, DirectoryReader reader) {
        this.directory = directory;
        this.reader = reader;
    }

    /**
     * Opens the last commit of the journal's index.
     *
     * @throws IndexException when there is no index of this format yet, or it cannot be read (run
     *                        {@code engram index} to build or rebuild it)
     */
    public static IndexReader open(Journal journal) {
        IndexFolder folder = new IndexFolder(journal.root());
        if (!folder.exists() || !folder.current()) {
            throw new IndexException("no search index of this version at " + folder.dir() + ": run 'engram index'"
                    + " (or start Engram) to build it");
        }
        try {
            Directory dir = FSDirectory.open(folder.dir());
            try {
                return new IndexReader(dir, DirectoryReader.open(dir));
            } catch (IOException | RuntimeException e) {
                dir.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            throw new IndexException("cannot read the search index at " + folder.dir() + " (" + e.getMessage()
                    + "): run 'engram index --rebuild'", e);
        }
    }

    @Override
    public SearchResults search(SearchQuery query) {
        try {
            return search.search(new IndexSearcher(reader), query);
        } catch (IOException | RuntimeException | AssertionError e) { // damaged bytes: one clear line, not a trace
            throw CorruptionCheck.searchFailed(((FSDirectory) directory).getDirectory(), e,
                    () -> CorruptionCheck.damage(new IndexSearcher(reader)));
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
        } catch (IOException e) {
            throw new IndexException("closing the search index failed: " + e.getMessage(), e);
        }
    }
}
