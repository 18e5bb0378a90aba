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
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The writable keyword index of one journal: opens (or rebuilds) {@code <journal>/indexes/keyword/}, brings it up to
 * date with the journal ({@link #catchUp}), re-indexes single files ({@link #update}) and searches near-real-time.
 * Updates are serialized; searches run concurrently and see every update that returned. Work is made durable by
 * {@link #commit} (also on {@link #close}); the manifest commits with the chunks, so after a crash a catch-up redoes
 * exactly what was not committed.
 */
public final class KeywordIndex implements Searcher, AutoCloseable {
    private static final long REFRESH_NANOS = 3_000_000_000L;
    /** Lucene's indexing buffer, shared by the catch-up's threads: fewer, larger flushed segments than the default. */
    private static final double RAM_BUFFER_MB = 48;
    private final Journal journal;
    private final IndexFolder folder;
    private final Formatters formatters;
    private final JournalScan scan;
    private final Consumer<String> warnings;
    private final Analyzer analyzer = Fields.analyzer();
    private final Embeddings embeddings;
    private final IndexSearch search;
    private final Manifest manifest = new Manifest();
    /**
     * Updates of single files take the read side (plus their path's stripe, so one file is never indexed twice at
     * once); what must see the index and the manifest still (clear, the embedding backlog's read and write) takes the
     * write side.
     */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock[] stripes = new ReentrantLock[64];
    private final AtomicLong skipped = new AtomicLong();
    private final FileWarnings fileWarnings;
    private final AtomicLong chunks = new AtomicLong();
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Optional<String> rebuiltBecause;

    private KeywordIndex(Journal journal, Consumer<String> warnings, Directory directory, IndexWriter writer,
                         Optional<String> rebuiltBecause, Options options) throws IOException {
        this.fileWarnings = new FileWarnings(journal.warningSink()); // one warning per bad file, not one per line
        this.journal = journal.withWarnings(fileWarnings);
        this.embeddings = options.embeddings();
        this.search = new IndexSearch(analyzer, embeddings, options.clock());
        this.folder = new IndexFolder(journal.root());
        this.formatters = Formatters.standard();
        this.warnings = warnings;
        this.scan = new JournalScan(journal.root(), formatters, warnings);
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
        this.rebuiltBecause = rebuiltBecause;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
        loadManifest();
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
        IndexFolder folder = new IndexFolder(journal.root());
        Optional<String> reason = Optional.empty();
        if (folder.exists() && !folder.current()) {
            reason = Optional.of("its format is " + folder.format().map(f -> "'" + f + "'").orElse("unknown (no FORMAT"
                    + " marker)") + ", this Engram reads '" + IndexFolder.FORMAT + "'");
        }
        try {
            if (reason.isPresent() || !folder.exists()) {
                reason.ifPresent(r -> warnings.accept("rebuilding the search index at " + folder.dir() + ": " + r));
                return create(journal, warnings, folder, reason, options);
            }
            Directory dir = FSDirectory.open(folder.dir());
            try {
                IndexWriter w = new IndexWriter(dir, config());
                return withWriter(w, () -> new KeywordIndex(journal, warnings, dir, w, Optional.empty(), options));
            } catch (LockObtainFailedException e) {
                dir.close();
                throw inUse(folder, e);
            } catch (IOException | RuntimeException e) {
                dir.close();
                String why = "it cannot be opened (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
                warnings.accept("rebuilding the search index at " + folder.dir() + ": " + why);
                return create(journal, warnings, folder, Optional.of(why), options);
            }
        } catch (IOException e) {
            throw new IndexException("cannot open the search index at " + folder.dir() + ": " + e.getMessage()
                    + "; check the folder's permissions, or delete it to rebuild", e);
        }
    }

    private static KeywordIndex create(Journal journal, Consumer<String> warnings, IndexFolder folder,
                                       Optional<String> reason, Options options) throws IOException {
        folder.wipe();
        Directory dir = FSDirectory.open(folder.dir());
        try {
            IndexWriter w = new IndexWriter(dir, config().setOpenMode(IndexWriterConfig.OpenMode.CREATE));
            w.commit();
            folder.writeMarker();
            return withWriter(w, () -> new KeywordIndex(journal, warnings, dir, w, reason, options));
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
                .setRAMBufferSizeMB(RAM_BUFFER_MB);
    }

    private void loadManifest() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            Fields.readManifest(s.getIndexReader(), (path, e) -> {
                manifest.put(path, e);
                chunks.addAndGet(Math.max(0, e.chunks()));
            });
        } finally {
            searchers.release(s);
        }
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
        long before = chunks.get();
        Map<String, JournalScan.Stat> disk = scan.files(day);
        List<String> work = new ArrayList<>();
        for (Map.Entry<String, JournalScan.Stat> f : disk.entrySet()) {
            Optional<Manifest.Entry> known = manifest.get(f.getKey());
            if (!force && known.isPresent() && known.get().sameStat(f.getValue())) {
                n[1].incrementAndGet();
            } else {
                work.add(f.getKey());
            }
        }
        Map<String, Optional<String>> streams = new ConcurrentHashMap<>(); // stream.json read once per segment
        AtomicLong lastRefresh = new AtomicLong(System.nanoTime());
        IndexWorkers.run(work.size(), i -> {
            long last = lastRefresh.get();
            if (System.nanoTime() - last > REFRESH_NANOS && lastRefresh.compareAndSet(last, System.nanoTime())) {
                refresh(); // searches see a long catch-up's progress
            }
            n[index(work.get(i), force, false, streams).ordinal()].incrementAndGet();
        }, stop, done -> progress.files(done, work.size()));
        for (String path : manifest.all().keySet()) {
            if (!stop.getAsBoolean() && !disk.containsKey(path)
                    && (day.isEmpty() || Source.of(path).day().equals(day)) && scan.stat(path).isEmpty()) {
                remove(path, false);
                n[Outcome.REMOVED.ordinal()].incrementAndGet();
            }
        }
        commit();
        return new IndexReport(n[Outcome.INDEXED.ordinal()].get(), n[Outcome.UNCHANGED.ordinal()].get(),
                n[Outcome.REMOVED.ordinal()].get(), n[Outcome.SKIPPED.ordinal()].get(),
                Math.max(0, chunks.get() - before), (System.nanoTime() - t0) / 1_000_000);
    }

    /** Deletes every document (used by a full rebuild before {@link #catchUp}). */
    public void clear() {
        lock.writeLock().lock();
        try {
            writer.deleteAll();
            manifest.clear();
            chunks.set(0);
            searchers.maybeRefresh();
        } catch (IOException e) {
            throw failed("clearing", e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** What {@link #update} did with a file (the order of {@link IndexReport}'s counts). */
    public enum Outcome { INDEXED, UNCHANGED, REMOVED, SKIPPED }

    /**
     * Re-indexes one journal-relative file now (removes it when it is gone; ignores files that are not indexed) and
     * makes it searchable at once. Not committed: see {@link #commit}.
     */
    public Outcome update(String path) {
        if (formatters.indexed(path)) {
            return index(path, false, true, null);
        }
        return removeGoneUnder(path) > 0 ? Outcome.REMOVED : Outcome.UNCHANGED;
    }

    /**
     * Re-indexes every indexed file of one segment folder ({@code YYYYMMDD/HHMMSS_LEN}) and removes the indexed files
     * that are no longer in it (or all of them, the folder being gone).
     */
    public void updateSegment(String segmentPath) {
        scan.filesIn(segmentPath).keySet().forEach(this::update);
        removeGoneUnder(segmentPath);
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
            changed += removeGoneUnder(s); // a segment folder named by the feed: files gone from it leave the index
        }
        for (String path : all) {
            if (formatters.indexed(path)) {
                changed += index(path, false, false, null) != Outcome.UNCHANGED ? 1 : 0;
            } else {
                changed += removeGoneUnder(path); // a folder named by the feed (a removed import): what left it
            }
        }
        if (changed > 0) { // a run's _active file or an app's own file changes often and is not indexed
            refresh();
        }
        return changed;
    }

    /**
     * Removes, searchable at once, every indexed file under the journal-relative folder {@code folder} that is gone
     * from the disk: a change naming a folder (a removed import, a segment) is how the change feed tells of deletions.
     *
     * @return the files removed
     */
    int removeGoneUnder(String folder) {
        int n = 0;
        for (String p : manifest.under(folder.endsWith("/") ? folder : folder + "/")) {
            lock.readLock().lock();
            ReentrantLock stripe = stripes[Math.floorMod(p.hashCode(), stripes.length)];
            stripe.lock();
            try {
                if (manifest.get(p).isPresent() && scan.stat(p).isEmpty()) {
                    remove(p, false);
                    n++;
                }
            } finally {
                stripe.unlock();
                lock.readLock().unlock();
            }
        }
        if (n > 0) {
            refresh();
        }
        return n;
    }

    /**
     * Indexes one file: its chunks and its manifest document go to Lucene in one atomic block (replacing the file's
     * previous block, if the manifest knows one), so every commit holds a file's chunks exactly with its manifest
     * entry. {@code refresh}: make it searchable now (single updates); a catch-up refreshes now and then instead.
     * {@code streams}: a catch-up's cache of segment streams, null to read {@code stream.json} now.
     */
    private Outcome index(String path, boolean force, boolean refresh, Map<String, Optional<String>> streams) {
        lock.readLock().lock();
        ReentrantLock stripe = stripes[Math.floorMod(path.hashCode(), stripes.length)];
        stripe.lock();
        try {
            Optional<JournalScan.Stat> stat = scan.stat(path);
            if (stat.isEmpty()) {
                if (manifest.get(path).isEmpty()) {
                    return Outcome.UNCHANGED;
                }
                remove(path, refresh);
                return Outcome.REMOVED;
            }
            String hash = Manifest.hash(journal.root().resolve(path), stat.get().size());
            Optional<Manifest.Entry> known = manifest.get(path);
            if (!force && known.isPresent() && known.get().hash().equals(hash)) {
                Manifest.Entry e = new Manifest.Entry(stat.get().size(), stat.get().mtime(), hash, known.get().chunks());
                writer.updateDocument(new Term(Fields.FILE_PATH, path), Fields.file(path, e));
                manifest.put(path, e);
                return Outcome.UNCHANGED;
            }
            Source src = Source.of(path);
            List<Document> docs = new ArrayList<>();
            Outcome outcome = Outcome.INDEXED;
            try {
                Formatters.Formatted f = fileWarnings.oneEach(() -> formatters.rule(path).orElseThrow().formatter()
                        .format(journal, src));
                Optional<String> stream = streams == null ? Streams.of(journal, src)
                        : streams.computeIfAbsent(src.segment().isEmpty() ? "" : src.parts()[0] + "/" + src.parts()[1],
                                k -> Streams.of(journal, src));
                for (int i = 0; i < f.chunks().size(); i++) {
                    if (!f.chunks().get(i).text().isBlank()) {
                        docs.add(Fields.chunk(src, f.topic(), i, f.chunks().get(i), stream, f.day()));
                    }
                }
            } catch (RuntimeException e) {
                warnings.accept("skipped " + path + " while indexing: " + e.getMessage());
                skipped.incrementAndGet();
                outcome = Outcome.SKIPPED;
                docs.clear();
            }
            int chunkCount = docs.size();
            Manifest.Entry e = new Manifest.Entry(stat.get().size(), stat.get().mtime(), hash,
                    outcome == Outcome.SKIPPED ? -1 : chunkCount);
            docs.add(Fields.file(path, e));
            if (known.isPresent()) {
                writer.updateDocuments(new Term(Fields.PATH, path), docs);
            } else {
                writer.addDocuments(docs); // the manifest knows every file with documents: nothing to replace
            }
            chunks.addAndGet(chunkCount - known.map(k -> Math.max(0, k.chunks())).orElse(0));
            manifest.put(path, e);
            if (refresh) {
                searchers.maybeRefresh();
            }
            return outcome;
        } catch (IOException e) {
            warnings.accept("skipped " + path + " while indexing: " + e.getMessage());
            skipped.incrementAndGet();
            return Outcome.SKIPPED;
        } finally {
            stripe.unlock();
            lock.readLock().unlock();
        }
    }

    private void remove(String path, boolean refresh) {
        lock.readLock().lock();
        try {
            writer.deleteDocuments(new Term(Fields.PATH, path)); // its chunks and its manifest document
            manifest.get(path).ifPresent(k -> chunks.addAndGet(-Math.max(0, k.chunks())));
            manifest.remove(path);
            if (refresh) {
                searchers.maybeRefresh();
            }
        } catch (IOException e) {
            throw failed("removing " + path + " from", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void refresh() {
        try {
            searchers.maybeRefresh();
        } catch (IOException e) {
            throw failed("refreshing", e);
        }
    }

    /** Makes everything indexed so far durable (each file's block is atomic, so a commit never splits one). */
    public void commit() {
        lock.readLock().lock();
        try {
            writer.commit();
            searchers.maybeRefresh();
        } catch (IOException e) {
            throw failed("committing", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A chunk read for embedding, with the content hash its file had then (to drop the vector if it changed). */
    record Pending(Document stored, String hash) {
        String text() {
            return Fields.searchable(stored.get(Fields.HEADER), stored.get(Fields.BODY));
        }
    }

    /** Up to {@code max} chunks that have no vector yet (the embedding backlog), in index order. */
    List<Pending> pending(int max) {
        lock.writeLock().lock();
        try {
            searchers.maybeRefreshBlocking(); // the view matches the manifest while the lock is held
            IndexSearcher s = searchers.acquire();
            try {
                List<Pending> out = new ArrayList<>();
                StoredFields stored = s.storedFields();
                for (ScoreDoc sd : s.search(Vectors.backlog(), max).scoreDocs) {
                    Document d = stored.document(sd.doc);
                    manifest.get(d.get(Fields.PATH)).ifPresent(e -> out.add(new Pending(d, e.hash())));
                }
                return out;
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw failed("reading the embedding backlog of", e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Writes each pending chunk again with its vector, unless its file changed or left since it was read (then the new
     * chunks are in the backlog instead). Visible to searches at the next refresh, durable at the next commit.
     *
     * @return the chunks that got their vector
     */
    int attach(List<Pending> chunks, List<float[]> vectors) {
        lock.writeLock().lock();
        try {
            int n = 0;
            for (int i = 0; i < chunks.size(); i++) {
                Pending p = chunks.get(i);
                Optional<Manifest.Entry> now = manifest.get(p.stored().get(Fields.PATH));
                if (now.isPresent() && now.get().hash().equals(p.hash())) {
                    writer.updateDocument(new Term(Fields.ID, Fields.id(p.stored())),
                            Fields.withVector(p.stored(), vectors.get(i)));
                    n++;
                }
            }
            searchers.maybeRefresh();
            return n;
        } catch (IOException e) {
            throw failed("writing vectors to", e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Chunks with a vector, of all chunks (from the current view). */
    Vectors.Progress vectorProgress() {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return Vectors.progress(s);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw failed("counting the vectors of", e);
        }
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
        return manifest.all().keySet();
    }

    /** Re-indexes a file even when unchanged, searchable at once (benchmarks' indexing load). */
    void reindex(String path) {
        index(path, true, true, null);
    }

    /** Runs {@code f} on the current view of the index. */
    <T> T withSearcher(SearcherFunction<T> f) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return f.apply(s);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw failed("reading", e);
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
        } catch (IOException e) {
            throw failed("searching", e);
        }
    }

    /** Files in the manifest, chunks indexed, and files skipped since open. */
    public long files() {
        return manifest.size();
    }

    public long chunks() {
        return chunks.get();
    }

    public long skipped() {
        return skipped.get();
    }

    /** The index folder. */
    public java.nio.file.Path folder() {
        return folder.dir();
    }

    private IndexException failed(String what, IOException e) {
        return new IndexException(what + " the search index at " + folder.dir() + " failed: " + e.getMessage(), e);
    }

    /** Commits and closes; the index folder stays for the next open. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the search index at " + folder.dir() + " failed", e);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
