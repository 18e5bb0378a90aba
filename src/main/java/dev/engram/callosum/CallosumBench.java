package dev.engram.callosum;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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
            if (size < BenchSender.MIN_SIZE || size > 64 * 1024) {
                throw new IllegalArgumentException(
                        "size must be between " + BenchSender.MIN_SIZE + " and 65536 bytes");
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
        List<BenchReceiver> receivers = new ArrayList<>();
        List<SocketChannel> all = new ArrayList<>();
        try {
            for (int i = 0; i < o.receivers(); i++) {
                BenchReceiver r = new BenchReceiver(open(server.socketPath()), perReceiver, base, measureFrom,
                        o.senders(), 0);
                receivers.add(r);
                all.add(r.ch);
            }
            BenchReceiver slow = null; // not in the senders' window: only the bus's flow control keeps it from losing
            if (o.slowReaderRate() > 0) {
                slow = new BenchReceiver(open(server.socketPath()), perReceiver, base, measureFrom, o.senders(),
                        (long) o.slowReaderRate() * o.size());
                all.add(slow.ch);
            }
            if (o.stalledReader()) {
                all.add(open(server.socketPath()));
            }
            AtomicLong sent = new AtomicLong();
            List<BenchSender> senders = new ArrayList<>();
            for (int i = 0; i < o.senders(); i++) {
                BenchSender s = new BenchSender(open(server.socketPath()), o, base, measureFrom, sent, receivers, i);
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
            receivers.forEach(BenchReceiver::start);
            if (slow != null) {
                slow.start();
            }
            senders.forEach(BenchSender::start);
            for (BenchSender s : senders) {
                s.thread.join();
                if (s.failure != null) {
                    throw s.failure;
                }
            }
            List<BenchReceiver> reading = new ArrayList<>(receivers);
            if (slow != null) {
                reading.add(slow);
            }
            for (BenchReceiver r : reading) {
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
            for (BenchSender s : o.rate() > 0 ? senders : List.<BenchSender>of()) {
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
    private static long[] merge(List<BenchReceiver> receivers) {
        long[] all = new long[0];
        for (BenchReceiver r : receivers) {
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
}
