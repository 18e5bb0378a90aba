package dev.engram.callosum;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bus client. It connects lazily and reconnects at most once a second. {@link #emit} never blocks: it queues into a
 * bounded queue that a writer thread drains (messages wait there while disconnected). Messages are written as ASCII
 * JSON ({@link Message#toAsciiJson()}) so servers that decode each read separately accept them.
 *
 * <p>Receiving: every message the bus sends is handed to the callback, in order, once, on the client's reader thread
 * (a separate thread, so a slow callback never delays sending). There is no receive queue to overflow: the reader
 * reads only as fast as the callback returns, so a slow callback makes the bus hold its producers back (flow control)
 * instead of losing messages. The only gaps are around a lost connection (the server cuts a client that takes nothing
 * for its grace period, 2 s by default, or the bus restarts): each is counted ({@link #connectionsLost()}) and logged.
 * Nothing is dropped silently: an emit refused by the full send queue ({@link #sendDropped()}) and a received line
 * that is not a valid message or is over 16 MiB ({@link #receiveSkipped()}) are counted and logged (rate-limited).
 */
public final class CallosumClient implements Emitter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallosumClient.class);
    /** The send queue holds this many messages, as in the reference client. */
    public static final int QUEUE = 1000;
    private static final int MAX_IN_LINE = 16 * 1024 * 1024;

    private final Path socket;
    private final Consumer<Message> onMessage;
    private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
    private final RateLimitedLog warn = new RateLimitedLog(LOG, 5000);
    private final Thread writer;
    private volatile SocketChannel conn;
    private volatile boolean stopping;
    private final AtomicLong sendDropped = new AtomicLong();
    private final AtomicLong receiveSkipped = new AtomicLong();
    private final AtomicLong connectionsLost = new AtomicLong();

    private CallosumClient(Path socket, Consumer<Message> onMessage) {
        this.socket = socket;
        this.onMessage = onMessage;
        this.writer = Thread.ofPlatform().daemon().name("callosum-client-write").start(this::writeLoop);
    }

    /** Starts a client whose received messages go to {@code onMessage} (called on the client's reader thread). */
    public static CallosumClient start(Path socket, Consumer<Message> onMessage) {
        return new CallosumClient(socket, onMessage);
    }

    /** Starts a send-only client (received messages are read and discarded). */
    public static CallosumClient start(Path socket) {
        return new CallosumClient(socket, m -> { });
    }

    /** Connects, writes one message, closes. Returns whether it was written; never throws. */
    public static boolean send(Path socket, Message message) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer b = ByteBuffer.wrap(bytes(message));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.shutdownOutput();
            drain(ch);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("callosum send to {} failed: {}", socket, e.toString());
            return false;
        }
    }

    /**
     * Reads (and drops) what the server broadcast to this one-shot connection until the server closes it after our
     * line, at most 2 s: on Linux, closing a Unix socket with unread data resets the peer, and the server's read of
     * our line could then fail with ECONNRESET before it got the line (seen as a lost observe.observed in CI).
     */
    private static void drain(SocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        try (java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
            ch.register(sel, java.nio.channels.SelectionKey.OP_READ);
            ByteBuffer sink = ByteBuffer.allocate(8192);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline) {
                sel.select(100);
                sel.selectedKeys().clear();
                sink.clear();
                if (ch.read(sink) < 0) {
                    return;
                }
            }
        }
    }

    @Override
    public boolean emit(Message message) {
        if (stopping) {
            return false;
        }
        if (!queue.offer(bytes(message))) {
            long n = sendDropped.incrementAndGet();
            warn.warn("callosum client send queue full (" + QUEUE + "); dropped " + message.tract() + "."
                    + message.event() + " (" + n + " dropped in all)");
            return false;
        }
        return true;
    }

    public boolean isConnected() {
        return conn != null;
    }

    /** Messages {@link #emit} refused because the send queue was full (each emit returned false). */
    public long sendDropped() {
        return sendDropped.get();
    }

    /** Received lines not handed to the callback: not a valid message, or longer than 16 MiB. */
    public long receiveSkipped() {
        return receiveSkipped.get();
    }

    /**
     * Connections that ended while this client was running (the bus stopped, or cut this client because it took
     * nothing for the server's grace period). Messages broadcast until the client reconnected were not received.
     */
    public long connectionsLost() {
        return connectionsLost.get();
    }

    public Path socket() {
        return socket;
    }

    /** Sends what is queued (waiting up to a second when connected), then disconnects. */
    @Override
    public void close() {
        stopping = true;
        try {
            writer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
        disconnect(conn);
    }

    private static byte[] bytes(Message m) {
        return (m.toAsciiJson() + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private void writeLoop() {
        ByteBuffer out = ByteBuffer.allocate(64 * 1024);
        long lastAttempt = 0;
        byte[] carry = null; // taken from the queue while the connection was being replaced
        try {
            while (!(stopping && ((queue.isEmpty() && carry == null) || conn == null))) {
                SocketChannel ch = conn;
                if (ch == null) {
                    long wait = lastAttempt + 1_000_000_000L - System.nanoTime();
                    if (lastAttempt != 0 && wait > 0) {
                        Thread.sleep(Math.min(100, wait / 1_000_000 + 1));
                        continue;
                    }
                    lastAttempt = System.nanoTime();
                    connect();
                    continue;
                }
                byte[] first = carry != null ? carry : queue.poll(100, TimeUnit.MILLISECONDS);
                carry = null;
                if (first != null && conn != ch) {
                    carry = first; // the connection dropped while we waited: send it on the next one
                } else if (first != null) {
                    write(ch, out, first);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void connect() {
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            conn = ch;
            LOG.debug("callosum client connected to {}", socket);
            Thread.ofPlatform().daemon().name("callosum-client-read").start(() -> readLoop(ch));
        } catch (IOException | RuntimeException e) {
            LOG.debug("callosum client cannot connect to {}: {}", socket, e.toString());
        }
    }

    private void write(SocketChannel ch, ByteBuffer out, byte[] first) {
        try {
            if (first.length > out.capacity()) {
                ByteBuffer big = ByteBuffer.wrap(first);
                while (big.hasRemaining()) {
                    ch.write(big);
                }
                return;
            }
            out.clear();
            out.put(first);
            byte[] next;
            while ((next = queue.peek()) != null && next.length <= out.remaining()) {
                out.put(queue.poll());
            }
            out.flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
        } catch (IOException e) {
            warn.warn("callosum client lost the bus at " + socket + " (" + e.getMessage() + "); reconnecting");
            disconnect(ch);
        }
    }

    private void readLoop(SocketChannel ch) {
        LineDecoder decoder = new LineDecoder(MAX_IN_LINE);
        LineDecoder.Sink sink = new LineDecoder.Sink() {
            @Override
            public void line(byte[] buf, int off, int len) {
                deliver(new String(buf, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void tooLong() {
                receiveSkipped.incrementAndGet();
                warn.warn("callosum client skipped a message longer than " + MAX_IN_LINE + " bytes");
            }
        };
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        try {
            while (ch.read(in) >= 0) {
                decoder.feed(in.array(), 0, in.position(), sink);
                in.clear();
            }
        } catch (IOException e) {
            LOG.debug("callosum client read ended: {}", e.toString());
        }
        if (!stopping) {
            long n = connectionsLost.incrementAndGet();
            warn.warn("callosum client lost its connection to " + socket + " (" + n + " in all); messages sent on the"
                    + " bus until it reconnects are missed");
        }
        disconnect(ch);
    }

    private void deliver(String line) {
        if (line.isBlank()) {
            return;
        }
        Message m;
        try {
            m = Message.parse(line);
        } catch (InvalidMessageException e) {
            receiveSkipped.incrementAndGet();
            warn.warn("callosum client ignored a received line: " + e.getMessage());
            return;
        }
        try {
            onMessage.accept(m);
        } catch (RuntimeException e) {
            LOG.warn("callosum message callback failed on {}.{}", m.tract(), m.event(), e);
        }
    }

    private void disconnect(SocketChannel ch) {
        if (ch == null) {
            return;
        }
        synchronized (this) {
            if (conn == ch) {
                conn = null;
            }
        }
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing", e);
        }
    }
}
