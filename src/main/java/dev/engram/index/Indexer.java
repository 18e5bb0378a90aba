package dev.engram.index;

import dev.engram.app.Health;
import dev.engram.app.Service;
import dev.engram.index.api.IndexException;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalChange;
import dev.engram.journal.JournalChanges;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code index} service: on a background thread (so Engram's start is never delayed, nor failed, by the index),
 * opens the journal's keyword index (rebuilding it with one warning when it is of another format or corrupt; health is
 * down, naming the cause, when it cannot be opened at all, e.g. held by {@code engram index}) and catches up with the
 * journal while searches already work, then follows the journal's change feed: the feed's thread notes each touched
 * path; an {@code index-follow} thread at normal priority re-indexes a few noted paths at once (one refresh), and an
 * {@code index-follow-bulk} thread at minimum priority takes over in batches when many wait, so a burst of uploads is
 * indexed just behind it rather than competing with it ({@code pending} in {@link #health()}; see {@link #follow});
 * a noted folder that lost files (a removed import, a segment) takes them out of the index; a {@code missed} change
 * triggers another catch-up. After the catch-up an {@code index-embed} thread at minimum priority fills the chunks'
 * missing vectors (see {@link EmbeddingBacklog}), its progress in {@link #health()}, and releases the embedding model
 * once the backlog is empty and the model unused for {@link Embeddings#IDLE_NANOS}. Commits at most every
 * {@link #COMMIT_EVERY_MS} while changes come
 * in, after each catch-up and on stop (uncommitted work is redone by the next start's catch-up). Implements
 * {@link Searcher} for the registry; searching before start fails with {@link IndexException}.
 */
public final class Indexer implements Service, Searcher {
    static final long COMMIT_EVERY_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
    private final Journal journal;
    private final Consumer<String> warnings;
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong catchUps = new AtomicLong();
    private final KeywordIndex.Options options;
    private final Object backlogSignal = new Object();
    private volatile Thread embedder;
    private volatile EmbeddingBacklog backlog;
    private volatile String embedFailure;
    /** When the change feed last brought a change: the backlog steps aside for {@link #QUIET_NANOS} after it. */
    private volatile long lastChangeNanos = System.nanoTime() - QUIET_NANOS;
    static final long QUIET_NANOS = 1_500_000_000L;
    private volatile KeywordIndex index;
    private volatile JournalChanges.Subscription subscription;
    private volatile Thread catchUp;
    private volatile boolean stopping;
    private volatile boolean caughtUp;
    private volatile IndexReport lastReport;
    private volatile String failure;
    private long lastCommit = System.nanoTime();
    private long committedUpdates;
    /** At most this many changed paths are noted; past it, one rescan replaces them (the feed's own rule). */
    static final int MAX_PENDING = 100_000;
    /** Files indexed per refresh by the follower. */
    static final int BATCH = 256;
    /** Changed paths not yet indexed (true: a segment folder), in arrival order; the follower's monitor. */
    private final LinkedHashMap<String, Boolean> pending = new LinkedHashMap<>();
    private boolean missed;
    /** Paths taken from {@link #pending} by a follower and not yet indexed (both followers'). */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Thread follower;
    private volatile Thread bulkFollower;
    /**
     * At most this many noted paths are indexed by the normal-priority {@code index-follow} thread (a segment or two:
     * searchable within a second even when other processes keep the cores busy); past it, or for a rescan, the
     * minimum-priority {@code index-follow-bulk} thread takes them in batches of {@link #BATCH}.
     */
    static final int QUICK_MAX = 16;

    public Indexer(Journal journal) {
        this(journal, LOG::warn);
    }

    /** With a sink for warnings (skipped files, rebuilds); tests collect them. */
    public Indexer(Journal journal, Consumer<String> warnings) {
        this(journal, warnings, KeywordIndex.Options.defaults());
    }

    /** With the embedding model and clock to use (tests share one model, and fix the clock). */
    Indexer(Journal journal, Consumer<String> warnings, KeywordIndex.Options options) {
        this.journal = journal;
        this.warnings = warnings;
        this.options = options;
    }

    @Override
    public String name() {
        return "index";
    }

    @Override
    public void start() {
        stopping = false;
        caughtUp = false;
        lastReport = null;
        failure = null;
        embedFailure = null;
        // subscribe first: a change before the index is open is ignored, and the catch-up after the open sees it
        subscription = journal.changes().subscribe(this::onChange);
        Thread t = new Thread(this::openAndCatchUp, "index-catch-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        catchUp = t;
        t.start();
    }

    private void openAndCatchUp() {
        try {
            index = KeywordIndex.open(journal, warnings, options);
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.warn("the search index could not be opened, search is unavailable: {}", e.getMessage());
            return;
        }
        if (!stopping) {
            runCatchUp();
        }
        if (!stopping) {
            follower = startFollower("index-follow", Thread.NORM_PRIORITY, false);
            bulkFollower = startFollower("index-follow-bulk", Thread.MIN_PRIORITY, true);
        }
        if (!stopping && options.backgroundEmbedding()) {
            Thread e = new Thread(this::embedBacklog, "index-embed");
            e.setDaemon(true);
            e.setPriority(Thread.MIN_PRIORITY);
            embedder = e;
            e.start();
        }
    }

    /**
     * The embedding backlog, after the start-up catch-up (keyword search first): embeds batch after batch at minimum
     * priority, commits at most every {@link #COMMIT_EVERY_MS} while it works and when it runs dry, then waits for
     * changes. A model that cannot load stops it (health says why; keyword search goes on).
     */
    private void embedBacklog() {
        lastChangeNanos = System.nanoTime(); // changes right after the catch-up come before the model's loading
        KeywordIndex idx = index;
        EmbeddingBacklog b = new EmbeddingBacklog(idx);
        backlog = b;
        long lastCommit = System.nanoTime();
        boolean dirty = false;
        try {
            while (!stopping) {
                long sinceChange = System.nanoTime() - lastChangeNanos;
                if (sinceChange < QUIET_NANOS) { // fresh changes first: they must be searchable within a second
                    synchronized (backlogSignal) {
                        backlogSignal.wait(Math.max(1, (QUIET_NANOS - sinceChange) / 1_000_000));
                    }
                    continue;
                }
                int n = b.step();
                dirty |= n > 0;
                if (dirty && (n == 0 || System.nanoTime() - lastCommit > COMMIT_EVERY_MS * 1_000_000)) {
                    idx.commit();
                    lastCommit = System.nanoTime();
                    dirty = false;
                }
                if (n == 0) {
                    idx.embeddings().releaseIfIdle(Embeddings.IDLE_NANOS); // hybrid queries load it again
                    synchronized (backlogSignal) {
                        backlogSignal.wait(COMMIT_EVERY_MS);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            embedFailure = e.getMessage();
            LOG.warn("the embedding backlog stopped, semantic and hybrid search use what is embedded so far: {}",
                    e.getMessage());
        }
    }

    private void wakeEmbedder() {
        synchronized (backlogSignal) {
            backlogSignal.notifyAll();
        }
    }

    private void runCatchUp() {
        try {
            IndexReport r = index.catchUp(Optional.empty(), false, () -> stopping);
            lastReport = r;
            catchUps.incrementAndGet();
            caughtUp = true;
            LOG.info("search index caught up: {} file(s) indexed, {} unchanged, {} removed, {} skipped in {} ms",
                    r.indexed(), r.unchanged(), r.removed(), r.skipped(), r.millis());
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.warn("the search index could not catch up: {}", e.getMessage());
        }
    }

    /**
     * The change feed's thread only notes the changed path (a path changed again before it is indexed is indexed
     * once); the {@code index-follow} thread indexes what is noted. So a burst of changes never fills the feed's queue,
     * and the work lags behind the burst instead of competing with it (see {@link #follow()}).
     */
    private void onChange(JournalChange c) {
        if (index == null || stopping) {
            return;
        }
        lastChangeNanos = System.nanoTime();
        synchronized (pending) {
            if (c.kind() == JournalChange.Kind.MISSED || pending.size() >= MAX_PENDING) {
                if (!missed) {
                    LOG.info("the search index rescans the journal: {}", c.kind() == JournalChange.Kind.MISSED
                            ? "the change feed dropped changes" : MAX_PENDING + " changed files are waiting");
                }
                missed = true;
                pending.clear();
            } else if (!missed) {
                pending.putIfAbsent(c.path(), c.kind() == JournalChange.Kind.SEGMENT);
            }
            pending.notifyAll();
        }
    }

    private Thread startFollower(String name, int priority, boolean bulk) {
        Thread f = new Thread(() -> follow(bulk), name);
        f.setDaemon(true);
        f.setPriority(priority);
        f.start();
        return f;
    }

    /**
     * The two follower threads. {@code index-follow}, at normal priority, indexes the noted changes while they are few
     * (at most {@link #QUICK_MAX}: a new segment, an insight), all of them with one refresh, so they are searchable
     * within a second whatever else runs: at minimum priority (nice 19 through bin/engram) a thread got about 1.5 % of
     * a core shared with one busy normal thread, and a new segment waited 0.4 to 1.3 s for its few milliseconds of
     * work. {@code index-follow-bulk}, at minimum priority, takes over when more are waiting (a burst of uploads that
     * outruns the quick thread keeps the cores; the work lags behind it in batches of {@link #BATCH}, one refresh
     * each) and runs the rescan when changes were missed. Both commit at most every {@link #COMMIT_EVERY_MS} while
     * changes come in; two batches of the same file serialize on its stripe and each reads the file as it is then.
     */
    private void follow(boolean bulk) {
        try {
            while (!stopping) {
                java.util.List<Map.Entry<String, Boolean>> batch = new java.util.ArrayList<>();
                boolean rescan = false;
                synchronized (pending) {
                    if (!mine(bulk) && !stopping) {
                        pending.wait(COMMIT_EVERY_MS);
                    }
                    if (mine(bulk)) {
                        rescan = bulk && missed;
                        missed &= !bulk;
                        var it = pending.entrySet().iterator();
                        while (it.hasNext() && batch.size() < BATCH) {
                            batch.add(it.next());
                            it.remove();
                        }
                        inFlight.addAndGet(batch.size() + (rescan ? 1 : 0));
                        if (bulk) {
                            pending.notifyAll(); // what is left may be few again: the quick thread's
                        }
                    }
                }
                if (stopping) {
                    return;
                }
                if (batch.isEmpty() && !rescan) {
                    commitIfDue(true); // quiet: make the last changes durable
                    continue;
                }
                apply(rescan, batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the noted changes are the quick or the bulk follower's to index now (holding {@link #pending}). */
    private boolean mine(boolean bulk) {
        boolean many = missed || pending.size() > QUICK_MAX;
        return bulk ? many : !pending.isEmpty() && !many;
    }

    private void apply(boolean rescan, java.util.List<Map.Entry<String, Boolean>> batch) {
        KeywordIndex idx = index;
        try {
            if (rescan) {
                runCatchUp();
            }
            java.util.List<String> files = new java.util.ArrayList<>();
            java.util.List<String> segments = new java.util.ArrayList<>();
            batch.forEach(e -> (e.getValue() ? segments : files).add(e.getKey()));
            updates.addAndGet(idx.updateBatch(files, segments));
            commitIfDue(false);
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.warn("the search index could not follow {} journal change(s) (first {}): {}", batch.size(),
                    batch.isEmpty() ? "-" : batch.get(0).getKey(), e.getMessage());
        } finally {
            inFlight.addAndGet(-(batch.size() + (rescan ? 1 : 0)));
        }
    }

    /** Commits when the last commit is older than {@link #COMMIT_EVERY_MS} (when {@code idle}: only if anything changed). */
    private void commitIfDue(boolean idle) {
        KeywordIndex idx = index;
        synchronized (this) {
            if (idx != null && System.nanoTime() - lastCommit > COMMIT_EVERY_MS * 1_000_000 && (!idle || dirty())) {
                idx.commit();
                lastCommit = System.nanoTime();
                committedUpdates = updates.get();
            }
        }
    }

    private boolean dirty() {
        return committedUpdates != updates.get();
    }

    /** Changed files and segments noted but not yet indexed (0 when the index has caught up with the feed). */
    public long pending() {
        synchronized (pending) {
            return pending.size() + inFlight.get() + (missed ? 1 : 0);
        }
    }

    /** Runs a catch-up now on the caller's thread (the start-up one may still be running: they serialize per file). */
    public IndexReport catchUpNow() {
        IndexReport r = open().catchUp(Optional.empty(), false);
        lastReport = r;
        return r;
    }

    /** What the last finished catch-up did, empty before the first one finished. */
    public Optional<IndexReport> lastCatchUp() {
        return Optional.ofNullable(lastReport);
    }

    /** Whether the start-up catch-up has finished. */
    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public SearchResults search(SearchQuery query) {
        return open().search(query);
    }

    private KeywordIndex open() {
        KeywordIndex idx = index;
        if (idx == null) {
            String why = failure;
            throw new IndexException(why != null ? why : subscription == null
                    ? "the search index is not open: Engram's index service has not started"
                    : "the search index is still opening; try again in a moment");
        }
        return idx;
    }

    @Override
    public void stop() {
        stopping = true;
        JournalChanges.Subscription s = subscription;
        subscription = null;
        if (s != null) {
            s.close();
        }
        wakeEmbedder();
        synchronized (pending) {
            pending.notifyAll();
        }
        for (Thread t : new Thread[] {catchUp, follower, bulkFollower, embedder}) {
            if (t != null) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        embedder = null;
        follower = null;
        bulkFollower = null;
        synchronized (pending) {
            pending.clear(); // the next start's catch-up indexes what was left
            missed = false;
        }
        KeywordIndex idx = index;
        index = null;
        if (idx != null) {
            idx.close();
        }
    }

    @Override
    public Health health() {
        KeywordIndex idx = index;
        if (idx == null) {
            return Health.down(failure != null ? failure : subscription == null ? "not started" : "opening");
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files", idx.files());
        facts.put("chunks", idx.chunks());
        facts.put("skipped", idx.skipped());
        facts.put("updates", updates.get());
        facts.put("pending", pending()); // changes noted, not yet indexed (a burst leaves some; they drain)
        facts.put("caught_up", caughtUp);
        facts.put("catch_ups", catchUps.get()); // more than one: the change feed missed changes (a rescan each)
        idx.rebuiltBecause().ifPresent(r -> facts.put("rebuilt", r));
        Vectors.Progress p = idx.vectorProgress();
        facts.put("vectors", p.embedded());
        facts.put("embedding_model", idx.embeddings().isLoaded() ? "loaded" : "not loaded");
        facts.put("embedding_backlog", p.backlog());
        EmbeddingBacklog b = backlog;
        if (b != null && b.embedded() > 0) {
            facts.put("embedded_per_second", Math.round(b.chunksPerSecond()));
        }
        String embedding = embedFailure != null ? "embeddings stopped: " + embedFailure
                : p.backlog() == 0 ? "all chunks embedded (hybrid search)"
                : !caughtUp ? "embeddings wait for the catch-up"
                : "embedding " + p.percent() + "% (" + p.backlog() + " chunks waiting; hybrid results improve as it"
                + " drains)";
        facts.put("embedding", embedding);
        Health h;
        if (failure != null) {
            h = Health.degraded(failure);
        } else if (embedFailure != null) {
            h = Health.degraded(embedding + " (keyword search works)");
        } else if (idx.skipped() > 0) {
            h = Health.degraded(idx.skipped() + " file(s) could not be indexed (named in the log)");
        } else {
            h = Health.up(caughtUp ? idx.files() + " files, " + idx.chunks() + " chunks indexed; " + embedding
                    : "catching up with the journal (search works meanwhile)");
        }
        return h.withFacts(facts);
    }
}
