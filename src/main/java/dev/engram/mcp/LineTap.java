package dev.engram.mcp;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits the bytes passing through a stream into lines (stdio's JSON-RPC framing) and hands each to a consumer,
 * without changing what passes. A line longer than {@link #MAX_LINE} bytes is not kept (the consumer gets an empty
 * line for it, which {@link CallTap} ignores; its call is then audited when the connection ends). Not thread-safe:
 * one per stream direction.
 */
final class LineTap {
    static final int MAX_LINE = 8 * 1024 * 1024;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean overflow;

    LineTap(Consumer<String> lines) {
        this.lines = lines;
    }

    void feed(byte[] b, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                keep(b, start, i - start);
                lines.accept(overflow ? "" : line.toString(StandardCharsets.UTF_8));
                line.reset();
                overflow = false;
                start = i + 1;
            }
        }
        keep(b, start, off + len - start);
    }

    /** What came after the last line end (a message written without one), emptied. */
    String rest() {
        String r = overflow ? "" : line.toString(StandardCharsets.UTF_8);
        line.reset();
        overflow = false;
        return r;
    }

    private void keep(byte[] b, int off, int len) {
        if (overflow || len == 0) {
            return;
        }
        if (line.size() + len > MAX_LINE) {
            overflow = true;
            line.reset();
            return;
        }
        line.write(b, off, len);
    }

    /** {@code in}, with every line read also handed to {@code lines}; {@code onEnd} runs once at its end or close. */
    static InputStream input(InputStream in, Consumer<String> lines, Runnable onEnd) {
        LineTap tap = new LineTap(lines);
        return new FilterInputStream(in) {
            private boolean ended;

            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c < 0) {
                    end();
                } else {
                    tap.feed(new byte[] {(byte) c}, 0, 1);
                }
                return c;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    end();
                } else {
                    tap.feed(b, off, n);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                end();
                super.close();
            }

            private synchronized void end() {
                if (!ended) {
                    ended = true;
                    onEnd.run();
                }
            }
        };
    }

    /** {@code out}, with every line written also handed to {@code lines}. */
    static OutputStream output(OutputStream out, Consumer<String> lines) {
        LineTap tap = new LineTap(lines);
        return new FilterOutputStream(out) {
            @Override
            public synchronized void write(int b) throws IOException {
                out.write(b);
                tap.feed(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                tap.feed(b, off, len);
            }
        };
    }
}
