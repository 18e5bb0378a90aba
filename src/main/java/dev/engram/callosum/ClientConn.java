package dev.engram.callosum;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connected client on the server side: a reader thread that splits its input into lines and hands them to the
 * server, and a writer thread that drains the bounded outgoing queue in batches (one socket write per batch).
 */
final class ClientConn {
    private static final int BUFFER = 64 * 1024;

    final long id;
    private final SocketChannel ch;
    private final CallosumServer server;
    private final ArrayBlockingQueue<byte[]> queue;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LineDecoder decoder;
    private volatile long fullSinceNanos;
    private volatile Thread writer;

    ClientConn(long id, SocketChannel ch, CallosumServer server, ServerConfig cfg) {
        this.id = id;
        this.ch = ch;
        this.server = server;
        this.queue = new ArrayBlockingQueue<>(cfg.queueMessages());
        this.maxQueuedBytes = cfg.queueBytes();
        this.decoder = new LineDecoder(cfg.maxLineBytes());
    }

    void start() {
        writer = Thread.ofVirtual().name("callosum-write-" + id).start(this::writeLoop);
        Thread.ofVirtual().name("callosum-read-" + id).start(this::readLoop);
    }

    /** Queues one message; false when the queue is full (the first failure starts the stall clock). */
    boolean offer(byte[] msg) {
        boolean room = queue.isEmpty() || queuedBytes.get() + msg.length <= maxQueuedBytes;
        if (room && queue.offer(msg)) {
            queuedBytes.addAndGet(msg.length);
            fullSinceNanos = 0;
            return true;
        }
        if (fullSinceNanos == 0) {
            fullSinceNanos = System.nanoTime();
        }
        return false;
    }

    /** True when the queue has been full for longer than {@code graceNanos}. */
    boolean stalled(long now, long graceNanos) {
        long since = fullSinceNanos;
        return since != 0 && now - since > graceNanos;
    }

    /** Closes the socket and stops both threads; returns false when already closed. */
    boolean close() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // closing anyway
        }
        Thread w = writer;
        if (w != null) {
            w.interrupt();
        }
        queue.clear();
        return true;
    }

    private void readLoop() {
        ByteBuffer in = ByteBuffer.allocate(BUFFER);
        LineDecoder.Sink sink = new LineDecoder.Sink() {
            @Override
            public void line(byte[] buf, int off, int len) {
                server.onLine(buf, off, len);
            }

            @Override
            public void tooLong() {
                server.onInvalid(new InvalidMessageException(InvalidMessageException.Reason.TOO_LONG,
                        "line longer than the limit"), id);
            }
        };
        try {
            while (ch.read(in) >= 0) {
                decoder.feed(in.array(), 0, in.position(), sink);
                in.clear();
            }
            decoder.finish(sink);
        } catch (IOException e) {
            // the client went away or we closed it
        }
        server.remove(this, false);
    }

    private void writeLoop() {
        ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
        try {
            while (!closed.get()) {
                byte[] first = queue.take();
                int n = 1;
                long bytes = first.length;
                if (first.length > out.capacity()) {
                    queuedBytes.addAndGet(-bytes);
                    writeFully(ByteBuffer.wrap(first));
                } else {
                    out.clear();
                    out.put(first);
                    byte[] next;
                    while ((next = queue.peek()) != null && next.length <= out.remaining()) {
                        queue.poll();
                        out.put(next);
                        n++;
                        bytes += next.length;
                    }
                    queuedBytes.addAndGet(-bytes);
                    out.flip();
                    writeFully(out);
                }
                server.delivered(n);
            }
        } catch (IOException | InterruptedException e) {
            // closed, or the peer stopped reading and went away
        }
        server.remove(this, false);
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
