package dev.engram.cli;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floors {@code engram bench ingest --floor} prints beside Engram's own numbers, on the same disk and the same
 * files, so a reader can tell how much of an upload's cost is Engram's and whether the target is reachable here:
 * <ul>
 * <li>{@link #raw}: no HTTP at all; N threads each write the two files the way a durable store must at the least
 * (temp file, write, fsync, rename into a fresh folder, fsync of that folder).</li>
 * <li>{@link #server}: the same bench clients over real HTTP against a bare Javalin handler (same Javalin/Jetty as
 * Engram, default threading) that streams each multipart file into a temp file with SHA-256, fsyncs it and renames it
 * into a fresh folder, fsyncs that folder and its parent, and answers {@code {"status":"ok"}}: no keys, history, bus,
 * sense or index.</li>
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
            try (Server server = new Server(dir.resolve("http"), jetty)) {
                List<String> keys = java.util.Collections.nCopies(clients, "floor");
                AtomicLong seq = new AtomicLong();
                IngestBench.run(server.url(), keys, clients, warmupMs, (warmupUploads + clients - 1) / clients,
                        Integer.MAX_VALUE, audioKib, screenKib, seq, null);
                long[] lat2 = new long[clients * uploads];
                CpuMeter.Snapshot h0 = cpu.snapshot();
                double hk = processKernelMillis();
                long h = System.nanoTime();
                AtomicLong clientCpu = new AtomicLong();
                var errors = IngestBench.run(server.url(), keys, clients, Long.MAX_VALUE, 0, uploads, audioKib,
                        screenKib, seq, lat2, clientCpu);
                double secs2 = (System.nanoTime() - h) / 1e9;
                out.add(measured("(b) bare Javalin handler" + jetty.shown() + ", same clients", lat2, secs2, h0,
                        cpu.snapshot(), hk, clientCpu.get() / 1e6, errors.values().stream().mapToLong(Long::longValue).sum()));
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

    /** Jetty settings of floor (b), to try them without touching Engram: virtual threads, input buffer KiB (0: Jetty's). */
    record Jetty(boolean virtualThreads, int inputKib) {
        String shown() {
            return (virtualThreads ? " (virtual threads)" : "") + (inputKib > 0 ? " (input " + inputKib + " KiB)" : "");
        }
    }

    /** The bare Javalin ingest handler on loopback, port 0; {@link #url()} for the clients. */
    static final class Server implements AutoCloseable {
        private final Javalin app;
        private final Path staging;
        private final Path day;
        private final AtomicLong seq = new AtomicLong();

        Server(Path dir, Jetty jetty) throws IOException {
            staging = Files.createDirectories(dir.resolve("staging"));
            day = Files.createDirectories(dir.resolve("day"));
            app = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.concurrency.useVirtualThreads = jetty.virtualThreads();
                if (jetty.inputKib() > 0) {
                    c.jetty.modifyHttpConfiguration(h -> h.setInputBufferSize(jetty.inputKib() * 1024));
                }
                c.routes.post("/ingest", this::ingest);
            });
            app.start("127.0.0.1", 0);
        }

        String url() {
            return "http://127.0.0.1:" + app.port() + "/ingest";
        }

        private void ingest(Context ctx) throws Exception {
            String ct = ctx.header("Content-Type");
            int at = ct == null ? -1 : ct.indexOf("boundary=");
            if (at < 0) {
                ctx.status(400).result("{\"status\":\"error\"}");
                return;
            }
            Path seg = day.resolve("s" + seq.getAndIncrement());
            Files.createDirectory(seg);
            Parts parts = new Parts(ctx.req().getInputStream(), ct.substring(at + 9).strip());
            for (String name = parts.next(); name != null; name = parts.next()) {
                if (name.isEmpty()) {
                    parts.copy(null, null); // a form field: read and dropped
                    continue;
                }
                Path tmp = Files.createTempFile(staging, "up-", ".tmp");
                MessageDigest sha = sha256();
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    parts.copy(ch, sha);
                    ch.force(true);
                }
                HexFormat.of().formatHex(sha.digest());
                Files.move(tmp, seg.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(seg);
            syncDirectory(day);
            ctx.contentType("application/json").result("{\"status\":\"ok\"}");
        }

        @Override
        public void close() {
            app.stop();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A lean streaming multipart splitter for the floor handler (well-formed bench bodies only): {@link #next()} gives
     * the next part's file name ("" for a field, null at the end), {@link #copy} streams its content.
     */
    private static final class Parts {
        private final InputStream in;
        private final byte[] delimiter;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int lim;
        private boolean eof;

        Parts(InputStream in, String boundary) {
            this.in = in;
            this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            buf[0] = '\r'; // the body starts with "--boundary": a virtual CRLF makes it a delimiter too
            buf[1] = '\n';
            lim = 2;
        }

        /** Skips to after the next delimiter and reads the part's headers; null after the closing delimiter. */
        String next() throws IOException {
            copy(null, null);
            pos += delimiter.length;
            fill(4);
            if (buf[pos] == '-' && buf[pos + 1] == '-') {
                return null;
            }
            pos += 2;
            fill(buf.length - 1);
            int end = indexOf("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
            if (end < 0) {
                throw new IOException("part headers too long");
            }
            String headers = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
            pos = end + 4;
            int f = headers.indexOf("filename=\"");
            return f < 0 ? "" : headers.substring(f + 10, headers.indexOf('"', f + 10));
        }

        /** Streams content up to the next delimiter into {@code ch} (and {@code sha}), or drops it when null. */
        void copy(FileChannel ch, MessageDigest sha) throws IOException {
            while (true) {
                fill(delimiter.length);
                int d = indexOf(delimiter, pos);
                int upTo = d >= 0 ? d : Math.max(pos, lim - delimiter.length + 1);
                if (d < 0 && eof) {
                    throw new IOException("body ends without its closing boundary");
                }
                if (upTo > pos && ch != null) {
                    sha.update(buf, pos, upTo - pos);
                    ByteBuffer b = ByteBuffer.wrap(buf, pos, upTo - pos);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
                pos = upTo;
                if (d >= 0) {
                    return;
                }
                compact();
                fill(lim + 1 > buf.length ? buf.length : lim + 1);
            }
        }

        private void compact() {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            }
        }

        /** Reads until at least {@code want} bytes are buffered past pos (or the buffer is full, or the body ends). */
        private void fill(int want) throws IOException {
            if (lim - pos >= want) {
                return;
            }
            compact();
            while (!eof && lim - pos < want && lim < buf.length) {
                int n = in.read(buf, lim, buf.length - lim);
                if (n < 0) {
                    eof = true;
                } else {
                    lim += n;
                }
            }
        }

        private int indexOf(byte[] what, int from) {
            byte first = what[0];
            for (int i = from; i <= lim - what.length; i++) {
                if (buf[i] == first && Arrays.equals(buf, i, i + what.length, what, 0, what.length)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
