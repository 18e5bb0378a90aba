package dev.engram.index;

import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Extra;
import dev.engram.journal.Journal;
import dev.engram.journal.Day;
import dev.engram.journal.SegmentKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The index's benchmarks, run by {@code engram bench index} and {@code engram bench search} on a journal (made by
 * {@code engram demo}): full keyword index, size, catch-up with nothing changed, incremental updates through the real
 * change feed, embedding speed and RSS (query latency: {@link SearchBench}), and new segments announced on the bus by
 * another writer to a running Engram ({@link #busPath}). Writes only the journal's own index
 * folder. Prints as it goes.
 */
public final class IndexBench {
    private IndexBench() {
    }

    /**
     * Each phase the way the product runs it, in child JVMs started through {@code launcher} ({@code bin/engram}):
     * see {@link ProductBench}; {@code idleSeconds}: how long the start configuration idles before its last RSS.
     */
    public static void product(Journal journal, Path launcher, int embedSample, int incremental, int idleSeconds,
                               PrintWriter out) {
        new ProductBench(journal, launcher, out).run(embedSample, incremental, idleSeconds);
    }

    /** {@code bin/engram} beside the running jar; fails with a one-line message naming the fix when there is none. */
    public static Path launcher() {
        return ProductBench.launcherBesideJar();
    }

    /**
     * The single-JVM method (before round 7): full rebuild, size, no-change catch-up, incremental, embeddings of
     * {@code embedSample} chunks, all in this JVM with its flags (bin/engram gives {@code bench} tiered compilation).
     */
    public static void index(Journal journal, int embedSample, int incremental, PrintWriter out) {
        KeywordIndex.Options options = new KeywordIndex.Options(new Embeddings(), Clock.systemDefaultZone(), false);
        out.printf(Locale.ROOT, "method: in-process (every phase in this one JVM, with this JVM's flags)%n");
        long journalBytes = bytes(journal.root(), true);
        out.printf(Locale.ROOT, "journal %s: %.1f MB (without indexes/)%n", journal.root(), journalBytes / 1e6);
        IndexReport full;
        double fullCpu;
        try (KeywordIndex index = KeywordIndex.open(journal, w -> { }, options)) {
            index.clear();
            index.commit();
            double cpu0 = cpuSeconds();
            full = index.catchUp(Optional.empty(), true);
            fullCpu = cpuSeconds() - cpu0;
            out.printf(Locale.ROOT, "full keyword index: %d files, %d chunks in %.2f s wall, %.2f s CPU (%.0f chunks/s"
                            + " wall, %.0f files per CPU-second; %s); RSS %s; load average %s%n", full.indexed(),
                    full.chunks(), full.millis() / 1e3, fullCpu, full.chunks() * 1e3 / Math.max(1, full.millis()),
                    full.indexed() / fullCpu, jitAndGc(), rss(), load());
            out.flush();
        }
        long indexBytes = bytes(new IndexFolder(journal.root()).dir(), false); // closed: merges done
        out.printf(Locale.ROOT, "index %.1f MB = %.1f%% of the journal%n", indexBytes / 1e6,
                100.0 * indexBytes / journalBytes);
        long t0 = System.nanoTime();
        double cpu0 = cpuSeconds();
        try (KeywordIndex index = KeywordIndex.open(journal, w -> { }, options)) {
            long opened = System.nanoTime();
            IndexReport r = index.catchUp(Optional.empty(), false);
            out.printf(Locale.ROOT, "catch-up with nothing changed: %d unchanged, %d indexed in %d ms (+ %d ms to"
                    + " open the index; %.2f s CPU for both); load average %s%n", r.unchanged(), r.indexed(),
                    r.millis(), (opened - t0) / 1_000_000, cpuSeconds() - cpu0, load());
            out.flush();
        }
        incremental(journal, options, incremental, out);
        if (embedSample > 0) {
            embedSample(journal, options, embedSample, out);
        }
        try (KeywordIndex index = KeywordIndex.open(journal, w -> { }, options)) {
            System.gc();
            out.printf(Locale.ROOT, "idle, index open, model released: RSS %s (heap used %d MB of %d MB committed)%n",
                    rss(), heapUsedMb(), Runtime.getRuntime().totalMemory() / 1_000_000);
        }
    }

    /** Embeds {@code embedSample} chunks as the background backlog does, then releases the model as the service does. */
    static void embedSample(Journal journal, KeywordIndex.Options options, int embedSample, PrintWriter out) {
        try (KeywordIndex index = KeywordIndex.open(journal, w -> { }, options)) {
            EmbeddingBacklog b = new EmbeddingBacklog(index);
            long start = System.nanoTime();
            double cpuStart = cpuSeconds();
            while (b.embedded() < embedSample && b.step() > 0) {
                // one batch after another, as the background backlog does
            }
            index.commit();
            double secs = (System.nanoTime() - start) / 1e9;
            double cpu = cpuSeconds() - cpuStart;
            out.printf(Locale.ROOT, "embeddings: %d chunks in %.1f s wall = %.0f chunks/s wall, %.1f s CPU = %.0f"
                            + " chunks per CPU-second; RSS %s; load average %s%n", b.embedded(), secs,
                    b.embedded() / secs, cpu, b.embedded() / cpu, rss(), load());
            System.gc();
            out.printf(Locale.ROOT, "idle, index open, model loaded: RSS %s%n", rss());
            index.embeddings().releaseIfIdle(0); // what the service does once the backlog is empty
        }
    }

    /** New segments written through the journal while the index service follows the change feed. */
    static void incremental(Journal journal, KeywordIndex.Options options, int n, PrintWriter out) {
        Indexer indexer = new Indexer(journal, w -> { }, options);
        indexer.start();
        try {
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (!indexer.caughtUp() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Day day = Day.of(2099, 1, 1);
            long[] micros = new long[n];
            for (int i = 0; i < n; i++) {
                String word = "benchword" + Long.toString(System.nanoTime(), 36);
                SegmentKey key = SegmentKey.of(LocalTime.of(i / 60 % 24, i % 60), 60);
                var files = journal.days().files(journal.days().createSegment(day, key));
                long t0 = System.nanoTime();
                files.writeAudio(new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, Extra.empty(),
                        List.of(AudioTranscript.Utterance.of("00:00:01", "Said " + word + " once.", "Bench"))));
                SearchQuery q = SearchQuery.of(word).withMode(SearchMode.KEYWORD);
                while (indexer.search(q).total() == 0) {
                    if (System.nanoTime() - t0 > 10_000_000_000L) {
                        throw new IllegalStateException("a new segment was not searchable within 10 s");
                    }
                    // polls every ms, not spinning: a spinning search loop took a core from the indexing it waits for
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
                micros[i] = (System.nanoTime() - t0) / 1000;
            }
            Arrays.sort(micros);
            out.printf(Locale.ROOT, "incremental: %d new segments, each searchable after p50 %.1f ms, max %.1f ms"
                    + " (write through the journal -> change feed -> index -> search)%n", n, micros[n / 2] / 1e3,
                    micros[n - 1] / 1e3);
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            indexer.stop();
            removeTree(journal.root().resolve("20990101"));
            try (KeywordIndex index = KeywordIndex.open(journal, w -> { }, options)) {
                index.catchUp(Optional.of(Day.of(2099, 1, 1)), false); // the bench's segments leave the index
            }
        }
    }

    /**
     * The bus phase: new segments written by another writer ({@code writer}, a second journal instance whose change
     * feed reaches no one) and announced with {@code observe.observed} on the bus at {@code socket}, timed from the
     * publish until {@code searcher} (a running Engram's) finds them: {@code n} one at a time {@code gapMillis} apart,
     * then {@code burst} back to back, after a control ({@code controlMillis}) that an unannounced segment stays unsearchable (see {@link BusPathBench}). The caller
     * removes the segments afterwards with {@link #forgetBusSegments}.
     */
    public static void busPath(dev.engram.index.api.Searcher searcher, Journal writer, Path socket, int n, int burst,
                               long gapMillis, long controlMillis, PrintWriter out) {
        new BusPathBench(searcher, writer, gapMillis, controlMillis, out).run(socket, n, burst);
    }

    /**
     * The bus phase the way the product runs it: a child {@code bin/engram bench index --phase bus} (started through
     * {@code launcher}, so with {@code start}'s JVM flags) that starts Engram and runs {@link #busPath} in it.
     */
    public static void productBus(Journal journal, Path launcher, int n, int burst, long gapMillis,
                                  long controlMillis, PrintWriter out) {
        ProductBench.Run bus = new ProductBench(journal, launcher, out).child("bench", "index", "--journal",
                journal.root().toString(), "--phase", "bus", "--segments", String.valueOf(n), "--burst",
                String.valueOf(burst), "--bus-gap-ms", String.valueOf(gapMillis), "--bus-control-ms",
                String.valueOf(controlMillis));
        bus.stdout().lines().forEach(l -> out.println("  " + l));
        out.printf(Locale.ROOT, "(the bus-phase child: %.1f s wall, %.2f s CPU in all, peak RSS %d MB)%n", bus.wall(),
                bus.cpu(), bus.peakMb());
        out.flush();
    }

    /** Removes the bus phase's segments from the journal and the index (run with the index closed). */
    public static void forgetBusSegments(Journal journal) {
        removeTree(journal.root().resolve(BusPathBench.DAY.key()));
        KeywordIndex.Options options = new KeywordIndex.Options(new Embeddings(), Clock.systemDefaultZone(), false);
        try (KeywordIndex index = KeywordIndex.open(journal, w -> { }, options)) {
            index.catchUp(Optional.of(BusPathBench.DAY), false);
        }
    }

    /** CPU seconds this process has used so far (all threads): comparable across runs on a loaded machine. */
    static double cpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : -1;
    }

    /** The JIT's compile time and the collectors' time so far (both wall-clock, of their own threads). */
    static String jitAndGc() {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long gc = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
        return String.format(Locale.ROOT, "since start: JIT compiling %.1f s, GC %.1f s",
                jit == null ? -1 : jit.getTotalCompilationTime() / 1e3, gc / 1e3);
    }

    /** The heap in use and committed, in MB. */
    static String heap() {
        Runtime r = Runtime.getRuntime();
        return String.format(Locale.ROOT, "heap used %d MB of %d MB committed", heapUsedMb(),
                r.totalMemory() / 1_000_000);
    }

    /** The peak resident set (VmHWM) of a process in KiB, 0 when it is gone or unreadable. */
    static long peakKb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    private static long heapUsedMb() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / 1_000_000;
    }

    /** The machine's 1-minute load average (the benchmarks share 2 cores with other work). */
    static String load() {
        return String.format(Locale.ROOT, "%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }

    /** VmRSS (the peak VmHWM, and its anonymous and file-backed parts) of this process, from /proc. */
    static String rss() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            String now = lines.stream().filter(l -> l.startsWith("VmRSS:")).findFirst().orElse("?");
            String peak = lines.stream().filter(l -> l.startsWith("VmHWM:")).findFirst().orElse("?");
            String anon = lines.stream().filter(l -> l.startsWith("RssAnon:")).findFirst().orElse("?");
            String file = lines.stream().filter(l -> l.startsWith("RssFile:")).findFirst().orElse("?");
            // anonymous = heap, native and JIT memory; file = mapped jars, CDS archive and index files (shared, the
            // kernel drops them under pressure)
            return mb(now) + " MB (peak " + mb(peak) + " MB; anon " + mb(anon) + " MB, file " + mb(file) + " MB)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String mb(String line) {
        String[] p = line.trim().split("\\s+");
        return p.length >= 2 ? String.valueOf(Long.parseLong(p[1]) / 1024) : "?";
    }

    static long bytes(Path dir, boolean skipIndexes) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !(skipIndexes && dir.relativize(p).startsWith("indexes")))
                    .filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void removeTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
