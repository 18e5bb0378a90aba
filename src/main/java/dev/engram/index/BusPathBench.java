package dev.engram.index;

import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.Message;
import dev.engram.index.api.SearchMode;
import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import dev.engram.journal.StagedSegment;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code engram bench index}'s bus phase: "one new segment searchable within 1 s of {@code observe.observed}" (issue
 * 10) the way an owner meets it. A running Engram (its real bus on a Unix socket, its index service and the index's
 * bus follower app) is searched through its {@link Searcher}; another writer ({@code writer}: a second
 * {@code Journal.open} of the same folder, whose change feed reaches no one, as in another process) stages a new
 * segment's {@code audio.jsonl} and {@code screen.jsonl}, each with a word of its own, and a bus client of its own (as
 * an observer's sense has) publishes {@code observe.observed} {day, segment, duration}. Timed: from the publish to the
 * first search that finds the word. The files are written and durable before the clock starts (the observer's part).
 * <ol>
 *   <li>control: one segment written and not announced must not be searchable after {@code controlMillis} (else the
 *       timing would not be the bus event's: the phase fails); then announced and timed like the others;
 *   <li>spaced: {@code n} segments, one at a time, {@code gapMillis} apart (by default 2 s: longer than the embedding
 *       backlog's step aside after a change, {@link BacklogEmbedder#QUIET_NANOS}, so each segment arrives while the
 *       backlog works, as between an owner's segments five minutes apart);
 *   <li>burst: {@code burst} segments written, then announced back to back, each timed from its own publish.
 * </ol>
 * The segments go to day {@link #DAY}; the caller removes them afterwards ({@link IndexBench#forget}).
 */
final class BusPathBench {
    /** The day the bench's segments are written to (far from any demo journal's days). */
    static final Day DAY = Day.of(2098, 1, 1);
    private static final long GIVE_UP_NANOS = 30_000_000_000L;
    private final Searcher searcher;
    private final Journal writer;
    private final PrintWriter out;
    private final long gapNanos;
    private final long controlNanos;
    private int next;
    /** CPU nanoseconds of the index's {@code index-follow} thread (which indexes a few noted segments) while timed. */
    private long pathCpu;
    private long[] pathThreads = new long[0];

    BusPathBench(Searcher searcher, Journal writer, long gapMillis, long controlMillis, PrintWriter out) {
        this.searcher = searcher;
        this.writer = writer;
        this.out = out;
        this.gapNanos = gapMillis * 1_000_000;
        this.controlNanos = controlMillis * 1_000_000;
    }

    void run(Path socket, int n, int burst) {
        try (CallosumClient bus = CallosumClient.start(socket)) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!bus.isConnected()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bench's bus client could not connect to " + socket);
                }
                LockSupport.parkNanos(5_000_000);
            }
            pathThreads = searcher instanceof Indexer i && i.quickFollower() != null
                    ? new long[] {i.quickFollower().threadId()} : new long[0];
            out.printf(Locale.ROOT, "bus path: a running Engram (bus %s, index service, its bus follower app); the"
                    + " writer a second journal instance whose change feed reaches no one, announcing through its"
                    + " own bus client; timed from the publish of observe.observed to the first Searcher hit (keyword"
                    + " search, polled every ms)%n", socket);
            Segment control = write();
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < controlNanos) {
                if (found(control.word)) {
                    throw new IllegalStateException("a segment that was never announced became searchable after "
                            + (System.nanoTime() - t0) / 1_000_000 + " ms: the timing would not be the bus path's");
                }
                LockSupport.parkNanos(10_000_000);
            }
            long controlMicros = time(bus, List.of(control))[0];
            out.printf(Locale.ROOT, "bus path control: a segment written but not announced was not searchable after"
                    + " %.1f s; announced, searchable after %.1f ms (not counted below)%n", controlNanos / 1e9,
                    controlMicros / 1e3);
            long[] spaced = new long[n];
            pathCpu = 0;
            for (int i = 0; i < n; i++) {
                LockSupport.parkNanos(gapNanos);
                spaced[i] = time(bus, List.of(write()))[0];
            }
            report("spaced (one at a time, " + gapNanos / 1_000_000 + " ms apart)", spaced);
            if (burst > 0) {
                LockSupport.parkNanos(gapNanos);
                pathCpu = 0;
                List<Segment> all = new ArrayList<>();
                for (int i = 0; i < burst; i++) {
                    all.add(write());
                }
                report("burst (" + burst + " written, then announced back to back)", time(bus, all));
            }
            out.flush();
        }
    }

    /** Publishes each segment's observe.observed, then searches until every word is found; micros from its publish. */
    private long[] time(CallosumClient bus, List<Segment> segments) {
        long cpu0 = cpu();
        long[] sent = new long[segments.size()];
        long[] micros = new long[segments.size()];
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            sent[i] = System.nanoTime();
            if (!bus.emit(Message.of("observe", "observed", Map.of("day", DAY.key(), "segment", s.key.key(),
                    "duration", s.key.lengthSeconds())))) {
                throw new IllegalStateException("the bench's bus client refused observe.observed");
            }
        }
        int left = segments.size();
        while (left > 0) {
            // one search for all words still missing per round (a burst's ten searches every ms took a core from the
            // indexing they wait for); each word is searched alone only when that search finds any
            StringBuilder any = new StringBuilder();
            for (int i = 0; i < segments.size(); i++) {
                if (micros[i] == 0) {
                    any.append(any.isEmpty() ? "" : " OR ").append(segments.get(i).word);
                }
            }
            boolean some = found(any.toString());
            int missing = left;
            for (int i = 0; i < segments.size(); i++) {
                if (micros[i] == 0 && some && (missing == 1 || found(segments.get(i).word))) {
                    micros[i] = Math.max(1, (System.nanoTime() - sent[i]) / 1000);
                    left--;
                } else if (micros[i] == 0 && System.nanoTime() - sent[i] > GIVE_UP_NANOS) {
                    throw new IllegalStateException("segment " + segments.get(i).key.key() + " was not searchable "
                            + GIVE_UP_NANOS / 1_000_000_000 + " s after its observe.observed");
                }
            }
            if (left > 0) {
                // polls every ms, not spinning: a spinning search loop took a core from the indexing it waits for
                LockSupport.parkNanos(1_000_000);
            }
        }
        pathCpu += cpu() - cpu0;
        return micros;
    }

    /** CPU nanoseconds used so far by the index's {@code index-follow} thread (0 for another Searcher). */
    private long cpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : pathThreads) {
            sum += Math.max(0, mx.getThreadCpuTime(id));
        }
        return sum;
    }

    private boolean found(String word) {
        return searcher.search(SearchQuery.of(word).withMode(SearchMode.KEYWORD)).total() > 0;
    }

    private void report(String what, long[] micros) {
        long[] m = micros.clone();
        Arrays.sort(m);
        long over = Arrays.stream(m).filter(x -> x > 1_000_000).count();
        out.printf(Locale.ROOT, "bus path, %s, each in ms in order: %s%n", what, Arrays.stream(micros)
                .mapToObj(x -> String.valueOf(Math.round(x / 1e3))).collect(java.util.stream.Collectors.joining(" ")));
        out.printf(Locale.ROOT, "bus path, %s: %d new segments searchable after observe.observed p50 %.1f ms, p90 %.1f"
                        + " ms, max %.1f ms; %d over 1 s; CPU of the index-follow thread %.1f ms per segment"
                        + "%s; load average %s%n", what, m.length, m[m.length / 2] / 1e3,
                m[(int) Math.min(m.length - 1, Math.ceil(m.length * 0.9) - 1)] / 1e3, m[m.length - 1] / 1e3, over,
                pathCpu / 1e6 / m.length, pathThreads.length == 0 ? " (not found: 0)" : "", IndexBench.load());
        out.flush();
    }

    /** A new segment in {@link #DAY}, durable in the journal, not announced. */
    private Segment write() {
        int i = next++;
        String word = "buspath" + Long.toString(System.nanoTime(), 36) + i;
        SegmentKey key = SegmentKey.of(LocalTime.of(i / 60 % 24, i % 60), 60);
        String audio = "{\"raw\":\"audio.flac\",\"setting\":\"personal\"}\n"
                + "{\"start\":\"00:00:02\",\"source\":\"mic\",\"speaker\":1,\"text\":\"Said " + word + " once.\"}\n";
        String screen = "{\"raw\":\"screen.webm\"}\n{\"frame_id\":1,\"timestamp\":2.0,\"analysis\":{"
                + "\"visual_description\":\"A terminal showing the bus bench.\",\"primary\":\"code\"}}\n";
        try (StagedSegment staged = writer.stageSegment()) {
            add(staged, "audio.jsonl", audio);
            add(staged, "screen.jsonl", screen);
            staged.commit(DAY, key);
        }
        return new Segment(key, word);
    }

    private static void add(StagedSegment staged, String name, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        staged.add(name, new ByteArrayInputStream(b), b.length);
    }

    private record Segment(SegmentKey key, String word) {
    }
}
