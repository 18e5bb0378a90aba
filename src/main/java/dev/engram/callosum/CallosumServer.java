package dev.engram.callosum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Callosum bus server: accepts clients on a Unix socket and broadcasts every valid message to all of them, the
 * sender included, in one global order. A connected client gets every message in order, or it is disconnected: while
 * a client is behind, the server stops reading from producers (flow control) and cuts the client only when it took
 * nothing for the grace period. See the package documentation for threads and failure rules.
 */
public final class CallosumServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallosumServer.class);

    private final ServerConfig cfg;
    private final ServerSocketChannel listener;
    private final Counters counters = new Counters();
    private final RateLimitedLog badInput = new RateLimitedLog(LOG, 5000);
    private final ReentrantLock order = new ReentrantLock();
    private volatile ClientConn[] clients = new ClientConn[0];
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Ticker ticker;
    private final Selector selector;
    private final Thread io;
    private final ConcurrentLinkedQueue<ClientConn> toRegister = new ConcurrentLinkedQueue<>();
    private final byte[] tail = new byte[32]; // I/O thread: the newline or the spliced ts of the current line
    /** Clients at their queue limit: while above 0 nobody's input is read. Changed under the order lock. */
    private volatile int behindClients;
    private boolean readsPaused; // I/O thread: OP_READ is off for every client
    private volatile Throwable failure;
    /** Test hook: when set, the I/O loop throws it at its next turn (see {@link #failIoLoop}). */
    private volatile RuntimeException ioFault;
    /** Test hook: called by the ticker between finding a client stalled and cutting it. */
    volatile Consumer<ClientConn> beforeStallCut = c -> { };
    private final Acceptor acceptor;

    private CallosumServer(ServerConfig cfg, ServerSocketChannel listener, long tickMillis, long statsEveryMillis) {
        this.cfg = cfg;
        this.listener = listener;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        ticker = new Ticker(this, cfg, tickMillis, statsEveryMillis);
        ticker.writeStats(true);
        io = Thread.ofPlatform().daemon().name("callosum-io").start(this::ioLoop);
        acceptor = new Acceptor(this, listener);
        acceptor.start();
        ticker.start();
    }

    /** Binds the socket (0600; a stale socket file is replaced) and starts serving. */
    public static CallosumServer start(ServerConfig cfg) {
        return start(cfg, 100, 1000);
    }

    /** Tests: the ticker looks for stalls every {@code tickMillis} and writes changed counters every {@code statsEveryMillis}. */
    static CallosumServer start(ServerConfig cfg, long tickMillis, long statsEveryMillis) {
        ServerSocketChannel ch = SocketBinder.bind(cfg.socket());
        LOG.info("callosum listening on {}", cfg.socket());
        return new CallosumServer(cfg, ch, tickMillis, statsEveryMillis);
    }

    public Path socketPath() {
        return cfg.socket();
    }

    /** The connected clients now (a snapshot: the array is replaced, never changed). */
    ClientConn[] clients() {
        return clients;
    }

    public CallosumStats stats() {
        return counters.snapshot(clients.length);
    }

    /**
     * True until the server is closed: by {@link #close()}, or by itself when its I/O thread or its accept thread
     * died (then {@link #failure()} says why). A server that is not running serves nobody: its socket is gone.
     */
    public boolean isRunning() {
        return !closed.get();
    }

    /**
     * The error that ended the server's I/O thread (or accept thread) and thereby closed the server; empty while it
     * runs and after a normal {@link #close()}. Logged at ERROR when it happened.
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Broadcasts a message from inside this process, as if a client had sent it. Like a producer socket it is held
     * back while a client is behind (flow control): this waits until the bus moves again, which takes at most about
     * the stall grace period. False once closed, or when the calling thread is interrupted while it waits.
     */
    public boolean publish(Message m) {
        byte[] line = (m.withTsIfAbsent(System.currentTimeMillis()).toAsciiJson() + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        boolean io = Thread.currentThread() == this.io;
        while (!closed.get()) {
            order.lock();
            try {
                if (behindClients == 0 || io) {
                    counters.messagesIn.increment();
                    for (ClientConn c : clients) {
                        offer(c, line);
                    }
                    break;
                }
            } finally {
                order.unlock();
            }
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(200_000);
        }
        if (closed.get()) {
            return false;
        }
        if (!io) {
            selector.wakeup();
        }
        return true;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        done.await();
    }

    /** Stops accepting, disconnects every client, removes the socket file and writes the final counters. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("closing the listener", e);
        }
        for (ClientConn c : clients) {
            remove(c, Cause.GONE);
        }
        ticker.interrupt();
        selector.wakeup();
        SocketBinder.unlink(cfg.socket());
        ticker.await();
        ticker.writeStats(false);
        LOG.info("callosum stopped; {}", stats());
        done.countDown();
    }

    /** I/O thread: a line read from a client. */
    void onLine(byte[] buf, int off, int len) {
        long checked;
        try {
            checked = WireLine.check(buf, off, len);
        } catch (InvalidMessageException e) {
            onInvalid(e, -1);
            return;
        }
        int start = WireLine.start(checked);
        int end = WireLine.end(checked);
        int bodyLen;
        int tailLen;
        if (WireLine.hasTs(checked)) {
            bodyLen = end - start;
            tail[0] = '\n';
            tailLen = 1;
        } else {
            bodyLen = end - 1 - start; // up to the closing brace, which the tail puts back after ts
            tailLen = WireLine.tsTail(System.currentTimeMillis(), tail);
        }
        order.lock();
        try {
            counters.messagesIn.increment();
            byte[] shared = null; // made only when some client cannot take the message straight away
            for (ClientConn c : clients) {
                if (c.appendDirect(buf, start, bodyLen, tail, tailLen)) {
                    continue;
                }
                if (shared == null) {
                    shared = new byte[bodyLen + tailLen];
                    System.arraycopy(buf, start, shared, 0, bodyLen);
                    System.arraycopy(tail, 0, shared, bodyLen, tailLen);
                }
                offer(c, shared);
            }
        } finally {
            order.unlock();
        }
    }

    void onInvalid(InvalidMessageException e, long clientId) {
        counters.drop(e.reason());
        badInput.warn("callosum dropped input: " + e.getMessage());
    }

    void delivered(int n) {
        counters.delivered.add(n);
    }

    /**
     * Under the order lock: queues a message for a client. Flow control keeps room for it; should there be none, the
     * client is disconnected (counted and logged) rather than left connected with a gap.
     */
    private void offer(ClientConn c, byte[] line) {
        if (!c.offer(line)) {
            counters.undelivered.increment();
            remove(c, Cause.OVERFLOW);
        }
    }

    /** Under the order lock, from a client: it became behind (+1) or caught up or left (-1). */
    void behind(int delta) {
        behindClients += delta;
    }

    /** I/O thread: a client that was behind wrote a batch; it may have drained to half its limit. */
    void recheckBehind(ClientConn c) {
        order.lock();
        try {
            c.recheckBehind();
        } finally {
            order.unlock();
        }
    }

    /**
     * Test hook: the next connection the accept thread takes is closed and {@code e} is thrown in its place, as a
     * failing {@code accept} would (EMFILE, ECONNABORTED).
     */
    void failAccept(IOException e) {
        acceptor.failNext(e);
    }

    /** Test hook: makes the I/O loop throw {@code e} at its next turn, as an unexpected bug would. */
    void failIoLoop(RuntimeException e) {
        ioFault = e;
        selector.wakeup();
    }

    /**
     * The one I/O thread: reads every client without blocking, validates and broadcasts the lines (which only queues
     * them), then writes every client's queue as far as its socket takes it. A client whose socket is full gets
     * OP_WRITE interest and is written when it drains; the others never wait for it. While some client is behind,
     * no client is read (OP_READ off): producers wait in their socket buffers, and nobody misses a message. If this
     * loop dies, the server closes and records why ({@link #failure()}).
     */
    private void ioLoop() {
        ByteBuffer in = ByteBuffer.allocate(ClientConn.BUFFER);
        try {
            while (!closed.get()) {
                selector.select();
                RuntimeException fault = ioFault;
                if (fault != null) {
                    throw fault;
                }
                ClientConn added;
                while ((added = toRegister.poll()) != null) {
                    try {
                        added.key = added.ch.register(selector, readsPaused ? 0 : SelectionKey.OP_READ, added);
                    } catch (ClosedChannelException | CancelledKeyException e) {
                        remove(added, Cause.GONE);
                    }
                }
                var selected = selector.selectedKeys();
                for (SelectionKey k : selected) {
                    ClientConn c = (ClientConn) k.attachment();
                    try {
                        if (k.isValid() && k.isWritable()) {
                            c.pending = true;
                        }
                        // checked before every read: a read started before a pause adds at most one read's lines
                        if (behindClients == 0 && k.isValid() && k.isReadable() && !c.readOnce(in)) {
                            remove(c, Cause.GONE);
                        }
                    } catch (IOException | CancelledKeyException e) {
                        remove(c, Cause.GONE); // the client went away or we closed it
                    } catch (RuntimeException e) {
                        LOG.error("callosum disconnected client {} after an unexpected error", c.id, e);
                        remove(c, Cause.GONE); // one client's failure must not stop the I/O thread
                    }
                }
                selected.clear();
                for (ClientConn c : clients) {
                    if (c.pending) {
                        flush(c);
                    }
                }
                boolean pause = behindClients > 0;
                if (pause != readsPaused) {
                    readsPaused = pause;
                    for (ClientConn c : clients) {
                        interest(c);
                    }
                }
            }
        } catch (Throwable e) { // an Error too: nobody else would notice that the bus stopped moving
            fail("I/O thread", e);
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing the selector", e);
            }
        }
    }

    /** The I/O or accept thread died: record why, say so at ERROR, and close, so nobody is served half-way. */
    void fail(String where, Throwable e) {
        if (closed.get()) {
            return;
        }
        failure = e;
        LOG.error("callosum {} died; closing the bus: {}", where, e.toString(), e);
        close();
    }

    private void flush(ClientConn c) {
        SelectionKey k = c.key;
        if (k == null || c.isClosed()) {
            return; // not registered yet: flushed after registration, when the next message or read arrives
        }
        c.pending = false;
        try {
            c.wantWrite = !c.flush();
            interest(c);
        } catch (IOException | CancelledKeyException e) {
            remove(c, Cause.GONE); // the peer went away
        }
    }

    /** I/O thread: read interest unless reads are paused, write interest while the socket took less than we had. */
    private void interest(ClientConn c) {
        SelectionKey k = c.key;
        if (k == null || !k.isValid()) {
            return;
        }
        int want = (readsPaused ? 0 : SelectionKey.OP_READ) | (c.wantWrite ? SelectionKey.OP_WRITE : 0);
        try {
            if (k.interestOps() != want) {
                k.interestOps(want);
            }
        } catch (CancelledKeyException e) {
            // closed meanwhile; removed by whoever closed it
        }
    }

    /** Why a client is removed. */
    enum Cause { GONE, STALLED, OVERFLOW }

    void remove(ClientConn c, Cause cause) {
        int backlog;
        order.lock();
        try {
            // re-checked under the lock that orders fan-out: a client that caught up since the ticker looked stays
            if (cause == Cause.STALLED && !c.stalled(System.nanoTime(), cfg.stallGrace().toNanos())) {
                return;
            }
            int i = Arrays.asList(clients).indexOf(c);
            if (i >= 0) {
                ClientConn[] next = new ClientConn[clients.length - 1];
                System.arraycopy(clients, 0, next, 0, i);
                System.arraycopy(clients, i + 1, next, i, clients.length - i - 1);
                clients = next;
            }
            backlog = c.backlog();
            if (!c.close()) {
                return;
            }
        } finally {
            order.unlock();
        }
        counters.undelivered.add(backlog);
        switch (cause) {
            case STALLED -> {
                counters.clientsDropped.increment();
                LOG.warn("callosum disconnected client {}: it took nothing for {} ms while {} message(s) waited for it"
                        + " (producers were held back meanwhile)", c.id, cfg.stallGrace().toMillis(), backlog);
            }
            case OVERFLOW -> {
                counters.clientsDropped.increment();
                LOG.error("callosum disconnected client {}: its queue overflowed despite flow control ({} waiting)",
                        c.id, backlog);
            }
            case GONE -> LOG.debug("callosum client {} disconnected", c.id);
        }
        if (Thread.currentThread() != io && !closed.get()) {
            selector.wakeup(); // reads may resume now that this client no longer holds the bus back
        }
    }

    /**
     * Accept thread: a new client joins the broadcast (its socket registered by the I/O thread), or is refused when
     * {@link ServerConfig#maxClients()} are connected.
     */
    void admit(SocketChannel ch) {
        if (clients.length >= cfg.maxClients()) {
            LOG.warn("callosum refused a client: already {} connected", cfg.maxClients());
            Acceptor.closeQuietly(ch);
            return;
        }
        try {
            ch.configureBlocking(false);
        } catch (IOException e) {
            Acceptor.closeQuietly(ch);
            return;
        }
        ClientConn c = new ClientConn(ids.incrementAndGet(), ch, this, cfg);
        order.lock();
        try {
            ClientConn[] next = Arrays.copyOf(clients, clients.length + 1);
            next[clients.length] = c;
            clients = next;
        } finally {
            order.unlock();
        }
        counters.clientsAccepted.increment();
        toRegister.add(c);
        selector.wakeup();
        if (closed.get()) {
            remove(c, Cause.GONE);
        }
    }
}
