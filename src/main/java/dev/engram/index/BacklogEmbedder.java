package dev.engram.index;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Indexer} service's {@code index-embed} thread: after the start-up catch-up (keyword search first) it
 * fills the chunks' missing vectors batch after batch at minimum priority ({@link EmbeddingBacklog}), steps aside for
 * {@link #QUIET_NANOS} after every change the feed brings (fresh files are searchable first), commits at most every
 * {@link Indexer#COMMIT_EVERY_MS} while it works and when it runs dry, then waits for changes and releases the
 * embedding model once it was unused for {@link Embeddings#IDLE_NANOS}. Damaged bytes met reading the backlog are
 * the index's, not the embedder's: {@link IndexRepair} rebuilds the index as for a search (one warning), the thread
 * waits for the rebuild and then embeds the rebuilt index's chunks; met again after that rebuild, they stop it. A
 * model that cannot load, or any other failure, stops it ({@link #failure()} says why; keyword search goes on).
 */
final class BacklogEmbedder {
    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
    static final long QUIET_NANOS = 1_500_000_000L;
    private final Object signal = new Object();
    private volatile Thread thread;
    private volatile EmbeddingBacklog backlog;
    private volatile String failure;
    /** When the change feed last brought a change: the backlog steps aside for {@link #QUIET_NANOS} after it. */
    private volatile long lastChangeNanos = System.nanoTime() - QUIET_NANOS;

    /**
     * Starts the thread on an open index; it runs until {@code stopping} answers true and it is woken. Damage it meets
     * goes to {@code repair}.
     */
    void start(KeywordIndex index, IndexRepair repair, BooleanSupplier stopping) {
        failure = null;
        Thread e = new Thread(() -> run(index, repair, stopping), "index-embed");
        e.setDaemon(true);
        e.setPriority(Thread.MIN_PRIORITY);
        thread = e;
        e.start();
    }

    /** A change came in: the backlog steps aside for a moment. */
    void changed() {
        lastChangeNanos = System.nanoTime();
    }

    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** The thread, null when not started. */
    Thread thread() {
        return thread;
    }

    /** After the thread ended. */
    void clear() {
        thread = null;
    }

    /** The running backlog (its speed), null before the thread began. */
    EmbeddingBacklog backlog() {
        return backlog;
    }

    /** Why the backlog stopped, null while it works. */
    String failure() {
        return failure;
    }

    /** Forgets a failure (a new start). */
    void reset() {
        failure = null;
    }

    /**
     * Before a batch's vectors are written (under the index's write lock, on this minimum-priority thread): while a
     * change came in less than {@link #QUIET_NANOS} ago, wait. A change noted during the batch's embedding is being
     * indexed by the normal-priority follower, which would otherwise wait for this thread's write lock, held at nice
     * 19 on busy cores for up to 0.7 s (docs/benchmarks.md "Bus path, round 9").
     */
    private void stepAside(BooleanSupplier stopping) {
        try {
            long since;
            while (!stopping.getAsBoolean() && (since = System.nanoTime() - lastChangeNanos) < QUIET_NANOS) {
                synchronized (signal) {
                    signal.wait(Math.max(1, (QUIET_NANOS - since) / 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the vectors are still written; the loop ends at its next wait
        }
    }

    private void run(KeywordIndex idx, IndexRepair repair, BooleanSupplier stopping) {
        lastChangeNanos = System.nanoTime(); // changes right after the catch-up come before the model's loading
        EmbeddingBacklog b = new EmbeddingBacklog(idx);
        backlog = b;
        long lastCommit = System.nanoTime();
        boolean dirty = false;
        boolean repaired = false;
        try {
            while (!stopping.getAsBoolean()) {
                long sinceChange = System.nanoTime() - lastChangeNanos;
                if (sinceChange < QUIET_NANOS) { // fresh changes first: they must be searchable within a second
                    synchronized (signal) {
                        signal.wait(Math.max(1, (QUIET_NANOS - sinceChange) / 1_000_000));
                    }
                    continue;
                }
                int n;
                try {
                    n = b.step(() -> stepAside(stopping));
                } catch (CorruptionCheck.Damaged e) {
                    if (stopping.getAsBoolean()) {
                        return; // the service is stopping (its index may be closing): nothing to repair now
                    }
                    if (repaired) {
                        throw e; // damaged again after its rebuild (one per run): stop, health says why
                    }
                    repaired = true;
                    repair.rebuildFor(idx, e).join(); // the rebuild stops when the service does
                    continue;
                }
                dirty |= n > 0;
                if (dirty && (n == 0 || System.nanoTime() - lastCommit > Indexer.COMMIT_EVERY_MS * 1_000_000)) {
                    idx.commit();
                    lastCommit = System.nanoTime();
                    dirty = false;
                }
                if (n == 0) {
                    idx.embeddings().releaseIfIdle(Embeddings.IDLE_NANOS); // hybrid queries load it again
                    synchronized (signal) {
                        signal.wait(Indexer.COMMIT_EVERY_MS);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.warn("the embedding backlog stopped, semantic and hybrid search use what is embedded so far: {}",
                    e.getMessage());
        }
    }
}
