package dev.engram.index;

import java.io.IOException;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.MergePolicy;

/**
 * Lucene's concurrent merge scheduler with its merge threads at minimum priority (nice 19 under {@code bin/engram}).
 * A merge thread otherwise takes the priority of whichever thread triggered the merge: the normal-priority
 * {@code index-follow} thread, a commit, or a benchmark's load, so merging competed at nice 0 with searches on a
 * 2-core machine. Merges are derived work like the bulk indexing that causes them; when the cores are busy they
 * lag, and Lucene's own stall (an indexing thread waits when more merges are pending than the scheduler allows)
 * bounds how far.
 */
final class BackgroundMerges extends ConcurrentMergeScheduler {
    @Override
    protected synchronized MergeThread getMergeThread(MergeSource mergeSource, MergePolicy.OneMerge merge)
            throws IOException {
        MergeThread t = super.getMergeThread(mergeSource, merge);
        t.setPriority(Thread.MIN_PRIORITY); // before start: the JVM sets the OS priority when the thread starts
        return t;
    }
}
