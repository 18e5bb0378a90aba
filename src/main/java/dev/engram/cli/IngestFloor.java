package dev.engram.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floors {@code engram bench ingest --floor} prints beside Engram's own numbers, on the same disk and the same
 * files, so a reader can tell how much of an upload's cost is Engram's and whether the target is reachable here:
 * <ul>
 * <li>{@link #raw}: no HTTP at all; N threads each write the two files the way a durable store must at the least
 * (temp file, write, fsync, rename into a fresh folder, fsync of that folder).</li>
 * <li>{@link FloorServer}: the same bench clients over real HTTP against a bare handler that streams each multipart
 * file into a temp file with SHA-256, fsyncs it and renames it into a fresh folder, fsyncs that folder and its parent,
 * and answers {@code {"status":"ok"}}: no keys, history, bus, sense or index; (b) a Javalin route as Engram's are,
 * (c) a Jetty core handler without Javalin or the servlet layer (is the HTTP stack the limit?).</li>
 * </ul>
 * Bench code only: it writes under its own temporary folder, never into a journal.
 */
final class IngestFloor {
    private IngestFloor() {
    }

    /** One floor's timed phase: uploads, seconds, sorted latencies (µs), process CPU ms, kernel ms, clients' ms. */
    record Measured(String what, long uploads, double seconds, long[] latenciesMicros, double cpuMillis,
                    double kernelMillis, double jitMillis, double clientMillis, long errors) {
        String line() {
            return String.format(java.util.Locale.ROOT, "  %-44s %6.0f uploads/s; p50 %6.2f / p99 %6.2f ms; CPU %.2f ms"
                            + " per upload (kernel %.2f, JIT %.2f, bench clients %.2f); %d errors", what,
                    uploads / seconds, pct(latenciesMicros, 50) / 1000.0, pct(latenciesMicros, 99) / 1000.0,
                    cpuMillis / uploads, kernelMillis / uploads, jitMillis / uploads, clientMillis / uploads, errors);
        }
    }

    /** JIT compiler threads' CPU ms in a {@link CpuMeter#byGroup} map. */
    static double jit(java.util.Map<String, Double> byGroup) {
        return byGroup.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(java.util.Map.Entry::getValue).sum();
    }

    /**
     * The whole process's kernel (system) CPU ms from {@code /proc/self/stat}, ended threads included (the raw
     * floor's threads end before the snapshot); -1 where it cannot be read.
     */
    static double processKernelMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[12]) * 10.0; // stime, in USER_HZ (100) ticks
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    /**
     * Both floors with the same clients, uploads, files and warm-up as Engram's run (untimed warm-up first, as there),
     * each in its own temporary folder, removed afterwards.
     */
    static List<Measured> measure(int clients, int uploads, int audioKib, int screenKib, long warmupMs,
                                  int warmupUploads, Jetty jetty) throws Exception {
        List<Measured> out = new ArrayList<>();
        byte[] audio = new byte[audioKib * 1024];
        new java.util.Random(0).nextBytes(audio);
        byte[] screen = new byte[screenKib * 1024];
        IngestBench.fillJsonLines(screen);
        CpuMeter cpu = new CpuMeter();
        Path dir = Files.createTempDirectory("engram-bench-floor");
        try {
            raw(dir.resolve("warm"), clients, warmupUploads == 0 ? 0 : Math.max(50, warmupUploads / clients / 4), audio,
                    screen);
            CpuMeter.Snapshot c0 = cpu.snapshot();
            double k0 = processKernelMillis();
            long t0 = System.nanoTime();
            long[] lat = raw(dir.resolve("raw"), clients, uploads, audio, screen);
            double secs = (System.nanoTime() - t0) / 1e9;
            out.add(measured("(a) raw fsynced writes, " + clients + " threads, no HTTP", lat, secs, c0,
                    cpu.snapshot(), k0, 0, 0));
            for (FloorServer.Kind kind : FloorServer.Kind.values()) {
                try (FloorServer server = FloorServer.start(kind, dir.resolve(kind.name().toLowerCase(
                        java.util.Locale.ROOT)), jetty)) {
                    out.add(http(server, clients, uploads, audioKib, screenKib, warmupMs, warmupUploads, cpu));
                }
            }
        } finally {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Collections.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return out;
    }

    /** One HTTP floor: the same warm-up as Engram's run, then the timed uploads. */
    private static Measured http(FloorServer server, int clients, int uploads, int audioKib, int screenKib,
                                 long warmupMs, int warmupUploads, CpuMeter cpu) throws Exception {
        List<String> keys = java.util.Collections.nCopies(clients, "floor");
        AtomicLong seq = new AtomicLong();
        IngestBench.run(server.url(), keys, clients, warmupMs, (warmupUploads + clients - 1) / clients,
                Integer.MAX_VALUE, audioKib, screenKib, seq, null);
        long[] lat = new long[clients * uploads];
        CpuMeter.Snapshot h0 = cpu.snapshot();
        double hk = processKernelMillis();
        long h = System.nanoTime();
        AtomicLong clientCpu = new AtomicLong();
        var errors = IngestBench.run(server.url(), keys, clients, Long.MAX_VALUE, 0, uploads, audioKib, screenKib,
                seq, lat, clientCpu);
        double secs = (System.nanoTime() - h) / 1e9;
        return measured(server.shown(), lat, secs, h0, cpu.snapshot(), hk, clientCpu.get() / 1e6,
                errors.values().stream().mapToLong(Long::longValue).sum());
    }

    private static Measured measured(String what, long[] lat, double secs, CpuMeter.Snapshot a, CpuMeter.Snapshot b,
                                     double kernelBefore, double clientMillis, long errors) {
        Arrays.sort(lat);
        double kernel = processKernelMillis() - kernelBefore;
        var groups = CpuMeter.byGroup(a, b);
        return new Measured(what, lat.length, secs, lat, CpuMeter.processMillis(a, b), kernel, jit(groups),
                clientMillis, errors);
    }

    /** Raw writes: {@code threads} threads x {@code count} uploads; returns the latencies (µs) in upload order. */
    static long[] raw(Path dir, int threads, int count, byte[] audio, byte[] screen) throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Path day = Files.createDirectories(dir.resolve("day"));
        long[] lat = new long[threads * count];
        AtomicLong seq = new AtomicLong();
        List<Thread> ts = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            ts.add(Thread.ofPlatform().name("floor-raw-", t).start(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        long t0 = System.nanoTime();
                        Path seg = day.resolve("s" + seq.getAndIncrement());
                        Files.createDirectory(seg);
                        durable(staging, seg, "audio.flac", audio);
                        durable(staging, seg, "screen.jsonl", screen);
                        syncDirectory(seg);
                        syncDirectory(day);
                        lat[thread * count + i] = (System.nanoTime() - t0) / 1000;
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IOException("raw floor failed: " + failures.getFirst(), failures.getFirst());
        }
        return lat;
    }

    private static void durable(Path staging, Path into, String name, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(staging, "up-", ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, into.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Jetty settings of the HTTP floors, to try them without touching Engram: virtual threads (floor (b) only), input
     * buffer KiB (0: Jetty's; both floors).
     */
    record Jetty(boolean virtualThreads, int inputKib) {
        String shown() {
            return (virtualThreads ? " (virtual threads)" : "") + (inputKib > 0 ? " (input " + inputKib + " KiB)" : "");
        }
    }
}
