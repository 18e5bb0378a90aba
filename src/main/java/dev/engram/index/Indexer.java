package dev.engram.index;

import dev.engram.app.Health;
import dev.engram.app.ScheduledTask;
import dev.engram.app.Scheduler;
import dev.engram.app.Service;
import dev.engram.index.api.IndexException;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.SearchResults;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalChange;
import dev.engram.journal.JournalChanges;
import java.time.Duration;
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
 * journal while searches already work (opening and comparing with the manifest at normal priority, reading and
 * indexing new or changed files at minimum priority: see {@code runCatchUp}), then follows the journal's change
 * feed: the feed's thread notes each touched
 * path; an {@code index-follow} thread at normal priority re-indexes a few noted paths at once (one refresh), and an
 * {@code index-follow-bulk} thread at minimum priority takes over in batches when many wait, so a burst of uploads is
 * indexed just behind it rather than competing with it ({@code pending} in {@link #health()}; see
 * {@link ChangeFollower});
 * a noted folder that lost files (a removed import, a segment) takes them out of the index; a {@code missed} change
 * triggers another catch-up. Given the app's {@link Scheduler}, a periodic sweep (every {@link #SWEEP_EVERY} once the
 * start-up catch-up is done) runs the same catch-up on the minimum-priority follower, so files deleted or changed
 * behind the journal API's back (by hand, an editor) leave or update the index within that time. After the catch-up
 * an {@code index-embed} thread at minimum priority fills the chunks'
 * missing vectors (see {@link BacklogEmbedder}), its progress in {@link #health()}, and releases the embedding model
 * once the backlog is empty and the model unused for {@link Embeddings#IDLE_NANOS}. Commits at most every
 * {@link #COMMIT_EVERY_MS} while changes come
 * in, after each catch-up and on stop (uncommitted work is redone by the next start's catch-up). Implements
 * {@link Searcher} for the registry; searching before start fails with {@link IndexException}.
 */
public final class Indexer implements Service, Searcher {
    static final long COMMIT_EVERY_MS = 5_000;
    /** How often the periodic sweep (a no-change catch-up on the follower path) runs by default. */
    public static final Duration SWEEP_EVERY = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
    private final Journal journal;
    private final Consumer<String> warnings;
    private final AtomicLong catchUps = new AtomicLong();
    private final KeywordIndex.Options options;
    private final BacklogEmbedder embedder = new BacklogEmbedder();
    private final ChangeFollower follower;
    private final BusFollower bus;
    private final IndexRepair repair;
    private final Optional<Scheduler> scheduler;
    private final Duration sweepEvery;
    private volatile ScheduledTask sweep;
    private volatile KeywordIndex index;
    private volatile JournalChanges.Subscription subscription;
    private volatile Thread catchUp;
    private volatile boolean stopping;
    private volatile boolean caughtUp;
    private volatile IndexReport lastReport;
    private volatile String failure;

    public Indexer(Journal journal) {
        this(journal, LOG::warn);
    }

    /** With a sink for warnings (skipped files, rebuilds); tests collect them. */
    public Indexer(Journal journal, Consumer<String> warnings) {
        this(journal, warnings, KeywordIndex.Options.defaults());
    }

    /** With the app's scheduler, which runs the periodic sweep every {@link #SWEEP_EVERY} (Engram's service). */
    public Indexer(Journal journal, Scheduler scheduler) {
        this(journal, LOG::warn, KeywordIndex.Options.defaults(), Optional.of(scheduler), SWEEP_EVERY);
    }

    /** With the embedding model and clock to use (tests share one model, and fix the clock); no periodic sweep. */
    Indexer(Journal journal, Consumer<String> warnings, KeywordIndex.Options options) {
        this(journal, warnings, options, Optional.empty(), SWEEP_EVERY);
    }

    /**
     * @param scheduler  runs the periodic sweep (none without one: tests and the CLI)
     * @param sweepEvery the sweep's period (tests pass a short one)
     */
    Indexer(Journal journal, Consumer<String> warnings, KeywordIndex.Options options, Optional<Scheduler> scheduler,
            Duration sweepEvery) {
        this.journal = journal;
        this.warnings = warnings;
        this.options = options;
        this.scheduler = scheduler;
        this.sweepEvery = sweepEvery;
        this.follower = new ChangeFollower(() -> index, () -> stopping, this::runCatchUp, f -> failure = f);
        this.bus = new BusFollower(journal.changes().origin(), this::onChange);
        this.repair = new IndexRepair(warnings, () -> stopping);
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
        embedder.reset();
        // subscribe first: a change before the index is open is ignored, and the catch-up after the open sees it
        subscription = journal.changes().subscribe(this::onChange);
        Thread t = new Thread(this::openAndCatchUp, "index-catch-up");
        t.setDaemon(true);
        // opening and the comparison with the manifest (stat only, bounded by the journal's file count, about a second
        // of CPU on a year) run at normal priority: at minimum priority (nice 19) they starved behind the JIT's
        // compiler threads (nice 0) that are busiest right after start (docs/benchmarks.md "Start-up catch-up, round
        // 8"); reading and indexing new or changed files runs on minimum-priority workers (runCatchUp)
        t.setPriority(Thread.NORM_PRIORITY);
        catchUp = t;
        t.start();
        // the task only notes that a sweep is due (no index work on the scheduler's thread): the bulk follower runs it
        sweep = scheduler.map(s -> s.atFixedRate("index-sweep", sweepEvery, this::sweepIfCaughtUp)).orElse(null);
    }

    /** The periodic sweep's task: once the start-up catch-up is done, the bulk follower runs a catch-up. */
    private void sweepIfCaughtUp() {
        if (caughtUp && !stopping && index != null) {
            follower.sweep();
        }
    }

    /**
     * CPU seconds of the start-up catch-up (the start-up bench): opening the index and the whole catch-up on the
     * {@code index-catch-up} thread, and the journal walk's threads (the catch-up thread waits for them meanwhile).
     */
    record StartCpu(double opening, double catchUpThread, double walk) {
    }

    private volatile StartCpu startCpu;

    /** See {@link StartCpu}; empty until the start-up catch-up has finished. */
    Optional<StartCpu> startCpu() {
        return Optional.ofNullable(startCpu);
    }

    private static double threadCpuSeconds() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    }

    private void openAndCatchUp() {
        double cpu0 = threadCpuSeconds();
        double opened;
        try {
            index = KeywordIndex.open(journal, warnings, options);
            opened = threadCpuSeconds();
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.warn("the search index could not be opened, search is unavailable: {}", e.getMessage());
            return;
        }
        if (!stopping) {
            runCatchUp(false);
            startCpu = new StartCpu(opened - cpu0, threadCpuSeconds() - opened, index.walkCpuSeconds());
        }
        if (!stopping) {
            follower.start();
        }
        if (!stopping && options.backgroundEmbedding()) {
            embedder.start(index, repair, () -> stopping);
        }
        if (!stopping) {
            repair.verifyInBackground(index); // damage Lucene meets only when reading it: rebuilt now, one warning
        }
    }

    /**
     * A catch-up on the calling thread: the comparison with the manifest at the thread's priority, the reading and
     * indexing of new or changed files on worker threads at minimum priority, so a long catch-up never competes with
     * Engram's requests (a missed change runs this on a follower thread). The calling thread's own priority is never
     * lowered: without privileges it could not be raised again, nor could the followers it starts. A periodic
     * {@code sweep} that found nothing to do logs at debug only (one line every ten minutes would be noise).
     */
    private void runCatchUp(boolean sweep) {
        try {
            IndexReport r = index.catchUp(Optional.empty(), false, () -> stopping, new KeywordIndex.Progress() {
                @Override
                public void files(int done, int total) {
                }

                @Override
                public int workerPriority(int toIndex) {
                    return Thread.MIN_PRIORITY;
                }
            });
            lastReport = r;
            if (!sweep) {
                catchUps.incrementAndGet();
            }
            caughtUp = true;
            boolean quiet = sweep && r.indexed() + r.removed() + r.skipped() == 0;
            String done = "search index caught up: {} file(s) indexed, {} unchanged, {} removed, {} skipped in {} ms";
            Object[] facts = {r.indexed(), r.unchanged(), r.removed(), r.skipped(), r.millis()};
            if (quiet) {
                LOG.debug(done, facts);
            } else {
                LOG.info(done, facts);
            }
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.warn("the search index could not catch up: {}", e.getMessage());
        }
    }

    /**
     * The change feed's thread only notes the changed path (a path changed again before it is indexed is indexed
     * once); the followers index what is noted. So a burst of changes never fills the feed's queue, and the work lags
     * behind the burst instead of competing with it (see {@link ChangeFollower}).
     */
    private void onChange(JournalChange c) {
        if (index == null || stopping) {
            return;
        }
        embedder.changed();
        follower.note(c);
    }

    /**
     * The {@code index} app to register with the app dispatcher: other processes' journal writes, heard on the bus
     * ({@code observe.observed}, {@code journal.changed} not of this process), are noted like in-process changes.
     */
    public dev.engram.app.App busFollower() {
        return bus;
    }

    /** The normal-priority {@code index-follow} thread, null before it started (the bus bench reads its CPU time). */
    Thread quickFollower() {
        return follower.threads()[0];
    }

    /** Changed files and segments noted but not yet indexed (0 when the index has caught up with the feed). */
    public long pending() {
        return follower.pending();
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
        KeywordIndex idx = open();
        repair.refuseWhileRebuilding();
        try {
            return idx.search(query);
        } catch (CorruptionCheck.Damaged e) {
            throw repair.failed(idx, e);
        }
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
        ScheduledTask task = sweep;
        sweep = null;
        if (task != null) {
            task.cancel();
        }
        JournalChanges.Subscription s = subscription;
        subscription = null;
        if (s != null) {
            s.close();
        }
        embedder.wake();
        follower.wake();
        Thread[] followers = follower.threads();
        for (Thread t : new Thread[] {catchUp, followers[0], followers[1], embedder.thread(), repair.thread(),
                repair.verifier()}) {
            if (t != null) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        embedder.clear();
        follower.clear(); // the next start's catch-up indexes what was left
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
        facts.put("updates", follower.updates());
        facts.put("pending", pending()); // changes noted, not yet indexed (a burst leaves some; they drain)
        facts.put("holding_burst", follower.holdingBurst()); // a burst is still arriving: indexed after it (BurstHold)
        facts.put("merging", idx.mergesRunning()); // Lucene merges running now, at minimum priority
        facts.put("bus_followed", bus.followed()); // other processes' writes heard on the bus
        facts.put("bus_own_skipped", bus.ownSkipped()); // our own journal.changed echoed back, not noted twice
        facts.put("caught_up", caughtUp);
        facts.put("catch_ups", catchUps.get()); // more than one: the change feed missed changes (a rescan each)
        facts.put("sweeps", follower.sweeps()); // periodic catch-ups (files deleted or changed behind the journal API)
        idx.rebuiltBecause().ifPresent(r -> facts.put("rebuilt", r));
        repair.damage().ifPresent(d -> facts.put("rebuilt", "it was found damaged while running (" + d + ")"));
        facts.put("rebuilding", repair.rebuilding()); // searches answer 503 index_rebuilding meanwhile
        facts.put("verified", repair.verified()); // every committed file's checksum, once after the start-up catch-up
        Vectors.Progress p = idx.vectorProgress();
        facts.put("vectors", p.embedded());
        facts.put("embedding_model", idx.embeddings().isLoaded() ? "loaded" : "not loaded");
        facts.put("embedding_backlog", p.backlog());
        EmbeddingBacklog b = embedder.backlog();
        if (b != null && b.embedded() > 0) {
            facts.put("embedded_per_second", Math.round(b.chunksPerSecond()));
        }
        String embedFailure = embedder.failure();
        String embedding = embedFailure != null ? "embeddings stopped: " + embedFailure
                : p.backlog() == 0 ? "all chunks embedded (hybrid search)"
                : !caughtUp ? "embeddings wait for the catch-up"
                : "embedding " + p.percent() + "% (" + p.backlog() + " chunks waiting; hybrid results improve as it"
                + " drains)";
        facts.put("embedding", embedding);
        Health h;
        if (failure != null) {
            h = Health.degraded(failure);
        } else if (repair.rebuilding()) {
            h = Health.degraded("rebuilding the damaged search index from the journal (search works again when done)");
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
