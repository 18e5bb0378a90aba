package dev.engram.index;

import dev.engram.index.api.IndexException;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;

/**
 * The writer side of {@link KeywordIndex}: one file's chunks and manifest document as one atomic Lucene block,
 * removals, refreshes, commits, and the embedding backlog's reads and writes, all under the index's locks. The
 * manifest (what each indexed file was when indexed) lives here, next to the writer it must agree with.
 */
final class IndexWrites {
    private final Journal journal;
    private final FileWarnings fileWarnings;
    private final Formatters formatters;
    private final JournalScan scan;
    private final Consumer<String> warnings;
    private final Path dir;
    private final Manifest manifest = new Manifest();
    /**
     * Updates of single files take the read side (plus their path's stripe, so one file is never indexed twice at
     * once); what must see the index and the manifest still (clear, the embedding backlog's read and write, close)
     * takes the write side.
     */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock[] stripes = new ReentrantLock[64];
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong chunks = new AtomicLong();
    private final IndexWriter writer;
    private final SearcherManager searchers;

    IndexWrites(Journal journal, Formatters formatters, JournalScan scan, Consumer<String> warnings, Path dir,
                IndexWriter writer, SearcherManager searchers) throws IOException {
        this.fileWarnings = new FileWarnings(journal.warningSink()); // one warning per bad file, not one per line
        this.journal = journal.withWarnings(fileWarnings);
        this.formatters = formatters;
        this.scan = scan;
        this.warnings = warnings;
        this.dir = dir;
        this.writer = writer;
        this.searchers = searchers;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
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

    Manifest manifest() {
        return manifest;
    }

    long chunks() {
        return chunks.get();
    }

    long skipped() {
        return skipped.get();
    }

    /** Deletes every document (used by a full rebuild before a catch-up). */
    void clear() {
        lock.writeLock().lock();
        try {
            writer.deleteAll();
            manifest.clear();
            chunks.set(0);
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw failed("clearing", e);
        } finally {
            lock.writeLock().unlock();
        }
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
            ReentrantLock stripe = stripe(p);
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

    private ReentrantLock stripe(String path) {
        return stripes[Math.floorMod(path.hashCode(), stripes.length)];
    }

    /**
     * Indexes one file: its chunks and its manifest document go to Lucene in one atomic block (replacing the file's
     * previous block, if the manifest knows one), so every commit holds a file's chunks exactly with its manifest
     * entry. {@code refresh}: make it searchable now (single updates); a catch-up refreshes now and then instead.
     * {@code streams}: a catch-up's cache of segment streams, null to read {@code stream.json} now.
     */
    KeywordIndex.Outcome index(String path, boolean force, boolean refresh, Map<String, Optional<String>> streams) {
        lock.readLock().lock();
        ReentrantLock stripe = stripe(path);
        stripe.lock();
        try {
            Optional<JournalScan.Stat> stat = scan.stat(path);
            if (stat.isEmpty()) {
                if (manifest.get(path).isEmpty()) {
                    return KeywordIndex.Outcome.UNCHANGED;
                }
                remove(path, refresh);
                return KeywordIndex.Outcome.REMOVED;
            }
            String hash = Manifest.hash(journal.root().resolve(path), stat.get().size());
            Optional<Manifest.Entry> known = manifest.get(path);
            if (!force && known.isPresent() && known.get().hash().equals(hash)) {
                Manifest.Entry e = new Manifest.Entry(stat.get().size(), stat.get().mtime(), hash, known.get().chunks());
                writer.updateDocument(new Term(Fields.FILE_PATH, path), Fields.file(path, e));
                manifest.put(path, e);
                return KeywordIndex.Outcome.UNCHANGED;
            }
            Source src = Source.of(path);
            List<Document> docs = new ArrayList<>();
            KeywordIndex.Outcome outcome = KeywordIndex.Outcome.INDEXED;
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
                outcome = KeywordIndex.Outcome.SKIPPED;
                docs.clear();
            }
            int chunkCount = docs.size();
            Manifest.Entry e = new Manifest.Entry(stat.get().size(), stat.get().mtime(), hash,
                    outcome == KeywordIndex.Outcome.SKIPPED ? -1 : chunkCount);
            docs.add(Fields.file(path, e));
            if (known.isPresent()) {
                writer.updateDocuments(new Term(Fields.PATH, path), docs);
            } else {
                writer.addDocuments(docs); // the manifest knows every file with documents: nothing to replace
            }
            chunks.addAndGet(chunkCount - known.map(k -> Math.max(0, k.chunks())).orElse(0));
            manifest.put(path, e);
            if (refresh) {
                searchers.maybeRefreshBlocking();
            }
            return outcome;
        } catch (IOException e) {
            warnings.accept("skipped " + path + " while indexing: " + e.getMessage());
            skipped.incrementAndGet();
            return KeywordIndex.Outcome.SKIPPED;
        } finally {
            stripe.unlock();
            lock.readLock().unlock();
        }
    }

    /** Removes a file's chunks and manifest document. */
    void remove(String path, boolean refresh) {
        lock.readLock().lock();
        try {
            writer.deleteDocuments(new Term(Fields.PATH, path)); // its chunks and its manifest document
            manifest.get(path).ifPresent(k -> chunks.addAndGet(-Math.max(0, k.chunks())));
            manifest.remove(path);
            if (refresh) {
                searchers.maybeRefreshBlocking();
            }
        } catch (IOException e) {
            throw failed("removing " + path + " from", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Makes what was indexed visible to searches. */
    /**
     * Makes what is indexed so far searchable. Blocking: two followers (and a catch-up) refresh concurrently, and
     * Lucene's non-blocking {@code maybeRefresh} returns at once while another refresh runs, which may have opened
     * its reader before this caller's writes: they stayed invisible until some later refresh (none, when idle).
     */
    void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw failed("refreshing", e);
        }
    }

    /** Makes everything indexed so far durable (each file's block is atomic, so a commit never splits one). */
    void commit() {
        lock.readLock().lock();
        try {
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw failed("committing", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Up to {@code max} chunks that have no vector yet (the embedding backlog), in index order. */
    List<KeywordIndex.Pending> pending(int max) throws IOException {
        lock.writeLock().lock();
        try {
            searchers.maybeRefreshBlocking(); // the view matches the manifest while the lock is held
            IndexSearcher s = searchers.acquire();
            try {
                List<KeywordIndex.Pending> out = new ArrayList<>();
                StoredFields stored = s.storedFields();
                for (ScoreDoc sd : s.search(Vectors.backlog(), max).scoreDocs) {
                    Document d = stored.document(sd.doc);
                    manifest.get(d.get(Fields.PATH)).ifPresent(e -> out.add(new KeywordIndex.Pending(d, e.hash())));
                }
                return out;
            } finally {
                searchers.release(s);
            }
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
    int attach(List<KeywordIndex.Pending> pending, List<float[]> vectors) {
        lock.writeLock().lock();
        try {
            int n = 0;
            for (int i = 0; i < pending.size(); i++) {
                KeywordIndex.Pending p = pending.get(i);
                Optional<Manifest.Entry> now = manifest.get(p.stored().get(Fields.PATH));
                if (now.isPresent() && now.get().hash().equals(p.hash())) {
                    writer.updateDocument(new Term(Fields.ID, Fields.id(p.stored())),
                            Fields.withVector(p.stored(), vectors.get(i)));
                    n++;
                }
            }
            searchers.maybeRefreshBlocking();
            return n;
        } catch (IOException e) {
            throw failed("writing vectors to", e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Closes the searchers, the writer (committing) and the directory, with no update running. */
    void close(Directory directory) throws IOException {
        lock.writeLock().lock();
        try {
            searchers.close();
            writer.close();
            directory.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    IndexException failed(String what, IOException e) {
        return new IndexException(what + " the search index at " + dir + " failed: " + e.getMessage(), e);
    }
}
