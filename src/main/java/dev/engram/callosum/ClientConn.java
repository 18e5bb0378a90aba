package dev.engram.callosum;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connected client on the server side. It has no threads of its own: the server's I/O thread reads its input
 * (non-blocking, {@link #readOnce}) and writes its bounded outgoing queue ({@link #flush}), as much as the socket takes
 * without blocking; what does not fit waits in the queue until the socket is writable again.
 */
final class ClientConn {
    static final int BUFFER = 64 * 1024;

    final long id;
    final SocketChannel ch;
    private final CallosumServer server;
    private final ArrayBlockingQueue<byte[]> queue;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LineDecoder decoder;
    private final LineDecoder.Sink sink;
    private volatile long fullSinceNanos;
    /** Set by {@link #offer}, cleared by the I/O thread before it flushes. */
    volatile boolean pending;
    // owned by the I/O thread:
    SelectionKey key;
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    private ByteBuffer current; // the batch being written (out, or one message larger than out), or null
    private int currentMessages;
    private int staged; // messages appended straight into out (fill mode) while nothing else was waiting

    ClientConn(long id, SocketChannel ch, CallosumServer server, ServerConfig cfg) {
        this.id = id;
        this.ch = ch;
        this.server = server;
        this.queue = new ArrayBlockingQueue<>(cfg.queueMessages());
        this.maxQueuedBytes = cfg.queueBytes();
        this.decoder = new LineDecoder(cfg.maxLineBytes());
        this.sink = new LineDecoder.Sink() {
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
    }

    /** Queues one message; false when the queue is full (the first failure starts the stall clock). */
    boolean offer(byte[] msg) {
        boolean room = queue.isEmpty() || queuedBytes.get() + msg.length <= maxQueuedBytes;
        if (room && queue.offer(msg)) {
            queuedBytes.addAndGet(msg.length);
            fullSinceNanos = 0;
            pending = true;
            return true;
        }
        if (fullSinceNanos == 0) {
            fullSinceNanos = System.nanoTime();
        }
        return false;
    }

    /**
     * I/O thread, under the server's order lock: appends a message straight into the next write batch, without
     * queueing (and without the shared copy a queue needs). Only when nothing is being written or queued ahead of it,
     * so order is kept; false when the message must go through {@link #offer}.
     */
    boolean appendDirect(byte[] body, int off, int len, byte[] tail, int tailLen) {
        if (current != null || out.remaining() < len + tailLen || closed.get() || !queue.isEmpty()) {
            return false;
        }
        out.put(body, off, len).put(tail, 0, tailLen);
        staged++;
        pending = true;
        return true;
    }

    /** True when the queue has been full for longer than {@code graceNanos}. */
    boolean stalled(long now, long graceNanos) {
        long since = fullSinceNanos;
        return since != 0 && now - since > graceNanos;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes the socket (which also cancels its selection key); returns false when already closed. */
    boolean close() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // closing anyway
        }
        queue.clear();
        return true;
    }

    /**
     * I/O thread: one non-blocking read into {@code in}, its lines handed to the server. Returns false at end of input
     * (a last line without a newline has then been delivered).
     */
    boolean readOnce(ByteBuffer in) throws IOException {
        in.clear();
        int n = ch.read(in);
        if (n < 0) {
            decoder.finish(sink);
            return false;
        }
        if (n > 0) {
            decoder.feed(in.array(), 0, in.position(), sink);
        }
        return true;
    }

    /**
     * I/O thread: writes queued messages, batched up to 64 KB per write, until the queue is empty (true) or the socket
     * takes no more without blocking (false).
     */
    boolean flush() throws IOException {
        while (true) {
            if (current == null && staged > 0) {
                out.flip();
                current = out;
                currentMessages = staged;
                staged = 0;
            } else if (current == null) {
                byte[] first = queue.poll();
                if (first == null) {
                    return true;
                }
                long bytes = first.length;
                int n = 1;
                if (first.length > out.capacity()) {
                    current = ByteBuffer.wrap(first);
                } else {
                    out.clear();
                    out.put(first);
                    byte[] next;
                    while ((next = queue.peek()) != null && next.length <= out.remaining()) {
                        queue.poll(); // only this thread takes from the queue, so this is the peeked message
                        out.put(next);
                        n++;
                        bytes += next.length;
                    }
                    out.flip();
                    current = out;
                }
                queuedBytes.addAndGet(-bytes);
                currentMessages = n;
            }
            ch.write(current);
            if (current.hasRemaining()) {
                return false;
            }
            if (current == out) {
                out.clear(); // back to fill mode, empty
            }
            current = null;
            server.delivered(currentMessages);
        }
    }
}
