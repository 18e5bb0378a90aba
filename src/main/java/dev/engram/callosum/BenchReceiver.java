package dev.engram.callosum;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads up to 256 KB at a time, finds lines, reads the send time at the start of each and the sender's sequence
 * number (no JSON parsing): a line is timed at the moment the read that completed it returned. A paced receiver
 * (the slow reader) reads 16 KB at a time and sleeps so that it takes {@code bytesPerSecond} on average.
 */
final class BenchReceiver {
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

    BenchReceiver(SocketChannel ch, long expected, long base, AtomicLong measureFrom, int senders,
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
                        long stamp = BenchSender.readStamp(a, lineStart);
                        // branch-free, so the code compiled during warm-up is not deoptimized at the boundary
                        long measured = BenchSender.atOrAfter(stamp, from);
                        latencies[(int) Math.min(latencies.length - 1, measured * (t + 1))] = now - base - stamp;
                        t += measured;
                        n++;
                        int sender = BenchSender.readSender(a, lineStart);
                        long seq = BenchSender.readSeq(a, lineStart);
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
