package dev.engram.callosum;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Writes fixed-size lines that start with a 15-digit send time; paced, or windowed against the receivers. */
final class BenchSender {
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
    final CallosumBench.Options o;
    final long base;
    final AtomicLong measureFrom;
    final AtomicLong sent;
    final List<BenchReceiver> receivers;
    final byte[] template;
    final long[] lag;
    Thread thread;
    volatile long warmupSent;
    volatile RuntimeException failure;

    BenchSender(SocketChannel ch, CallosumBench.Options o, long base, AtomicLong measureFrom, AtomicLong sent,
            List<BenchReceiver> receivers, int index) {
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
        for (BenchReceiver r : receivers) {
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
