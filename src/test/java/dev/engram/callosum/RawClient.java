package dev.engram.callosum;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test client on a real socket: writes raw bytes, collects received lines on a background thread. */
final class RawClient implements AutoCloseable {
    final SocketChannel ch;
    final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    volatile boolean eof;

    RawClient(Path socket, boolean read) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        if (read) {
            Thread.ofVirtual().start(this::readLoop);
        }
    }

    static RawClient connect(Path socket) throws IOException {
        return new RawClient(socket, true);
    }

    void write(String s) throws IOException {
        write(s.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** The next line, or fails after the timeout. */
    String next(Duration timeout) throws InterruptedException {
        String l = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (l == null) {
            throw new AssertionError("no line within " + timeout + (eof ? " (connection closed)" : ""));
        }
        return l;
    }

    String next() throws InterruptedException {
        return next(Duration.ofSeconds(5));
    }

    private void readLoop() {
        ByteBuffer in = ByteBuffer.allocate(65536);
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        try {
            while (ch.read(in) >= 0) {
                for (int i = 0; i < in.position(); i++) {
                    byte b = in.array()[i];
                    if (b == '\n') {
                        lines.add(cur.toString(StandardCharsets.UTF_8));
                        cur.reset();
                    } else {
                        cur.write(b);
                    }
                }
                in.clear();
            }
        } catch (IOException e) {
            // closed
        }
        eof = true;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
