package dev.engram.index;

import dev.engram.index.api.IndexException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Indexer}'s repair of an index found damaged while Engram runs (an index Lucene cannot open at all is
 * rebuilt when opened, by {@link IndexOpening}). Damage is found three ways: a search that fails on damaged bytes
 * ({@link CorruptionCheck.Damaged}), the embedding backlog's read of stored chunks failing the same way
 * ({@link #rebuildFor}), and {@link #verify}, which the service runs once in the background after its start-up
 * catch-up (every committed file's checksum). Any way, once: one warning, then on an {@code index-rebuild}
 * thread at minimum priority every document is deleted (the damaged segments go with them) and the journal is
 * indexed again; searches meanwhile fail with an {@link IndexException} saying so (the search app's 503
 * {@code index_rebuilding}), never with an internal error. Thread-safe.
 */
final class IndexRepair {
    private static final Logger LOG = LoggerFactory.getLogger(IndexRepair.class);
    private final Consumer<String> warnings;
    private final BooleanSupplier stopping;
    private volatile String damage;
    private volatile boolean rebuilding;
    private volatile String failure;
    private volatile Thread thread;
    private volatile Thread verifier;
    private volatile boolean verified;

    IndexRepair(Consumer<String> warnings, BooleanSupplier stopping) {
        this.warnings = warnings;
        this.stopping = stopping;
    }

    /**
     * Starts {@link #verify} on an {@code index-verify} thread at minimum priority (it reads the whole index), which
     * {@link #verifier} returns for joining.
     */
    void verifyInBackground(KeywordIndex index) {
        verifier = background(() -> verify(index), "index-verify");
        verifier.start();
    }

    /** An unstarted daemon thread at minimum priority (nice 19 under bin/engram): repair work is derived work. */
    private static Thread background(Runnable work, String name) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    }

    /** The thread of {@link #verifyInBackground}, null before it started. */
    Thread verifier() {
        return verifier;
    }

    /** Verifies every file of {@code index}'s latest commit on the caller's thread; rebuilds it when one is damaged. */
    void verify(KeywordIndex index) {
        long t0 = System.nanoTime();
        Optional<String> found = CorruptionCheck.damage(index.folder());
        LOG.info("search index verified against its checksums in {} ms: {}", (System.nanoTime() - t0) / 1_000_000,
                found.orElse("intact"));
        found.ifPresent(d -> rebuild(index, d));
        verified = true;
    }

    /** Whether {@link #verify} has run since the service started. */
    boolean verified() {
        return verified;
    }

    /** Fails when a rebuild is running (or failed): searches must not read a half-rebuilt index as if complete. */
    void refuseWhileRebuilding() {
        if (rebuilding) {
            throw new IndexException("the search index was found damaged (" + damage + ") and is being rebuilt from"
                    + " the journal; search works again when it is done");
        }
        if (failure != null) {
            throw new IndexException("the damaged search index could not be rebuilt (" + failure + "): stop Engram,"
                    + " run 'engram index --rebuild', and start it again");
        }
    }

    /** A search failed on damage: starts the rebuild (once) and says so. */
    IndexException failed(KeywordIndex index, CorruptionCheck.Damaged e) {
        rebuild(index, e.damage());
        return new IndexException("the search index was found damaged (" + e.damage() + ") and is being rebuilt"
                + " from the journal; search works again when it is done", e);
    }

    /**
     * Another reader (the embedding backlog) met damage: starts the rebuild (once).
     *
     * @return the rebuild's thread, to wait for (finished already when an earlier damage was rebuilt)
     */
    Thread rebuildFor(KeywordIndex index, CorruptionCheck.Damaged e) {
        rebuild(index, e.damage());
        return thread;
    }

    private synchronized void rebuild(KeywordIndex index, String found) {
        if (damage != null) {
            return; // one warning and one rebuild per damage found
        }
        damage = found;
        rebuilding = true;
        warnings.accept("rebuilding the search index at " + index.folder() + ": it is damaged (" + found + ")");
        Thread t = background(() -> {
            try {
                index.clear(); // the damaged segments leave with every document
                index.catchUp(Optional.empty(), true, stopping);
            } catch (RuntimeException e) {
                failure = e.getMessage();
                LOG.warn("the damaged search index could not be rebuilt: {}", e.getMessage());
            } finally {
                rebuilding = false;
            }
        }, "index-rebuild");
        thread = t;
        t.start();
    }

    boolean rebuilding() {
        return rebuilding;
    }

    /** The damage found (why the index was rebuilt while running), empty when none was. */
    Optional<String> damage() {
        return Optional.ofNullable(damage);
    }

    /** The rebuild's thread, null when none ran (joined on stop). */
    Thread thread() {
        return thread;
    }
}
