package dev.engram.index;

import dev.engram.journal.Journal;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * The child side of {@code engram bench index}'s start configuration ({@code bin/engram bench index --phase start},
 * which the launcher runs with {@code start}'s JVM flags): the {@link Indexer} service as {@code engram start} runs
 * it (opening and catching up on its own thread, indexing changed files at minimum priority) with nothing changed,
 * new segments through the change feed, optionally an embedding sample, then the resident memory with the index
 * open right away and after an idle period in which the launcher's periodic GC and native-heap trim (one minute)
 * have had their chance. The embedding backlog is off (a keyword-indexed journal would otherwise embed for minutes in
 * the background).
 */
public final class StartPhase {
    private StartPhase() {
    }

    public static void run(Journal journal, int embedSample, int segments, int idleSeconds, PrintWriter out) {
        KeywordIndex.Options options = new KeywordIndex.Options(new Embeddings(), Clock.systemDefaultZone(), false);
        ThreadCpu.Split before = ThreadCpu.now();
        double cpu0 = IndexBench.cpuSeconds();
        long t0 = System.nanoTime();
        Indexer indexer = new Indexer(journal, w -> { }, options);
        indexer.start();
        try {
            awaitCatchUp(indexer);
            long total = (System.nanoTime() - t0) / 1_000_000;
            IndexReport r = indexer.lastCatchUp().orElseThrow();
            double cpu = IndexBench.cpuSeconds() - cpu0;
            ThreadCpu.Split after = ThreadCpu.now();
            out.printf(Locale.ROOT, "catch-up with nothing changed as `engram start` runs it (the index service's"
                            + " catch-up thread as Indexer runs it, cold tiered JIT): %d unchanged, %d indexed in %d ms"
                            + " + %d ms to open the index = %d ms; %.2f s CPU for both (JVM start excluded; of it JIT"
                            + " compiler threads %.2f s, GC threads %.2f s, the index's and other threads %.2f s);"
                            + " classes loaded %d; %s; load average %s%n",
                    r.unchanged(), r.indexed(), r.millis(), total - r.millis(), total, cpu,
                    after.jit() - before.jit(), after.gc() - before.gc(),
                    cpu - (after.jit() - before.jit()) - (after.gc() - before.gc()),
                    java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount(),
                    IndexBench.jitAndGc(), IndexBench.load());
            indexer.startCpu().ifPresent(c -> out.printf(Locale.ROOT, "  its CPU: opening %.2f s on the catch-up"
                    + " thread, then the catch-up %.2f s on that thread + %.2f s on the journal walk's threads = %.2f s"
                    + " of index work%n", c.opening(), c.catchUpThread(), c.walk(),
                    c.opening() + c.catchUpThread() + c.walk()));
            out.flush();
        } finally {
            indexer.stop();
        }
        IndexBench.incremental(journal, options, segments, out);
        if (embedSample > 0) {
            IndexBench.embedSample(journal, options, embedSample, out);
        }
        Indexer idle = new Indexer(journal, w -> { }, options);
        idle.start();
        try {
            awaitCatchUp(idle);
            out.printf(Locale.ROOT, "idle, index open (service running), right after: RSS %s; %s%n", IndexBench.rss(),
                    IndexBench.heap());
            out.flush();
            Thread.sleep(idleSeconds * 1000L);
            out.printf(Locale.ROOT, "idle, index open, after %d s idle (the launcher's periodic GC and native trim run"
                    + " after 60 s without a GC): RSS %s; %s%n", idleSeconds, IndexBench.rss(), IndexBench.heap());
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            idle.stop();
        }
    }

    private static void awaitCatchUp(Indexer indexer) {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (!indexer.caughtUp() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        if (!indexer.caughtUp()) {
            throw new IllegalStateException("the index service did not catch up within 10 minutes: "
                    + indexer.health().detail());
        }
    }
}
