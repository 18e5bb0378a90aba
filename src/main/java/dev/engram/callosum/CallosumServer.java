package dev.engram.callosum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Callosum bus server: accepts clients on a Unix socket and broadcasts every valid message to all of them, the
 * sender included, in one global order. See the package documentation for threads and failure rules.
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
    private final long startedMillis = System.currentTimeMillis();
    private final Thread ticker;
    private final Selector selector;
    private final Thread io;
    private final ConcurrentLinkedQueue<ClientConn> toRegister = new ConcurrentLinkedQueue<>();
    private final byte[] tail = new byte[32]; // I/O thread: the newline or the spliced ts of the current line

    private CallosumServer(ServerConfig cfg, ServerSocketChannel listener) {
        this.cfg = cfg;
        this.listener = listener;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        writeStats(true);
        io = Thread.ofPlatform().daemon().name("callosum-io").start(this::ioLoop);
        Thread.ofPlatform().daemon().name("callosum-accept").start(this::acceptLoop);
        ticker = Thread.ofPlatform().daemon().name("callosum-ticker").start(this::tickLoop);
    }

    /** Binds the socket (0600; a stale socket file is replaced) and starts serving. */
    public static CallosumServer start(ServerConfig cfg) {
        ServerSocketChannel ch = SocketBinder.bind(cfg.socket());
        LOG.info("callosum listening on {}", cfg.socket());
        return new CallosumServer(cfg, ch);
    }

    public Path socketPath() {
        return cfg.socket();
    }

    public CallosumStats stats() {
        return counters.snapshot(clients.length);
    }

    /** Broadcasts a message from inside this process, as if a client had sent it; false once closed. */
    public boolean publish(Message m) {
        if (closed.get()) {
            return false;
        }
        broadcast((m.withTsIfAbsent(System.currentTimeMillis()).toAsciiJson() + "\n")
                .getBytes(StandardCharsets.US_ASCII));
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
            remove(c, false);
        }
        ticker.interrupt();
        selector.wakeup();
        SocketBinder.unlink(cfg.socket());
        writeStats(false);
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
                if (!c.offer(shared)) {
                    counters.undelivered.increment();
                }
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

    /** Acceptance and fan-out happen under one lock, so every client sees the same order. */
    private void broadcast(byte[] line) {
        order.lock();
        try {
            counters.messagesIn.increment();
            for (ClientConn c : clients) {
                if (!c.offer(line)) {
                    counters.undelivered.increment();
                }
            }
        } finally {
            order.unlock();
        }
        if (Thread.currentThread() != io) {
            selector.wakeup(); // lines read by the I/O thread are flushed when it finishes its current reads
        }
    }

    /**
     * The one I/O thread: reads every client without blocking, validates and broadcasts the lines (which only queues
     * them), then writes every client's queue as far as its socket takes it. A client whose socket is full gets
     * OP_WRITE interest and is written when it drains; the others never wait for it.
     */
    private void ioLoop() {
        ByteBuffer in = ByteBuffer.allocate(ClientConn.BUFFER);
        try {
            while (!closed.get()) {
                selector.select();
                ClientConn added;
                while ((added = toRegister.poll()) != null) {
                    try {
                        added.key = added.ch.register(selector, SelectionKey.OP_READ, added);
                    } catch (ClosedChannelException | CancelledKeyException e) {
                        remove(added, false);
                    }
                }
                var selected = selector.selectedKeys();
                for (SelectionKey k : selected) {
                    ClientConn c = (ClientConn) k.attachment();
                    try {
                        if (k.isValid() && k.isWritable()) {
                            c.pending = true;
                        }
                        if (k.isValid() && k.isReadable() && !c.readOnce(in)) {
                            remove(c, false);
                        }
                    } catch (IOException | CancelledKeyException e) {
                        remove(c, false); // the client went away or we closed it
                    } catch (RuntimeException e) {
                        LOG.error("callosum disconnected client {} after an unexpected error", c.id, e);
                        remove(c, false); // one client's failure must not stop the I/O thread
                    }
                }
                selected.clear();
                for (ClientConn c : clients) {
                    if (c.pending) {
                        flush(c);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                LOG.error("callosum I/O loop failed: {}", e.toString(), e);
            }
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing the selector", e);
            }
        }
    }

    private void flush(ClientConn c) {
        SelectionKey k = c.key;
        if (k == null || c.isClosed()) {
            return; // not registered yet: flushed after registration, when the next message or read arrives
        }
        c.pending = false;
        try {
            boolean done = c.flush();
            int want = done ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
            if (k.interestOps() != want) {
                k.interestOps(want);
            }
        } catch (IOException | CancelledKeyException e) {
            remove(c, false); // the peer went away
        }
    }

    void remove(ClientConn c, boolean slow) {
        order.lock();
        try {
            int i = Arrays.asList(clients).indexOf(c);
            if (i >= 0) {
                ClientConn[] next = new ClientConn[clients.length - 1];
                System.arraycopy(clients, 0, next, 0, i);
                System.arraycopy(clients, i + 1, next, i, clients.length - i - 1);
                clients = next;
            }
        } finally {
            order.unlock();
        }
        if (c.close()) {
            if (slow) {
                counters.clientsDropped.increment();
                LOG.warn("callosum disconnected client {}: its queue was full for more than {} ms", c.id,
                        cfg.stallGrace().toMillis());
            } else {
                LOG.debug("callosum client {} disconnected", c.id);
            }
        }
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    LOG.error("callosum stopped accepting: {}", e.toString());
                }
                return;
            }
            if (clients.length >= cfg.maxClients()) {
                LOG.warn("callosum refused a client: already {} connected", cfg.maxClients());
                closeQuietly(ch);
                continue;
            }
            try {
                ch.configureBlocking(false);
            } catch (IOException e) {
                closeQuietly(ch);
                continue;
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
                remove(c, false);
            }
        }
    }

    private void tickLoop() {
        long graceNanos = cfg.stallGrace().toNanos();
        long lastWrite = System.nanoTime();
        CallosumStats written = stats();
        try {
            while (!closed.get()) {
                Thread.sleep(100);
                long now = System.nanoTime();
                for (ClientConn c : clients) {
                    if (c.stalled(now, graceNanos)) {
                        remove(c, true);
                    }
                }
                CallosumStats s = stats();
                if (now - lastWrite >= 1_000_000_000L && !s.equals(written)) {
                    writeStats(true);
                    written = s;
                    lastWrite = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeStats(boolean running) {
        if (cfg.statsFile().isEmpty()) {
            return;
        }
        ObjectNode json = StatsFile.toJson(stats(), cfg.socket(), running, startedMillis);
        try {
            StatsFile.write(cfg.statsFile().get(), json);
        } catch (IOException | RuntimeException e) {
            LOG.warn("callosum could not write {}: {}", cfg.statsFile().get(), e.toString());
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing a refused client", e);
        }
    }

    static ServerSocketChannel openUnix() throws IOException {
        return ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    }

    static UnixDomainSocketAddress address(Path p) {
        return UnixDomainSocketAddress.of(p);
    }
}
