package dev.engram.index;

import dev.engram.index.api.IndexException;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;

/**
 * The writable keyword index of one journal: opens (or rebuilds) {@code <journal>/indexes/keyword/}
 * ({@link IndexOpening}), brings it up to date with the journal ({@link #catchUp}), re-indexes single files
 * ({@link #update}) and searches near-real-time ({@link IndexSearch}). Updates are serialized per file and written by
 * {@link IndexWrites}; searches run concurrently and see every update that returned. Work is made durable by
 * {@link #commit} (also on {@link #close}); the manifest commits with the chunks, so after a crash a catch-up redoes
 * exactly what was not committed.
 */
public final class KeywordIndex implements Searcher, AutoCloseable {
    private static final long REFRESH_NANOS = 3_000_000_000L;
    private final IndexFolder folder;
    private final Formatters formatters;
    private final JournalScan scan;
    private final Embeddings embeddings;
    private final IndexSearch search;
    private final Directory directory;
    private final SearcherManager searchers;
    private final BackgroundMerges merges;
    private final IndexWrites writes;
    private final Optional<String> rebuiltBecause;

    private KeywordIndex(Journal journal, Consumer<String> warnings, Directory directory, IndexWriter writer,
                         Optional<String> rebuiltBecause, Options options) throws IOException {
        this.embeddings = options.embeddings();
        this.search = new IndexSearch(Fields.analyzer(), embeddings, options.clock());
        this.folder = new IndexFolder(journal.root());
        this.formatters = Formatters.standard();
        this.scan = new JournalScan(journal.root(), formatters, warnings);
        this.directory = directory;
        this.searchers = new SearcherManager(writer, null);
        this.merges = writer.getConfig().getMergeScheduler() instanceof BackgroundMerges b ? b : null;
        if (merges != null) {
            merges.afterEachMerge(() -> {
                try {
                    searchers.maybeRefreshBlocking();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        this.writes = new IndexWrites(journal, formatters, scan, warnings, folder.dir(), writer, searchers);
        this.rebuiltBecause = rebuiltBecause;
    }

    /**
     * Opens the journal's index for writing. An index of another format, or one that Lucene cannot open (corrupt,
     * truncated), is deleted and created empty with one warning; the next {@link #catchUp} fills it.
     *
     * @throws IndexException when another process holds the index (a running Engram) or the folder is not writable
     */
    public static KeywordIndex open(Journal journal, Consumer<String> warnings) {
        return open(journal, warnings, Options.defaults());
    }

    /** What an index shares with its owner: the embedding model and the clock relative dates are read with. */
    record Options(Embeddings embeddings, java.time.Clock clock, boolean backgroundEmbedding) {
        static Options defaults() {
            return new Options(new Embeddings(), java.time.Clock.systemDefaultZone(), true);
        }
    }

    static KeywordIndex open(Journal journal, Consumer<String> warnings, Options options) {
        return IndexOpening.open(journal, warnings,
                (dir, writer, rebuilt) -> new KeywordIndex(journal, warnings, dir, writer, rebuilt, options));
    }

    /** Why this index was rebuilt when opened (another format, corrupt), empty when it opened as it was. */
    public Optional<String> rebuiltBecause() {
        return rebuiltBecause;
    }

    /** Brings the whole index (or one day's files) up to date; see {@link #catchUp(Optional, boolean, BooleanSupplier, Progress)}. */
    public IndexReport catchUp(Optional<Day> day, boolean force) {
        return catchUp(day, force, () -> false, Progress.NONE);
    }

    public IndexReport catchUp(Optional<Day> day, boolean force, BooleanSupplier stop) {
        return catchUp(day, force, stop, Progress.NONE);
    }

    /** Hears how far a catch-up has come, on the catch-up's calling thread, a few times a second. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        /** {@code done} of {@code total} files to index (new or changed) are done. */
        void files(int done, int total);

        /**
         * The journal was compared with the manifest (on the calling thread, before any file is read): {@code toIndex}
         * files are new or changed; the answer is the Java priority of the threads that read and index them (the
         * caller's by default). The index service answers minimum priority when there is work, so its catch-up's
         * comparison runs at normal priority and its indexing at nice 19, without lowering the calling thread: a
         * thread lowered to nice 19 cannot be raised again without privileges (Linux), and every thread it starts
         * after stays there too.
         */
        default int workerPriority(int toIndex) {
            return Thread.currentThread().getPriority();
        }
    }

    /**
     * Re-indexes every indexed journal file (of {@code day}, or all) that is new or changed since the manifest, and
     * removes the files that are gone; {@code force} re-indexes every file. The files are read, formatted and
     * inverted on {@link IndexWorkers#threads()} threads; searches see the progress every {@link #REFRESH_NANOS}.
     * Commits at the end: when this returns, the keyword index is complete and durable. Stops early (still committing
     * what was done) when {@code stop} answers true.
     */
    public IndexReport catchUp(Optional<Day> day, boolean force, BooleanSupplier stop, Progress progress) {
        long t0 = System.nanoTime();
        AtomicInteger[] n = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        long before = writes.chunks();
        Manifest manifest = writes.manifest();
        long version = manifest.version(); // before the first lookup
        List<CatchUpDiff> parts = scan.walk(day, () -> new CatchUpDiff(manifest, force));
        List<String> work = CatchUpDiff.work(parts);
        n[Outcome.UNCHANGED.ordinal()].addAndGet(CatchUpDiff.unchanged(parts));
        boolean noneGone = day.isEmpty() && CatchUpDiff.noneGone(parts, manifest, version);
        int workers = progress.workerPriority(work.size());
        Map<String, Optional<String>> streams = new ConcurrentHashMap<>(); // stream.json read once per segment
        AtomicLong lastRefresh = new AtomicLong(System.nanoTime());
        IndexWorkers.run(work.size(), i -> {
            long last = lastRefresh.get();
            if (System.nanoTime() - last > REFRESH_NANOS && lastRefresh.compareAndSet(last, System.nanoTime())) {
                writes.refresh(); // searches see a long catch-up's progress
            }
            n[writes.index(work.get(i), force, false, streams).ordinal()].incrementAndGet();
        }, stop, done -> progress.files(done, work.size()), workers);
        if (!noneGone) { // a file the manifest knows was not found (or the manifest changed meanwhile): which?
            java.util.Set<String> disk = CatchUpDiff.found(parts);
            for (String path : manifest.all().keySet()) {
                if (!stop.getAsBoolean() && !disk.contains(path)
                        && (day.isEmpty() || Source.of(path).day().equals(day)) && scan.stat(path).isEmpty()) {
                    writes.remove(path, false);
                    n[Outcome.REMOVED.ordinal()].incrementAndGet();
                }
            }
        }
        commit();
        return new IndexReport(n[Outcome.INDEXED.ordinal()].get(), n[Outcome.UNCHANGED.ordinal()].get(),
                n[Outcome.REMOVED.ordinal()].get(), n[Outcome.SKIPPED.ordinal()].get(),
                Math.max(0, writes.chunks() - before), (System.nanoTime() - t0) / 1_000_000);
    }

    /** CPU seconds the catch-ups' journal walks used on their threads so far (the start-up bench). */
    double walkCpuSeconds() {
        return scan.walkCpuSeconds();
    }

    /** Deletes every document (used by a full rebuild before {@link #catchUp}). */
    public void clear() {
        writes.clear();
    }

    /** What {@link #update} did with a file (the order of {@link IndexReport}'s counts). */
    public enum Outcome { INDEXED, UNCHANGED, REMOVED, SKIPPED }

    /**
     * Re-indexes one journal-relative file now (removes it when it is gone; ignores files that are not indexed) and
     * makes it searchable at once. Not committed: see {@link #commit}.
     */
    public Outcome update(String path) {
        if (formatters.indexed(path)) {
            return writes.index(path, false, true, null);
        }
        return writes.removeGoneUnder(path) > 0 ? Outcome.REMOVED : Outcome.UNCHANGED;
    }

    /**
     * Re-indexes every indexed file of one segment folder ({@code YYYYMMDD/HHMMSS_LEN}) and removes the indexed files
     * that are no longer in it (or all of them, the folder being gone).
     */
    public void updateSegment(String segmentPath) {
        scan.filesIn(segmentPath).keySet().forEach(this::update);
        writes.removeGoneUnder(segmentPath);
    }

    /**
     * Re-indexes a batch of journal-relative files and segment folders (each indexed file in them) and makes them
     * searchable together, with one refresh when something changed (the change feed's batches). Not committed: see
     * {@link #commit}.
     *
     * @return the files indexed or removed (not unchanged)
     */
    public int updateBatch(java.util.Collection<String> files, java.util.Collection<String> segmentPaths) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>();
        segmentPaths.forEach(s -> all.addAll(scan.filesIn(s).keySet()));
        all.addAll(files);
        int changed = 0;
        for (String s : segmentPaths) {
            changed += writes.removeGoneUnder(s); // a segment folder named by the feed: files gone from it leave the index
        }
        for (String path : all) {
            if (formatters.indexed(path)) {
                changed += writes.index(path, false, false, null) != Outcome.UNCHANGED ? 1 : 0;
            } else {
                changed += writes.removeGoneUnder(path); // a folder named by the feed (a removed import): what left it
            }
        }
        if (changed > 0) { // a run's _active file or an app's own file changes often and is not indexed
            writes.refresh();
        }
        return changed;
    }

    /** See {@link IndexWrites#removeGoneUnder}. */
    int removeGoneUnder(String folder) {
        return writes.removeGoneUnder(folder);
    }

    /** Makes everything indexed so far durable (each file's block is atomic, so a commit never splits one). */
    public void commit() {
        writes.commit();
    }

    /** A chunk read for embedding, with the content hash its file had then (to drop the vector if it changed). */
    record Pending(Document stored, String hash) {
        String text() {
            return Fields.searchable(stored.get(Fields.HEADER), stored.get(Fields.BODY));
        }
    }

    /**
     * Up to {@code max} chunks that have no vector yet (the embedding backlog), in index order. It reads stored
     * documents, so it fails on damaged bytes as a search does ({@link CorruptionCheck.Damaged}).
     */
    List<Pending> pending(int max) {
        try {
            return writes.pending(max);
        } catch (IOException | RuntimeException | AssertionError e) {
            throw readFailed(e);
        }
    }

    /** See {@link IndexWrites#attach}. */
    int attach(List<Pending> chunks, List<float[]> vectors) {
        return writes.attach(chunks, vectors);
    }

    /** Chunks with a vector, of all chunks (from the current view). */
    Vectors.Progress vectorProgress() {
        return withSearcher(Vectors::progress, "counting the vectors of");
    }

    /**
     * Embeds every chunk that has no vector yet, now, on the caller's thread, committing every
     * {@code commitEvery} chunks and at the end; {@code progress} hears (embedded so far, chunks in the backlog at the
     * start) after each batch.
     */
    public EmbedReport embedAll(java.util.function.BiConsumer<Long, Long> progress) {
        long t0 = System.nanoTime();
        long waiting = vectorProgress().backlog();
        EmbeddingBacklog b = new EmbeddingBacklog(this);
        long[] committed = {0};
        b.drain(() -> false, n -> {
            progress.accept(n, waiting);
            if (n - committed[0] >= 5_000) {
                commit();
                committed[0] = n;
            }
        });
        commit();
        Vectors.Progress p = vectorProgress();
        return new EmbedReport(b.embedded(), p.embedded(), p.chunks(), (System.nanoTime() - t0) / 1_000_000,
                b.chunksPerSecond());
    }

    /** The indexed files' paths (benchmarks). */
    java.util.Set<String> manifestPaths() {
        return writes.manifest().all().keySet();
    }

    /** Re-indexes a file even when unchanged, searchable at once (benchmarks' indexing load). */
    void reindex(String path) {
        writes.index(path, true, true, null);
    }

    /** Runs {@code f} on the current view of the index. */
    <T> T withSearcher(SearcherFunction<T> f) {
        return withSearcher(f, "reading");
    }

    private <T> T withSearcher(SearcherFunction<T> f, String what) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return f.apply(s);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw writes.failed(what, e);
        }
    }

    @FunctionalInterface
    interface SearcherFunction<T> {
        T apply(IndexSearcher s) throws IOException;
    }

    Embeddings embeddings() {
        return embeddings;
    }

    @Override
    public SearchResults search(SearchQuery query) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return search.search(s, query);
            } finally {
                searchers.release(s);
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            throw readFailed(e);
        }
    }

    /** A read that failed: damaged bytes become {@link CorruptionCheck.Damaged}, never an internal error. */
    private RuntimeException readFailed(Throwable e) {
        return CorruptionCheck.searchFailed(folder.dir(), e, () -> withSearcher(CorruptionCheck::damage));
    }

    /** Files in the manifest, chunks indexed, and files skipped since open. */
    public long files() {
        return writes.manifest().size();
    }

    public long chunks() {
        return writes.chunks();
    }

    /** Lucene merges running now (0 when the index is quiet). */
    int mergesRunning() {
        return merges == null ? 0 : merges.running();
    }

    public long skipped() {
        return writes.skipped();
    }

    /** The index folder. */
    public java.nio.file.Path folder() {
        return folder.dir();
    }

    /** Commits and closes; the index folder stays for the next open. */
    @Override
    public void close() {
        try {
            writes.close(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("closing the search index at " + folder.dir() + " failed", e);
        }
    }
}
