package dev.engram.index;

import dev.engram.index.api.IndexException;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * Opening a journal's index for writing ({@link KeywordIndex#open}): an index of another format, or one that Lucene
 * cannot open (corrupt, truncated), is deleted and created empty with one warning; another process holding the write
 * lock is a clear {@link IndexException}. A writer whose opening fails is rolled back, so its lock is released.
 */
final class IndexOpening {
    /** Lucene's indexing buffer, shared by the catch-up's threads: fewer, larger flushed segments than the default. */
    private static final double RAM_BUFFER_MB = 48;

    private IndexOpening() {
    }

    /** Makes the index object once a writer holds the index. */
    @FunctionalInterface
    interface Opened {
        KeywordIndex open(Directory directory, IndexWriter writer, Optional<String> rebuiltBecause) throws IOException;
    }

    static KeywordIndex open(Journal journal, Consumer<String> warnings, Opened opened) {
        IndexFolder folder = new IndexFolder(journal.root());
        Optional<String> reason = Optional.empty();
        if (folder.exists() && !folder.current()) {
            reason = Optional.of("its format is " + folder.format().map(f -> "'" + f + "'").orElse("unknown (no FORMAT"
                    + " marker)") + ", this Engram reads '" + IndexFolder.FORMAT + "'");
        }
        try {
            if (reason.isPresent() || !folder.exists()) {
                reason.ifPresent(r -> warnings.accept("rebuilding the search index at " + folder.dir() + ": " + r));
                return create(folder, reason, opened);
            }
            Directory dir = FSDirectory.open(folder.dir());
            try {
                IndexWriter w = new IndexWriter(dir, config());
                return withWriter(w, () -> opened.open(dir, w, Optional.empty()));
            } catch (LockObtainFailedException e) {
                dir.close();
                throw inUse(folder, e);
            } catch (IOException | RuntimeException e) {
                dir.close();
                String why = "it cannot be opened (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
                warnings.accept("rebuilding the search index at " + folder.dir() + ": " + why);
                return create(folder, Optional.of(why), opened);
            }
        } catch (IOException e) {
            throw new IndexException("cannot open the search index at " + folder.dir() + ": " + e.getMessage()
                    + "; check the folder's permissions, or delete it to rebuild", e);
        }
    }

    private static KeywordIndex create(IndexFolder folder, Optional<String> reason, Opened opened) throws IOException {
        folder.wipe();
        Directory dir = FSDirectory.open(folder.dir());
        try {
            IndexWriter w = new IndexWriter(dir, config().setOpenMode(IndexWriterConfig.OpenMode.CREATE));
            w.commit();
            folder.writeMarker();
            return withWriter(w, () -> opened.open(dir, w, reason));
        } catch (LockObtainFailedException e) {
            dir.close();
            throw inUse(folder, e);
        }
    }

    private interface Opening {
        KeywordIndex open() throws IOException;
    }

    /** Opens with a writer that is rolled back (its lock released) when the opening fails, e.g. on a foreign schema. */
    private static KeywordIndex withWriter(IndexWriter w, Opening opening) throws IOException {
        try {
            return opening.open();
        } catch (IOException | RuntimeException e) {
            try {
                w.rollback();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static IndexException inUse(IndexFolder folder, Exception e) {
        return new IndexException("the search index at " + folder.dir() + " is in use by another process (a running"
                + " Engram keeps it current): stop it first, or search while it runs", e);
    }

    private static IndexWriterConfig config() {
        return new IndexWriterConfig(Fields.analyzer()).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(RAM_BUFFER_MB)
                .setMergeScheduler(new BackgroundMerges()) // merges at minimum priority, like the bulk indexing
                // no merge-on-refresh: Lucene's default (500 ms) made each refresh wait for a merge of the small
                // segments it found, on a minimum-priority merge thread, so a new segment's refresh took 0.5-0.6 s
                // on a loaded machine instead of tens of ms (docs/benchmarks.md "Bus path, round 9"); the merges
                // still run, in the background, as after any flush
                .setMaxFullFlushMergeWaitMillis(0);
    }
}
