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
 * (non-blocking, {@link #readOnce}) and writes its outgoing queue ({@link #flush}), as much as the socket takes
 * without blocking; what does not fit waits in the queue until the socket is writable again.
 *
 * <p>Flow control: when the queue reaches its limit the client is <em>behind</em> and the server stops reading from
 * producers until it has drained to half the limit. A message is never dropped for a connected client. The stall clock
 * runs only while the client is behind and restarts at every write that moves bytes, so only a client that takes
 * nothing for the whole grace period is cut.
 */
final class ClientConn {
    static final int BUFFER = 64 * 1024;
    /**
     * The most lines one read can complete: the shortest valid line ({@code {"tract":"","event":""}} and its newline)
     * is 24 bytes, plus the line left over from earlier reads. A read that started before the server paused can add
     * this many messages past the limit, so the queue has room for them.
     */
    static final int LINES_PER_READ = BUFFER / 24 + 1;

    final long id;
    final SocketChannel ch;
    private final CallosumServer server;
    private final ArrayBlockingQueue<byte[]> queue;
    private final int highMessages;
    private final long highBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LineDecoder decoder;
    private final LineDecoder.Sink sink;
    /** At or past its limit and not yet drained to half of it; changed only under the server's order lock. */
    private volatile boolean behind;
    private volatile long behindSinceNanos;
    private volatile long progressNanos;
    /** Set by {@link #offer}, cleared by the I/O thread before it flushes. */
    volatile boolean pending;
    // owned by the I/O thread:
    SelectionKey key;
    boolean wantWrite; // the socket took less than we had: waiting for OP_WRITE
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    private ByteBuffer current; // the batch being written (out, or one message larger than out), or null
    private int currentMessages;
    private int staged; // messages appended straight into out (fill mode) while nothing else was waiting

    ClientConn(long id, SocketChannel ch, CallosumServer server, ServerConfig cfg) {
        this.id = id;
        this.ch = ch;
        this.server = server;
        this.queue = new ArrayBlockingQueue<>(cfg.queueMessages() + LINES_PER_READ);
        this.highMessages = cfg.queueMessages();
        this.highBytes = cfg.queueBytes();
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

    /**
     * Under the server's order lock: queues one message. False only when even the room kept for one read past the
     * limit is used up, which flow control prevents; the server then disconnects the client rather than skip a message.
     * Returns normally with {@link #behind} set when the queue reached its limit.
     */
    boolean offer(byte[] msg) {
        if (!queue.offer(msg)) {
            return false;
        }
        long bytes = queuedBytes.addAndGet(msg.length);
        pending = true;
        if (!behind && (queue.size() >= highMessages || bytes >= highBytes)) {
            behindSinceNanos = System.nanoTime();
            behind = true;
            server.behind(+1);
        }
        return true;
    }

    /** Under the server's order lock: clears {@link #behind} once the queue has drained to half its limit. */
    void recheckBehind() {
        if (behind && !closed.get() && queue.size() <= highMessages / 2 && queuedBytes.get() <= highBytes / 2) {
            behind = false;
            server.behind(-1);
        }
    }

    /** Messages waiting for this client (queued or in the current write batch). */
    int backlog() {
        return queue.size() + staged + (current != null ? currentMessages : 0);
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

    /** True when the client has been behind for longer than {@code graceNanos} without taking a single byte. */
    boolean stalled(long now, long graceNanos) {
        return behind && now - Math.max(behindSinceNanos, progressNanos) > graceNanos;
    }

    /** At its queue limit and not yet drained to half of it. */
    boolean isBehind() {
        return behind;
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
        if (behind) { // remove() calls this under the order lock
            behind = false;
            server.behind(-1);
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
                    if (behind) {
                        server.recheckBehind(this);
                    }
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
            if (ch.write(current) > 0) {
                progressNanos = System.nanoTime();
            }
            if (current.hasRemaining()) {
                return false;
            }
            if (current == out) {
                out.clear(); // back to fill mode, empty
            }
            current = null;
            server.delivered(currentMessages);
            if (behind) {
                server.recheckBehind(this);
            }
        }
    }
}
