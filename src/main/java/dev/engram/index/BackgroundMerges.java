package dev.engram.index;

import java.io.IOException;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lucene's concurrent merge scheduler with its merge threads at minimum priority (nice 19 under {@code bin/engram}).
 * A merge thread otherwise takes the priority of whichever thread triggered the merge: the normal-priority
 * {@code index-follow} thread, a commit, or a benchmark's load, so merging competed at nice 0 with searches on a
 * 2-core machine. Merges are derived work like the bulk indexing that causes them; when the cores are busy they
 * lag, and Lucene's own stall (an indexing thread waits when more merges are pending than the scheduler allows)
 * bounds how far.
 *
 * <p>A refresh does not wait for merges (IndexOpening), so after each merge the searchers are refreshed here: the
 * readers move onto the merged segment and let go of the merged-away files (their disk space and memory maps) at
 * once, not at the next change, which on an idle Engram may be hours away.
 */
final class BackgroundMerges extends ConcurrentMergeScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundMerges.class);
    private volatile Runnable afterEachMerge = () -> { };

    /** What runs on the merge thread after each merge (the index's searcher refresh), set once the index is open. */
    void afterEachMerge(Runnable r) {
        afterEachMerge = r;
    }

    @Override
    protected void doMerge(MergeSource mergeSource, MergePolicy.OneMerge merge) throws IOException {
        super.doMerge(mergeSource, merge);
        try {
            afterEachMerge.run();
        } catch (AlreadyClosedException e) {
            // the index is closing: nothing to refresh
        } catch (RuntimeException e) { // the merge itself succeeded; the next change refreshes anyway
            LOG.warn("index: refreshing the searchers after a merge failed ({}); the next change refreshes them", e.toString());
        }
    }

    /** Merges running now (a health fact: 0 when the index is quiet). */
    int running() {
        return mergeThreadCount();
    }
    @Override
    protected synchronized MergeThread getMergeThread(MergeSource mergeSource, MergePolicy.OneMerge merge)
            throws IOException {
        MergeThread t = super.getMergeThread(mergeSource, merge);
        t.setPriority(Thread.MIN_PRIORITY); // before start: the JVM sets the OS priority when the thread starts
        return t;
    }
}
