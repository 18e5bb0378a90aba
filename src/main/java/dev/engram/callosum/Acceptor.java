package dev.engram.callosum;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus's accept thread: takes each connecting client from the listening socket and hands it to the server. A
 * transient accept failure (EMFILE "too many open files", ECONNABORTED) is logged at most every 5 s and retried after
 * 100 ms while the connected clients go on being served; a listener closed under it, an interrupt or a bug ends the
 * server through {@link CallosumServer#fail}, so nobody is left thinking the bus accepts clients when it does not.
 */
final class Acceptor {
    private static final Logger LOG = LoggerFactory.getLogger(CallosumServer.class);

    private final CallosumServer server;
    private final ServerSocketChannel listener;
    private final RateLimitedLog errors = new RateLimitedLog(LOG, 5000);
    /** Test hook: the next accepted connection is closed and this is thrown in its place (see {@link #failNext}). */
    private final AtomicReference<IOException> fault = new AtomicReference<>();

    Acceptor(CallosumServer server, ServerSocketChannel listener) {
        this.server = server;
        this.listener = listener;
    }

    /** Starts the accept thread. */
    void start() {
        Thread.ofPlatform().daemon().name("callosum-accept").start(this::loop);
    }

    /** Test hook: the next connection is closed and {@code e} thrown in its place, as a failing accept would. */
    void failNext(IOException e) {
        fault.set(e);
    }

    private void loop() {
        while (server.isRunning()) {
            SocketChannel ch;
            try {
                ch = accept();
            } catch (ClosedChannelException e) {
                if (server.isRunning()) {
                    server.fail("accept thread", e); // the listener was closed under us: nobody can connect any more
                }
                return;
            } catch (IOException e) {
                errors.warn("callosum could not accept a client (retrying in 100 ms): " + e);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    if (server.isRunning()) {
                        server.fail("accept thread", ie);
                    }
                    return;
                }
                continue;
            } catch (RuntimeException e) {
                server.fail("accept thread", e);
                return;
            }
            server.admit(ch);
        }
    }

    private SocketChannel accept() throws IOException {
        SocketChannel ch = listener.accept();
        IOException f = fault.getAndSet(null);
        if (f != null) {
            closeQuietly(ch);
            throw f;
        }
        return ch;
    }

    static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing a refused client", e);
        }
    }
}
