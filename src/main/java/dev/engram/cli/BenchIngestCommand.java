package dev.engram.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "ingest", description = "Load-test remote ingest: a whole Engram on a temporary journal (every file"
        + " fsynced) and concurrent observers uploading over real HTTP (later protocol); prints uploads/s, latency"
        + " percentiles, errors, CPU ms per upload (by thread group), peak RSS, load average, and how long the"
        + " derived work (sense, index, embeddings) took to catch up after the burst. --big: concurrent large uploads"
        + " and the process's peak RSS.")
final class BenchIngestCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--clients", defaultValue = "4", description = "Concurrent clients (default: 4).")
    int clients;

    @CommandLine.Option(names = "--uploads", defaultValue = "2000", description = "Timed uploads per client"
            + " (default: 2000).")
    int uploads;

    @CommandLine.Option(names = "--audio-kib", defaultValue = "200", description = "Audio file KiB (default: 200).")
    int audioKib;

    @CommandLine.Option(names = "--screen-kib", defaultValue = "24", description = "Screen JSONL KiB (default: 24).")
    int screenKib;

    @CommandLine.Option(names = "--warmup-ms", defaultValue = "5000", description = "Untimed uploads for this long"
            + " first (default: 5000).")
    long warmupMs;

    @CommandLine.Option(names = "--warmup-uploads", defaultValue = "2000", description = "And at least this many"
            + " untimed uploads (default: 2000): the JIT compilers work through the first thousands.")
    int warmupUploads;

    @CommandLine.Option(names = "--warmup-rounds", defaultValue = "2", description = "The warm-up in this many"
            + " rounds, each on fresh connections (default: 2; 1 is the method before round 9, where the warm-up's"
            + " connections closing and the timed phase's opening deoptimized the request path inside the timing).")
    int warmupRounds;

    @CommandLine.Option(names = "--settle-rounds", defaultValue = "0", description = "After the warm-up, up to this"
            + " many more bursts of the timed phase's size, each drained, until the JIT's C2 is quiet (under 0.05 ms"
            + " per upload); each is printed (default: 0, the method of rounds 9 and 10).")
    int settleRounds;

    @CommandLine.Option(names = "--jit-events", description = "Record the timed phase's JIT compilations and"
            + " deoptimizations with JFR in the bench's process and print them (costs the timed phase CPU: off by"
            + " default).")
    boolean jitEvents;

    @CommandLine.Option(names = "--drain-timeout-s", defaultValue = "180", description = "After the timed uploads,"
            + " wait at most this long for sense, the keyword index and the embeddings to catch up (default: 180).")
    long drainTimeoutSeconds;

    @CommandLine.Option(names = "--big", description = "Instead: one upload of --big-mb MB per client, all at once;"
            + " reports peak RSS.")
    boolean big;

    @CommandLine.Option(names = "--big-mb", defaultValue = "500", description = "MB per big upload (default: 500).")
    int bigMb;

    @CommandLine.Option(names = "--floor", description = "Also measure the floors on the same disk, clients and files:"
            + " (a) raw fsynced writes from --clients threads without HTTP, (b) the same clients against a bare"
            + " Javalin handler that only streams, hashes, fsyncs and renames the files, (c) the same handler as a Jetty"
            + " core handler without Javalin or servlets; printed beside Engram's.")
    boolean floor;

    @CommandLine.Option(names = "--floor-virtual-threads", description = "Floor (b) on Javalin's virtual threads.")
    boolean floorVirtual;

    @CommandLine.Option(names = "--floor-input-kib", defaultValue = "0", description = "Floor (b) with this Jetty"
            + " input buffer size in KiB (default: Jetty's own).")
    int floorInputKib;

    @CommandLine.Option(names = "--floor-only", description = "Only the floors of --floor, without Engram.")
    boolean floorOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || uploads < 1 || audioKib < 1 || screenKib < 1 || bigMb < 1 || warmupUploads < 0
                || warmupRounds < 1 || settleRounds < 0) {
            throw new UsageException("--clients, --uploads, --audio-kib, --screen-kib, --big-mb and --warmup-rounds"
                    + " must be positive, --settle-rounds 0 or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        IngestBench bench = new IngestBench(out);
        if (big) {
            return bench.big(clients, bigMb)[0] == 0 ? 0 : 1;
        }
        if (floorOnly) {
            out.printf("engram bench ingest --floor-only: %d clients x %d uploads (%d KiB audio + %d KiB screen JSONL)%n",
                    clients, uploads, audioKib, screenKib);
            return printFloors(out) == 0 ? 0 : 1;
        }
        IngestBench.Result r = bench.small(clients, uploads, audioKib, screenKib, warmupMs, warmupUploads,
                warmupRounds, settleRounds, drainTimeoutSeconds, jitEvents);
        long[] l = r.latenciesMicros();
        out.printf("  %d uploads in %.2f s: %.0f uploads/s; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f"
                        + " ms; %d errors%n", r.uploads(), r.seconds(), r.uploads() / r.seconds(), pct(l, 50) / 1000.0,
                pct(l, 90) / 1000.0, pct(l, 99) / 1000.0, l[l.length - 1] / 1000.0, r.errors());
        out.printf("  load average (1 min) %.2f at start, %.2f at end (2 cores, shared machine)%n", r.load()[0],
                r.load()[1]);
        double jit = r.cpuByGroup().entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(Map.Entry::getValue).sum();
        out.printf("  CPU %.2f ms per upload (whole process, timed phase: server and the in-process clients), %.2f ms"
                + " without the JIT compilers%n", r.cpuMillis() / r.uploads(), (r.cpuMillis() - jit) / r.uploads());
        out.printf("  server alone (without the bench clients' own %.2f ms): %.2f ms per upload, %.2f without the JIT;"
                + " by thread group, ms per upload:%n   ", r.clientCpuMillis() / r.uploads(),
                (r.cpuMillis() - r.clientCpuMillis()) / r.uploads(),
                (r.cpuMillis() - r.clientCpuMillis() - jit) / r.uploads());
        r.cpuByGroup().entrySet().stream().filter(e -> e.getValue() / r.uploads() >= 0.01).forEach(e ->
                out.printf(" %s %.2f;", e.getKey(), e.getValue() / r.uploads()));
        out.println();
        out.printf("  of which in the kernel (writes, fsyncs, renames, sockets), ms per upload:%n   ");
        r.kernelByGroup().entrySet().stream().filter(e -> e.getValue() / r.uploads() >= 0.01)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.printf(" %s %.2f;", e.getKey(), e.getValue() / r.uploads()));
        out.println();
        out.printf("  allocated %.0f KB per upload (whole process, timed phase; clients included); live threads by group,"
                + " KB per upload:%n   ", r.allocatedBytes() / 1e3 / r.uploads());
        r.allocatedByGroup().entrySet().stream().filter(e -> e.getValue() / 1e3 / r.uploads() >= 0.5)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.printf(" %s %.0f;", e.getKey(), e.getValue() / 1e3 / r.uploads()));
        out.println();
        IngestBenchJvm.Pauses p = r.pauses();
        out.printf("  GC pauses in the timed phase: %d (one per %.0f uploads), %.0f ms in all, longest %.1f ms, %d over"
                + " 10 ms; %s; GC %s%n", p.count(), p.count() == 0 ? 0.0 : (double) r.uploads() / p.count(),
                p.totalMs(), p.longestMs(), p.over10Ms(), p.byCollector(), r.gc());
        out.printf("  JIT in the timed phase (JFR events): %s%n", r.jit());
        out.printf("  peak RSS during the timed phase and drain %d MB%n", r.peakRssKib() / 1024);
        out.printf("  backlog after the burst: %s; CPU while draining %.2f ms per upload%n", r.drain().describe(),
                r.drainCpuMillis() / r.uploads());
        for (Map.Entry<String, Long> e : r.errorKinds().entrySet()) {
            out.printf("  error x%d: %s%n", e.getValue(), e.getKey());
        }
        if (floor) {
            double kernel = r.kernelByGroup().values().stream().mapToDouble(Double::doubleValue).sum();
            IngestFloor.Measured engram = new IngestFloor.Measured("Engram (above)", r.uploads(), r.seconds(), l,
                    r.cpuMillis(), kernel, jit, r.clientCpuMillis(), r.errors());
            out.println("  floors (same disk, files, clients and warm-up; measured after Engram's run):");
            out.println(engram.line());
            return printFloors(out) + r.errors() == 0 ? 0 : 1;
        }
        return r.errors() == 0 ? 0 : 1;
    }

    /** Measures and prints the floors; returns their errors. */
    private long printFloors(PrintWriter out) throws Exception {
        long errors = 0;
        for (IngestFloor.Measured m : IngestFloor.measure(clients, uploads, audioKib, screenKib, warmupMs,
                warmupUploads, new IngestFloor.Jetty(floorVirtual, floorInputKib))) {
            out.println(m.line());
            errors += m.errors();
        }
        return errors;
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }
}
