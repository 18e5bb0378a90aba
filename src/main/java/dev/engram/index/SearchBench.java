package dev.engram.index;

import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.journal.Journal;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * {@code engram bench search}: sequential latency of a fixed mixed query set ({@link BenchQueries}) on a journal's
 * index, keyword then hybrid, idle then while files are re-indexed. Each run is warmed up with another query set of
 * the same shape (another seed), and the query vectors' cache is emptied before each timed run, so a hybrid query's
 * time includes embedding it. Prints wall-clock p50/p99/max and the search thread's CPU time per query (what the load
 * of a shared machine changes little), the process's CPU per query, and the slowest queries.
 */
public final class SearchBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * What to run: the query set's size and seed, real vectors to embed first, stand-ins for the rest, and the warm-up
     * passes before each timed run (0: until the JIT settles, see {@link #warmUp}).
     */
    public record Plan(int queries, long seed, int embedUpTo, boolean standIns, int warmupPasses) {
        public Plan(int queries, long seed, int embedUpTo, boolean standIns) {
            this(queries, seed, embedUpTo, standIns, 0);
        }
    }

    /** Warm-up passes when the JIT does not settle sooner. */
    private static final int MAX_WARMUP_PASSES = 8;

    private SearchBench() {
    }

    public static void run(Journal journal, Plan plan, PrintWriter out) {
        KeywordIndex.Options options = new KeywordIndex.Options(new Embeddings(), Clock.systemDefaultZone(), false);
        try (KeywordIndex index = KeywordIndex.open(journal, w -> { }, options)) {
            if (index.files() == 0) {
                out.println("the index is empty: building it first");
                index.catchUp(Optional.empty(), false);
            }
            Vectors.Progress p = index.vectorProgress();
            if (p.embedded() < plan.embedUpTo()) {
                long t0 = System.nanoTime();
                double cpu0 = IndexBench.cpuSeconds();
                EmbeddingBacklog b = new EmbeddingBacklog(index);
                while (p.embedded() + b.embedded() < plan.embedUpTo() && b.step() > 0) {
                    // fill real vectors up to the asked number
                }
                index.commit();
                p = index.vectorProgress();
                out.printf(Locale.ROOT, "embedded %d chunks with the model in %.1f s wall, %.1f s CPU%n", b.embedded(),
                        (System.nanoTime() - t0) / 1e9, IndexBench.cpuSeconds() - cpu0);
            }
            if (plan.standIns() && p.backlog() > 0) {
                long t0 = System.nanoTime();
                double cpu0 = IndexBench.cpuSeconds();
                long n = StandInVectors.fill(index, done -> { });
                p = index.vectorProgress();
                out.printf(Locale.ROOT, "stand-in vectors for %d chunks (a real vector of the %s, moved a little) in"
                        + " %.1f s wall, %.1f s CPU%n", n, "sample", (System.nanoTime() - t0) / 1e9,
                        IndexBench.cpuSeconds() - cpu0);
            }
            List<SearchQuery> set = BenchQueries.make(index, plan.queries(), plan.seed());
            List<SearchQuery> warm = BenchQueries.make(index, plan.queries(), plan.seed() + 1);
            out.printf(Locale.ROOT, "%d queries (seed %d, warm-up seed %d) on %d chunks, %d with vectors; RSS %s;"
                    + " load average %s%n", set.size(), plan.seed(), plan.seed() + 1, p.chunks(), p.embedded(),
                    IndexBench.rss(), IndexBench.load());
            boolean hybrid = p.embedded() > 0;
            int passes = plan.warmupPasses();
            run(index, warm, set, SearchMode.KEYWORD, "keyword", passes, out);
            if (hybrid) {
                run(index, warm, set, SearchMode.HYBRID, "hybrid", passes, out);
            }
            underLoad(index, warm, set, Thread.MIN_PRIORITY, hybrid, passes, out);
            underLoad(index, warm, set, Thread.NORM_PRIORITY, false, passes, out);
            index.commit();
            out.printf(Locale.ROOT, "RSS after the runs: %s; load average %s%n", IndexBench.rss(), IndexBench.load());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the keyword (and hybrid) set while a {@code bench-index-load} thread of the given priority re-indexes file
     * after file, each searchable at once (a refresh per file), committing every 50. Minimum priority is how Engram
     * runs sustained indexing (the catch-up, the bulk follower, Lucene's merges: {@link BackgroundMerges}); normal
     * priority is how this bench made the load before 2026-11-30 20:00 UTC (the quick follower's priority, which
     * only ever takes {@link ChangeFollower#QUICK_MAX} paths at once), kept for comparison.
     */
    private static void underLoad(KeywordIndex index, List<SearchQuery> warm, List<SearchQuery> set, int priority,
                                  boolean hybrid, int passes, PrintWriter out) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reindexed = new AtomicLong();
        AtomicLong loadCpu = new AtomicLong();
        Thread load = new Thread(() -> {
            List<String> paths = new ArrayList<>(index.manifestPaths());
            for (int i = 0; !stop.get(); i = (i + 1) % paths.size()) { // rewrites file after file
                index.reindex(paths.get(i));
                reindexed.incrementAndGet();
                if (i % 50 == 0) {
                    index.commit();
                }
            }
            loadCpu.set(THREADS.getCurrentThreadCpuTime());
        }, "bench-index-load");
        load.setPriority(priority);
        String how = priority == Thread.MIN_PRIORITY ? "indexing load" : "indexing load at normal priority (old)";
        load.start();
        long t0 = System.nanoTime();
        run(index, warm, set, SearchMode.KEYWORD, "keyword under " + how, passes, out);
        if (hybrid) {
            run(index, warm, set, SearchMode.HYBRID, "hybrid under " + how, passes, out);
        }
        stop.set(true);
        load.join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "  (the load, priority %d, re-indexed %.0f files/s meanwhile, each searchable at once;"
                + " its thread used %.0f %% of a core)%n", priority, reindexed.get() / seconds,
                loadCpu.get() / 1e9 / seconds * 100);
    }

    private static void run(KeywordIndex index, List<SearchQuery> warm, List<SearchQuery> set, SearchMode mode,
                            String label, int passes, PrintWriter out) {
        out.printf(Locale.ROOT, "  warm-up (%s): %s%n", label, warmUp(index, warm, mode, passes));
        index.embeddings().forgetQueries(); // the timed queries are embedded inside the timing
        int n = set.size();
        long[] wall = new long[n];
        long[] cpu = new long[n];
        QueryCosts.Sample[] costs = new QueryCosts.Sample[n];
        long hits = 0;
        String self = QueryCosts.selfName();
        java.util.Map<String, Long> threads0 = QueryCosts.threadCpu();
        double process0 = IndexBench.cpuSeconds();
        for (int i = 0; i < n; i++) {
            QueryCosts.Sample s0 = QueryCosts.now();
            long q0 = QueryCosts.runQueueNanos(); // read right beside the wall clock: a wait outside it is not counted
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            hits += index.search(set.get(i).withMode(mode)).total();
            wall[i] = System.nanoTime() - t0;
            cpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
            long waited = QueryCosts.runQueueNanos() - q0;
            costs[i] = QueryCosts.now().minus(s0).withWaited(waited);
        }
        double processPerQuery = (IndexBench.cpuSeconds() - process0) / n * 1e3;
        String others = QueryCosts.otherThreads(threads0, QueryCosts.threadCpu(), self, n);
        Integer[] slowest = IntStream.range(0, n).boxed().sorted(Comparator.comparingLong(i -> -wall[i]))
                .limit(3).toArray(Integer[]::new);
        long[] w = wall.clone();
        long[] c = cpu.clone();
        Arrays.sort(w);
        Arrays.sort(c);
        out.printf(Locale.ROOT, "%-28s wall p50 %6.2f p99 %7.2f max %7.2f ms | search thread CPU p50 %6.2f p99 %7.2f"
                        + " max %7.2f ms | process CPU %6.2f ms/query | %d matches; load %s%n", label, ms(w[n / 2]),
                ms(w[p99(n)]), ms(w[n - 1]), ms(c[n / 2]), ms(c[p99(n)]), ms(c[n - 1]), processPerQuery, hits,
                IndexBench.load());
        long[] waited = Arrays.stream(costs).mapToLong(QueryCosts.Sample::waitedNanos).sorted().toArray();
        long[] stopped = IntStream.range(0, n).mapToLong(i -> Math.max(0, wall[i] - cpu[i] - costs[i].waitedNanos()))
                .sorted().toArray();
        out.printf(Locale.ROOT, "    search thread waiting for a core p50 %.2f p99 %.2f max %.2f ms; neither running nor"
                        + " waiting (GC pauses, safepoints, locks) p50 %.2f p99 %.2f max %.2f ms%n", ms(waited[n / 2]),
                ms(waited[p99(n)]), ms(waited[n - 1]), ms(stopped[n / 2]), ms(stopped[p99(n)]), ms(stopped[n - 1]));
        long[] alloc = Arrays.stream(costs).mapToLong(QueryCosts.Sample::allocated).sorted().toArray();
        long gcQueries = Arrays.stream(costs).filter(x -> x.gcMillis() > 0).count();
        out.printf(Locale.ROOT, "    allocated per query p50 %.2f p99 %.2f MB; GC ran during %d queries (%d ms);"
                        + " JIT %d ms; faults %d minor / %d major%n", alloc[n / 2] / 1e6, alloc[p99(n)] / 1e6,
                gcQueries, Arrays.stream(costs).mapToLong(QueryCosts.Sample::gcMillis).sum(),
                Arrays.stream(costs).mapToLong(QueryCosts.Sample::jitMillis).sum(),
                Arrays.stream(costs).mapToLong(QueryCosts.Sample::minorFaults).sum(),
                Arrays.stream(costs).mapToLong(QueryCosts.Sample::majorFaults).sum());
        out.printf(Locale.ROOT, "    other threads' CPU meanwhile, ms per query: %s%n", others.isEmpty() ? "none" : others);
        for (int i : slowest) {
            out.printf(Locale.ROOT, "    slowest: %7.2f ms wall, %7.2f ms CPU, %s  %s%n", ms(wall[i]), ms(cpu[i]),
                    costs[i].describe(), describe(set.get(i)));
        }
        out.flush();
    }

    /**
     * Runs the warm-up set {@code passes} times, or with 0 until the JIT compiler threads used under 5% of the CPU the
     * search thread used in a pass (at most {@link #MAX_WARMUP_PASSES}): timed queries running beside the C2 compiler
     * measured the JIT, not the search (the compiler threads used 5-10 ms of CPU per timed query after one pass,
     * 2026-11-30). CPU, not the JIT's own compile times, since those count waiting for a core on a loaded machine.
     *
     * @return what each pass took: wall, the search thread's CPU and the compiler threads' CPU
     */
    private static String warmUp(KeywordIndex index, List<SearchQuery> warm, SearchMode mode, int passes) {
        List<String> seen = new ArrayList<>();
        for (int pass = 1; pass <= (passes == 0 ? MAX_WARMUP_PASSES : passes); pass++) {
            long jit0 = compilerCpu();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (SearchQuery q : warm) {
                index.search(q.withMode(mode));
            }
            long wall = System.nanoTime() - t0;
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            long jit = compilerCpu() - jit0;
            seen.add(String.format(Locale.ROOT, "%.1f s (CPU %.1f s, compiler %.1f s)", wall / 1e9, cpu / 1e9,
                    jit / 1e9));
            if (passes == 0 && jit * 20 < cpu) {
                break;
            }
        }
        return seen.size() + (seen.size() == 1 ? " pass " : " passes ") + String.join(", ", seen);
    }

    /** CPU nanoseconds of the JIT compiler threads so far. */
    private static long compilerCpu() {
        return QueryCosts.threadCpu().entrySet().stream().filter(e -> e.getKey().contains("Compiler"))
                .mapToLong(java.util.Map.Entry::getValue).sum();
    }

    private static int p99(int n) {
        return (int) Math.ceil(n * 0.99) - 1;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String describe(SearchQuery q) {
        StringBuilder b = new StringBuilder("'").append(q.text()).append("'");
        q.facet().ifPresent(f -> b.append(" facet=").append(f));
        q.topic().ifPresent(t -> b.append(" topic=").append(t));
        q.from().ifPresent(f -> b.append(" from=").append(f.key()));
        q.to().ifPresent(t -> b.append(" to=").append(t.key()));
        return b.toString();
    }
}
