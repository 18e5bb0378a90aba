package dev.engram.index;

import dev.engram.app.BurstHold;
import dev.engram.journal.JournalChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the {@link Indexer} service follows the journal's change feed: the feed's thread only notes each changed path
 * ({@link #note}; a path changed again before it is indexed is indexed once); an {@code index-follow} thread at normal
 * priority re-indexes a few noted paths at once (one refresh), and an {@code index-follow-bulk} thread at minimum
 * priority takes over in batches when many wait or a rescan (missed changes, a periodic
 * sweep) is due, and always takes records of activity (agent runs,
 * chat conversations: {@link #BACKGROUND}) (see {@link #follow}). Commits at most every
 * {@link Indexer#COMMIT_EVERY_MS} while changes come in. While a burst of changes is still arriving, both followers
 * hold back ({@link BurstHold}: until it has been quiet for a moment, at most 10 s) and then index what waits. A
 * failing batch is logged and reported through the owner's failure sink; the followers go on.
 */
final class ChangeFollower {
    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
    /** At most this many changed paths are noted; past it, one rescan replaces them (the feed's own rule). */
    static final int MAX_PENDING = 100_000;
    /** Files indexed per refresh by the follower. */
    static final int BATCH = 256;
    /**
     * At most this many noted paths are indexed by the normal-priority {@code index-follow} thread (a segment or two:
     * searchable within a second even when other processes keep the cores busy); past it, or for a rescan, the
     * minimum-priority {@code index-follow-bulk} thread takes them in batches of {@link #BATCH}.
     */
    static final int QUICK_MAX = 16;
    /** Path prefixes whose changes wait for the minimum-priority follower (see {@link #background}). */
    static final List<String> BACKGROUND = List.of("agents/", "apps/chat/", "tokens/", "health/");
    private final Supplier<KeywordIndex> index;
    private final BooleanSupplier stopping;
    private final Consumer<Boolean> rescanNow;
    private final Consumer<String> failure;
    private final AtomicLong updates = new AtomicLong();
    /** Changed paths not yet indexed (true: a segment folder), in arrival order; the followers' monitor. */
    private final LinkedHashMap<String, Boolean> pending = new LinkedHashMap<>();
    /**
     * Changed records of activity ({@link #BACKGROUND} paths: agent runs, chat conversations, token and health logs),
     * not yet indexed, guarded by {@link #pending}: always the bulk follower's, so a chat's own files are indexed at
     * minimum priority instead of competing with the next message (docs/benchmarks.md "Chat first token, round 7").
     */
    private final LinkedHashMap<String, Boolean> background = new LinkedHashMap<>();
    /** Whether a burst of noted changes is still arriving (guarded by {@link #pending}). */
    private final BurstHold burst = new BurstHold();
    private boolean missed;
    /** A periodic sweep is due ({@link #sweep}): a catch-up by the bulk follower, the noted paths kept. */
    private boolean sweepDue;
    private final AtomicLong sweeps = new AtomicLong();
    /** Paths taken from {@link #pending} by a follower and not yet indexed (both followers'). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Thread follower;
    private volatile Thread bulkFollower;
    private long lastCommit = System.nanoTime();
    private long committedUpdates;

    /**
     * @param index     the open index (read when a batch is applied)
     * @param stopping  whether the owner is stopping
     * @param rescanNow runs a catch-up on the calling thread (false: a missed change; true: a periodic sweep)
     * @param failure   hears why a batch failed
     */
    ChangeFollower(Supplier<KeywordIndex> index, BooleanSupplier stopping, Consumer<Boolean> rescanNow,
                   Consumer<String> failure) {
        this.index = index;
        this.stopping = stopping;
        this.rescanNow = rescanNow;
        this.failure = failure;
    }

    /** Notes one change (the change feed's thread): a path to index, or a rescan when the feed missed changes. */
    void note(JournalChange c) {
        synchronized (pending) {
            if (c.kind() == JournalChange.Kind.MISSED || pending.size() + background.size() >= MAX_PENDING) {
                if (!missed) {
                    LOG.info("the search index rescans the journal: {}", c.kind() == JournalChange.Kind.MISSED
                            ? "the change feed dropped changes" : MAX_PENDING + " changed files are waiting");
                }
                missed = true;
                pending.clear();
                background.clear();
            } else if (!missed) {
                boolean bg = isBackground(c.path());
                if (!bg) {
                    burst.noted(System.nanoTime(), pending.isEmpty());
                }
                (bg ? background : pending).putIfAbsent(c.path(), c.kind() == JournalChange.Kind.SEGMENT);
                if (!bg && burst.holding() && pending.size() > QUICK_MAX + 1) {
                    // both followers already wait out the burst on their own timers (the bulk one was woken when the
                    // changes became its own, past QUICK_MAX): no wake-up per change
                    return;
                }
            }
            pending.notifyAll();
        }
    }

    /**
     * Asks for a periodic sweep (the owner's scheduled task): the bulk follower runs a catch-up at minimum priority,
     * which indexes files changed and drops files deleted behind the journal API's back (no change was announced).
     * The noted paths stay with their followers; a sweep already due, or a rescan for missed changes, covers it.
     */
    void sweep() {
        synchronized (pending) {
            sweepDue = true;
            pending.notifyAll();
        }
    }

    /** Periodic sweeps run so far. */
    long sweeps() {
        return sweeps.get();
    }

    /** Starts both follower threads. */
    void start() {
        follower = startFollower("index-follow", Thread.NORM_PRIORITY, false);
        bulkFollower = startFollower("index-follow-bulk", Thread.MIN_PRIORITY, true);
    }

    /** Wakes the followers (the owner is stopping). */
    void wake() {
        synchronized (pending) {
            pending.notifyAll();
        }
    }

    /** The follower threads, null before {@link #start}. */
    Thread[] threads() {
        return new Thread[] {follower, bulkFollower};
    }

    /** After the threads ended: forgets what was noted (the next start's catch-up indexes what was left). */
    void clear() {
        follower = null;
        bulkFollower = null;
        synchronized (pending) {
            pending.clear();
            background.clear();
            missed = false;
            sweepDue = false;
        }
    }

    /** Files indexed or removed by following changes so far. */
    long updates() {
        return updates.get();
    }

    /** Whether the followers hold back a burst of changes still arriving ({@link BurstHold}). */
    boolean holdingBurst() {
        synchronized (pending) {
            return burst.holding();
        }
    }

    /** Changed files and segments noted but not yet indexed (0 when the index has caught up with the feed). */
    long pending() {
        synchronized (pending) {
            return pending.size() + background.size() + inFlight.get() + (missed ? 1 : 0);
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
     * each) and runs the rescan when changes were missed. Both commit at most every {@link Indexer#COMMIT_EVERY_MS}
     * while changes come in; two batches of the same file serialize on its stripe and each reads the file as it is
     * then.
     */
    private void follow(boolean bulk) {
        try {
            while (!stopping.getAsBoolean()) {
                List<Map.Entry<String, Boolean>> batch = new ArrayList<>();
                boolean rescan = false;
                boolean sweeping = false;
                synchronized (pending) {
                    if (!mine(bulk) && !stopping.getAsBoolean()) {
                        pending.wait(Indexer.COMMIT_EVERY_MS);
                    }
                    long hold = mine(bulk) && !pending.isEmpty() ? burst.waitNanos(System.nanoTime()) : 0;
                    if (hold > 0) {
                        pending.wait(Math.max(1, hold / 1_000_000)); // a burst is still arriving (BurstHold)
                    } else if (mine(bulk)) {
                        boolean many = missed || pending.size() > QUICK_MAX;
                        sweeping = bulk && sweepDue && !missed; // a rescan for missed changes covers the sweep
                        rescan = bulk && (missed || sweepDue);
                        missed &= !bulk;
                        sweepDue &= !bulk;
                        var it = (bulk && !many ? background : pending).entrySet().iterator();
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
                if (stopping.getAsBoolean()) {
                    return;
                }
                if (batch.isEmpty() && !rescan) {
                    commitIfDue(true); // quiet: make the last changes durable
                    continue;
                }
                apply(rescan, sweeping, batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the noted changes are the quick or the bulk follower's to index now (holding {@link #pending}). */
    private boolean mine(boolean bulk) {
        boolean many = missed || pending.size() > QUICK_MAX;
        return bulk ? many || sweepDue || !background.isEmpty() : !pending.isEmpty() && !many;
    }

    private static boolean isBackground(String path) {
        for (String prefix : BACKGROUND) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private void apply(boolean rescan, boolean sweeping, List<Map.Entry<String, Boolean>> batch) {
        KeywordIndex idx = index.get();
        try {
            if (rescan) {
                rescanNow.accept(sweeping);
                if (sweeping) {
                    sweeps.incrementAndGet();
                }
            }
            List<String> files = new ArrayList<>();
            List<String> segments = new ArrayList<>();
            batch.forEach(e -> (e.getValue() ? segments : files).add(e.getKey()));
            updates.addAndGet(idx.updateBatch(files, segments));
            commitIfDue(false);
        } catch (RuntimeException e) {
            failure.accept(e.getMessage());
            LOG.warn("the search index could not follow {} journal change(s) (first {}): {}", batch.size(),
                    batch.isEmpty() ? "-" : batch.get(0).getKey(), e.getMessage());
        } finally {
            inFlight.addAndGet(-(batch.size() + (rescan ? 1 : 0)));
        }
    }

    /** Commits when the last commit is older than {@link Indexer#COMMIT_EVERY_MS} (when {@code idle}: only if anything changed). */
    private void commitIfDue(boolean idle) {
        KeywordIndex idx = index.get();
        synchronized (this) {
            if (idx != null && System.nanoTime() - lastCommit > Indexer.COMMIT_EVERY_MS * 1_000_000
                    && (!idle || committedUpdates != updates.get())) {
                idx.commit();
                lastCommit = System.nanoTime();
                committedUpdates = updates.get();
            }
        }
    }
}
