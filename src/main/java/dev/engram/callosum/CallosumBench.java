package dev.engram.callosum;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A load test of the bus with real sockets: an in-process server on a temporary socket, sender clients, receiver
 * clients that time every message (the send time travels in the message) and check its sequence number, and
 * optionally a client that never reads or one that reads slowly but steadily.
 */
public final class CallosumBench {
    /**
     * @param senders clients that send (each also drains what the bus sends back to it)
     * @param receivers clients that only receive and time messages
     * @param size bytes per message line
     * @param count messages per sender
     * @param rate total messages per second over all senders; 0 means as fast as the receivers keep up
     * @param stalledReader also connect a client that never reads
     * @param window unpaced senders keep at most this many messages ahead of the slowest receiver
     * @param warmupMillis before the {@code count} measured messages, senders send (paced or windowed the same way) for
     *     this long; those messages are delivered but neither timed nor counted (JIT compilation, buffer growth)
     * @param slowReaderRate when above 0, also connect a receiver that reads steadily at about this many messages per
     *     second (in 16 KB reads) and is not part of the senders' window: only the bus's flow control keeps it whole
     */
    public record Options(int senders, int receivers, int size, int count, int rate, boolean stalledReader,
            int window, int warmupMillis, int slowReaderRate) {
        public Options {
            if (senders < 1 || receivers < 1 || count < 1 || rate < 0 || window < 1 || warmupMillis < 0
                    || slowReaderRate < 0) {
                throw new IllegalArgumentException("senders, receivers, count and window must be positive");
            }
            if (senders > 99) {
                throw new IllegalArgumentException("at most 99 senders");
            }
            if (size < Sender.MIN_SIZE || size > 64 * 1024) {
                throw new IllegalArgumentException("size must be between " + Sender.MIN_SIZE + " and 65536 bytes");
            }
        }

        /** Without warm-up. */
        public Options(int senders, int receivers, int size, int count, int rate, boolean stalledReader, int window) {
            this(senders, receivers, size, count, rate, stalledReader, window, 0, 0);
        }

        /** Without a slow reader. */
        public Options(int senders, int receivers, int size, int count, int rate, boolean stalledReader, int window,
                int warmupMillis) {
            this(senders, receivers, size, count, rate, stalledReader, window, warmupMillis, 0);
        }
    }

    /**
     * All figures cover the measured messages only (those sent after the warm-up).
     *
     * @param seconds from the end of the warm-up (the first send without one) to the last receive
     * @param messagesIn measured messages the server accepted
     * @param expected deliveries to the (reading) receivers: senders x count x receivers (the slow one included)
     * @param received deliveries the receivers got (the slow one included)
     * @param gaps breaks in a sender's sequence numbers as seen by any receiver, warm-up included (0: every receiver
     *     saw every message of every sender, in order)
     * @param slowReceived measured messages the slow reader got (0 without one)
     * @param p50Micros latency from the moment a message was written by its sender to the moment a receiver's read
     *     returned it
     * @param senderLagP99Micros paced runs: how late senders wrote a message against its schedule (p99; 0 unpaced).
     *     Latency is timed from the actual write, so time a sender lost is not in the latency figures; this shows it.
     * @param server the server's counters, warm-up included
     */
    public record Result(Options options, double seconds, long messagesIn, double messagesInPerSecond,
            long expected, long received, double deliveriesPerSecond, long lost, long gaps, long slowReceived,
            double p50Micros,
            double p99Micros, double p999Micros, double maxMicros, double senderLagP99Micros,
            double senderLagMaxMicros, CallosumStats server) {
    }

    private CallosumBench() {
    }

    public static Result run(Options o) {
        Path dir;
        try {
            dir = Files.createTempDirectory("cb");
        } catch (IOException e) {
            throw new CallosumException("cannot create a temp folder for the bench: " + e.getMessage(), e);
        }
        Path sock = dir.resolve("b.sock");
        try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock))) {
            return run(o, server);
        } catch (IOException e) {
            throw new CallosumException("bench failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallosumException("bench interrupted", e);
        } finally {
            try {
                Files.deleteIfExists(sock);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // temp leftovers only
            }
        }
    }

    private static Result run(Options o, CallosumServer server) throws IOException, InterruptedException {
        long perReceiver = (long) o.senders() * o.count();
        long base = System.nanoTime();
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE); // relative to base; set just before the senders start
        List<Receiver> receivers = new ArrayList<>();
        List<SocketChannel> all = new ArrayList<>();
        try {
            for (int i = 0; i < o.receivers(); i++) {
                Receiver r = new Receiver(open(server.socketPath()), perReceiver, base, measureFrom, o.senders(), 0);
                receivers.add(r);
                all.add(r.ch);
            }
            Receiver slow = null; // not in the senders' window: only the bus's flow control keeps it from losing
            if (o.slowReaderRate() > 0) {
                slow = new Receiver(open(server.socketPath()), perReceiver, base, measureFrom, o.senders(),
                        (long) o.slowReaderRate() * o.size());
                all.add(slow.ch);
            }
            if (o.stalledReader()) {
                all.add(open(server.socketPath()));
            }
            AtomicLong sent = new AtomicLong();
            List<Sender> senders = new ArrayList<>();
            for (int i = 0; i < o.senders(); i++) {
                Sender s = new Sender(open(server.socketPath()), o, base, measureFrom, sent, receivers, i);
                senders.add(s);
                all.add(s.ch);
            }
            int clients = all.size();
            while (server.stats().clientsConnected() < clients) {
                Thread.sleep(1);
            }
            // The harness's own arrays (latencies, lags, buffers) live for the whole run: move them out of the young
            // generation now, or every young collection during the run would copy them again.
            System.gc();
            long start = System.nanoTime();
            measureFrom.set(start - base + o.warmupMillis() * 1_000_000L);
            receivers.forEach(Receiver::start);
            if (slow != null) {
                slow.start();
            }
            senders.forEach(Sender::start);
            for (Sender s : senders) {
                s.thread.join();
                if (s.failure != null) {
                    throw s.failure;
                }
            }
            List<Receiver> reading = new ArrayList<>(receivers);
            if (slow != null) {
                reading.add(slow);
            }
            for (Receiver r : reading) {
                r.awaitDone(sent.get(), 3_000_000_000L);
            }
            long measuredStart = base + measureFrom.get();
            long end = reading.stream().mapToLong(r -> r.lastNanos).max().orElse(measuredStart);
            double seconds = Math.max(1e-9, (end - measuredStart) / 1e9);
            long received = reading.stream().mapToLong(r -> r.timed).sum();
            long gaps = reading.stream().mapToLong(r -> r.gaps).sum();
            long[] lat = merge(receivers); // the slow reader's latency is its own slowness: not in the figures
            CallosumStats stats = server.stats();
            long warm = senders.stream().mapToLong(s -> s.warmupSent).sum();
            long in = stats.messagesIn() - warm;
            long expected = perReceiver * reading.size();
            long[] lag = new long[0];
            for (Sender s : o.rate() > 0 ? senders : List.<Sender>of()) {
                int at = lag.length;
                lag = Arrays.copyOf(lag, at + s.lag.length);
                System.arraycopy(s.lag, 0, lag, at, s.lag.length);
            }
            Arrays.sort(lag);
            return new Result(o, seconds, in, in / seconds, expected, received, received / seconds,
                    expected - received, gaps, slow == null ? 0 : slow.timed, pct(lat, 0.50), pct(lat, 0.99), pct(lat, 0.999),
                    lat.length == 0 ? 0 : lat[lat.length - 1] / 1000.0, pct(lag, 0.99),
                    lag.length == 0 ? 0 : lag[lag.length - 1] / 1000.0, stats);
        } finally {
            for (SocketChannel ch : all) {
                ch.close();
            }
        }
    }

    private static SocketChannel open(Path sock) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(sock));
        return ch;
    }

    /** The latencies of all measured messages, sorted. */
    private static long[] merge(List<Receiver> receivers) {
        long[] all = new long[0];
        for (Receiver r : receivers) {
            int k = (int) Math.min(r.timed, r.latencies.length - 1);
            int at = all.length;
            all = Arrays.copyOf(all, at + k);
            System.arraycopy(r.latencies, 1, all, at, k);
        }
        Arrays.sort(all);
        return all;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000.0;
    }

    /**
     * Reads up to 256 KB at a time, finds lines, reads the send time at the start of each and the sender's sequence
     * number (no JSON parsing): a line is timed at the moment the read that completed it returned. A paced receiver
     * (the slow reader) reads 16 KB at a time and sleeps so that it takes {@code bytesPerSecond} on average.
     */
    static final class Receiver {
        final SocketChannel ch;
        final long[] latencies;
        final long base;
        final AtomicLong measureFrom;
        final long[] nextSeq; // per sender
        final long bytesPerSecond;
        volatile long count; // all messages, warm-up included
        volatile long timed; // measured messages
        volatile long gaps; // sequence breaks, warm-up included
        volatile long lastNanos;
        private Thread thread;

        Receiver(SocketChannel ch, long expected, long base, AtomicLong measureFrom, int senders,
                long bytesPerSecond) {
            this.ch = ch;
            this.latencies = new long[(int) Math.min(expected, 20_000_000) + 1]; // [0]: scratch for warm-up messages
            this.base = base;
            this.measureFrom = measureFrom;
            this.nextSeq = new long[senders];
            this.bytesPerSecond = bytesPerSecond;
        }

        void start() {
            thread = Thread.ofPlatform().daemon().name("bench-receiver").start(this::loop);
        }

        void awaitDone(long total, long idleNanos) throws InterruptedException {
            long seen = -1;
            long since = System.nanoTime();
            while (count < total) {
                if (count != seen) {
                    seen = count;
                    since = System.nanoTime();
                } else if (System.nanoTime() - since > idleNanos) {
                    return;
                }
                Thread.sleep(5);
            }
        }

        private void loop() {
            ByteBuffer in = ByteBuffer.allocate(bytesPerSecond > 0 ? 16 * 1024 : 256 * 1024);
            byte[] a = in.array();
            int lineStart = 0;
            long n = 0;
            long t = 0;
            long g = 0;
            long from = measureFrom.get();
            long paceStart = System.nanoTime();
            long bytes = 0;
            int carried = 0;
            try {
                while (ch.read(in) >= 0) {
                    long now = System.nanoTime();
                    int end = in.position();
                    for (int i = lineStart; i < end; i++) {
                        if (a[i] == '\n') {
                            long stamp = Sender.readStamp(a, lineStart);
                            // branch-free, so the code compiled during warm-up is not deoptimized at the boundary
                            long measured = Sender.atOrAfter(stamp, from);
                            latencies[(int) Math.min(latencies.length - 1, measured * (t + 1))] = now - base - stamp;
                            t += measured;
                            n++;
                            int sender = Sender.readSender(a, lineStart);
                            long seq = Sender.readSeq(a, lineStart);
                            if (seq != nextSeq[sender]) {
                                g++;
                            }
                            nextSeq[sender] = seq + 1;
                            lineStart = i + 1;
                        }
                    }
                    System.arraycopy(a, lineStart, a, 0, end - lineStart);
                    in.position(end - lineStart);
                    bytes += end - carried; // bytes this read added
                    carried = end - lineStart;
                    lineStart = 0;
                    timed = t;
                    count = n;
                    gaps = g;
                    lastNanos = now;
                    if (bytesPerSecond > 0) {
                        long wait = paceStart + bytes * 1_000_000_000L / bytesPerSecond - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                }
            } catch (IOException e) {
                // closed at the end of the run
            }
        }
    }

    /** Writes fixed-size lines that start with a 15-digit send time; paced, or windowed against the receivers. */
    static final class Sender {
        static final String HEAD = "{\"n\":";
        static final int DIGITS = 15;
        static final long OFFSET = 100_000_000_000_000L; // 15 digits without a leading zero (JSON forbids it)
        static final String MID = ",\"tract\":\"bench\",\"event\":\"m\",\"pad\":\"";
        static final int SENDER_DIGITS = 2; // the pad starts with the sender's index and its sequence number
        static final int SEQ_DIGITS = 12;
        static final int PAD_AT = HEAD.length() + DIGITS + MID.length();
        static final String TAIL = "\"}\n";
        static final int MIN_SIZE = PAD_AT + SENDER_DIGITS + SEQ_DIGITS + TAIL.length();

        final SocketChannel ch;
        final Options o;
        final long base;
        final AtomicLong measureFrom;
        final AtomicLong sent;
        final List<Receiver> receivers;
        final byte[] template;
        final long[] lag;
        Thread thread;
        volatile long warmupSent;
        volatile RuntimeException failure;

        Sender(SocketChannel ch, Options o, long base, AtomicLong measureFrom, AtomicLong sent,
                List<Receiver> receivers, int index) {
            this.ch = ch;
            this.o = o;
            this.base = base;
            this.measureFrom = measureFrom;
            this.lag = new long[o.rate() > 0 ? o.count() : 1];
            this.sent = sent;
            this.receivers = receivers;
            this.template = (HEAD + "0".repeat(DIGITS) + MID + String.format("%02d", index) + "0".repeat(SEQ_DIGITS)
                    + "x".repeat(o.size() - MIN_SIZE) + TAIL).getBytes(StandardCharsets.US_ASCII);
        }

        void start() {
            Thread.ofPlatform().daemon().name("bench-sender-drain").start(this::drain);
            thread = Thread.ofPlatform().name("bench-sender").start(this::loop);
        }

        static long readStamp(byte[] a, int off) {
            long v = 0;
            for (int i = off + HEAD.length(), end = i + DIGITS; i < end; i++) {
                v = v * 10 + (a[i] - '0');
            }
            return v - OFFSET;
        }

        static int readSender(byte[] a, int off) {
            return (a[off + PAD_AT] - '0') * 10 + (a[off + PAD_AT + 1] - '0');
        }

        static long readSeq(byte[] a, int off) {
            long v = 0;
            for (int i = off + PAD_AT + SENDER_DIGITS, end = i + SEQ_DIGITS; i < end; i++) {
                v = v * 10 + (a[i] - '0');
            }
            return v;
        }

        /** Writes sequence number {@code seq} into the message at {@code off}. */
        private static void seq(byte[] buf, int off, long seq) {
            long v = seq;
            for (int i = off + PAD_AT + SENDER_DIGITS + SEQ_DIGITS - 1; i >= off + PAD_AT + SENDER_DIGITS; i--) {
                buf[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
        }

        /** 1 when {@code stamp >= from}, else 0, without a branch. */
        static long atOrAfter(long stamp, long from) {
            return ((stamp - from) >>> 63) ^ 1;
        }

        /** Stamps the send time and returns it. */
        private long stamp(byte[] buf, int off) {
            long t = System.nanoTime() - base;
            long v = t + OFFSET;
            for (int i = off + HEAD.length() + DIGITS - 1; i >= off + HEAD.length(); i--) {
                buf[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            return t;
        }

        private void loop() {
            int batch = o.rate() > 0 ? 1 : Math.max(1, 64 * 1024 / template.length);
            ByteBuffer out = ByteBuffer.allocate(batch * template.length);
            byte[] buf = out.array();
            double period = o.rate() > 0 ? 1e9 * o.senders() / o.rate() : 0;
            long from = measureFrom.get();
            long t0 = System.nanoTime();
            long i = 0;
            long m = 0;
            try {
                while (m < o.count()) {
                    // warm-up until the boundary, then o.count() measured messages, on one schedule and one code
                    // path (a message is measured when its stamp is at or after the boundary; receivers decide alike)
                    long due = t0 + (long) (i * period);
                    if (period > 0) {
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait); // no spinning: it would take a core from the bus
                        }
                    } else {
                        awaitWindow();
                    }
                    int k = (int) Math.min(batch, o.count() - m);
                    long first = 0;
                    long measured = 0;
                    for (int j = 0; j < k; j++) {
                        System.arraycopy(template, 0, buf, j * template.length, template.length);
                        seq(buf, j * template.length, i + j);
                        long st = stamp(buf, j * template.length);
                        first = j == 0 ? st : first;
                        measured += atOrAfter(st, from);
                    }
                    out.clear().limit(k * template.length);
                    while (out.hasRemaining()) {
                        ch.write(out);
                    }
                    lag[(int) Math.min(lag.length - 1, m)] = Math.max(0, base + first - due); // paced: k == 1
                    sent.addAndGet(k);
                    i += k;
                    m += measured;
                }
            } catch (IOException e) {
                failure = new CallosumException("bench sender failed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                failure = e;
            }
            warmupSent = i - m;
        }

        private void awaitWindow() {
            long last = -1;
            long since = System.nanoTime();
            long min;
            while (sent.get() - (min = minReceived()) > o.window()) {
                if (min != last) {
                    last = min;
                    since = System.nanoTime();
                } else if (System.nanoTime() - since > 5_000_000_000L) {
                    throw new CallosumException("bench receivers stopped making progress at " + min + " messages");
                }
                LockSupport.parkNanos(20_000);
            }
        }

        private long minReceived() {
            long min = Long.MAX_VALUE;
            for (Receiver r : receivers) {
                min = Math.min(min, r.count);
            }
            return min;
        }

        private void drain() {
            ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
            try {
                while (ch.read(in) >= 0) {
                    in.clear();
                }
            } catch (IOException e) {
                // closed at the end of the run
            }
        }
    }
}
