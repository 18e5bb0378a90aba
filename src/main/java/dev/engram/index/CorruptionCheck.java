package dev.engram.index;

import dev.engram.index.api.IndexException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.NIOFSDirectory;

/**
 * Telling a damaged index from a failed search. Lucene detects most damage only when it reads the damaged bytes: a
 * corrupt stored field throws {@code CorruptIndexException}, a corrupt postings list may throw an
 * {@code IndexOutOfBoundsException} (or, with assertions on, an {@code AssertionError}). A search that fails that way
 * is verified here against every segment's checksums ({@link #damage}, which reads the whole index once); if the
 * index is damaged the failure becomes an {@link Damaged} {@link IndexException} (the {@link Indexer} rebuilds it, the
 * search app answers 503, the CLI prints one line), otherwise an {@link IndexException} naming the cause. Public for
 * {@code engram index}, which verifies the checksums after its catch-up ({@link #damage(Path)}). Stateless.
 */
public final class CorruptionCheck {
    private CorruptionCheck() {
    }

    /** A search (or read) failed because the index is damaged; the message names the folder, the damage and the fix. */
    static final class Damaged extends IndexException {
        private final String damage;

        Damaged(Path dir, String damage, Throwable cause) {
            super("the search index at " + dir + " is damaged (" + damage + "): Engram rebuilds it from the journal"
                    + " (or run 'engram index --rebuild' while Engram is stopped)", cause);
            this.damage = damage;
        }

        String damage() {
            return damage;
        }
    }

    /**
     * Verifies every segment of {@code s} against its checksums (Lucene's {@code checkIntegrity}: reads each file
     * once, sequentially).
     *
     * @return the first damage found, empty when every segment is intact
     */
    static Optional<String> damage(IndexSearcher s) {
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            try {
                leaf.reader().checkIntegrity();
            } catch (IOException | RuntimeException | AssertionError e) {
                return Optional.of(describe(e));
            }
        }
        return Optional.empty();
    }

    /**
     * Verifies every file of the folder's latest commit against its checksum, read through plain file reads rather than
     * the open index's memory maps: a whole-index read through the maps left every page of the index resident in the
     * process after the check (idle RSS 309 MB instead of 288 on the 365-day demo journal), plain reads leave them in
     * the OS's cache only. A file merged away meanwhile is no longer part of the index and is skipped.
     *
     * @return the first damage found, empty when every file is intact
     */
    public static Optional<String> damage(Path dir) {
        try (Directory d = new NIOFSDirectory(dir)) {
            for (String name : SegmentInfos.readLatestCommit(d).files(true)) {
                try (IndexInput in = d.openInput(name, IOContext.READONCE)) {
                    CodecUtil.checksumEntireFile(in);
                } catch (NoSuchFileException e) {
                    // merged away after the commit was read: not part of the index any more
                } catch (IOException | RuntimeException e) {
                    return Optional.of(name + ": " + describe(e));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(describe(e));
        }
    }

    /**
     * What a search that threw {@code failure} becomes. An {@link IndexException} of ours (the embedding model
     * cannot load) stays as it is; any other failure (an {@code IOException}, Lucene's runtime exceptions on damaged
     * bytes) has the index verified with {@code damage}: damaged gives {@link Damaged}, intact an
     * {@link IndexException} naming the cause (an {@code AssertionError} over an intact index is a bug and is
     * rethrown as it is).
     */
    static RuntimeException searchFailed(Path dir, Throwable failure, Supplier<Optional<String>> damage) {
        if (failure instanceof IndexException e) {
            return e;
        }
        Optional<String> found;
        try {
            found = damage.get();
        } catch (RuntimeException e) {
            found = Optional.of(describe(e));
        }
        if (found.isPresent()) {
            return new Damaged(dir, found.get(), failure);
        }
        if (failure instanceof AssertionError a) {
            throw a;
        }
        return new IndexException("searching the index at " + dir + " failed: " + describe(failure), failure);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        m = m == null ? "" : m.lines().findFirst().orElse("");
        if (m.length() > 200) {
            m = m.substring(0, 200) + "...";
        }
        return e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    }
}
