package dev.engram.mcp;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * One MCP POST seen by the audit: its body, read here (at most {@link #MAX_BODY} bytes) and handed to the MCP SDK
 * unchanged, and its answer, teed from the response's writer as the SDK writes it (an SSE {@code data:} line, or a
 * JSON error body), both given to a {@link CallTap}. {@link #end} audits a call that got no answer once the request
 * is over (at once, or when its asynchronous stream completes). One per request.
 */
final class HttpTap {
    /** The largest request body accepted (tool arguments are far smaller: a news page is at most 100,000 chars). */
    static final int MAX_BODY = 4 * 1024 * 1024;
    private final CallTap tap;
    /** The answer's current line (chars as the SDK writes them), up to {@link LineTap#MAX_LINE}. */
    private char[] line = new char[0];
    private int length;
    private boolean overflow;

    HttpTap(CallTap tap) {
        this.tap = tap;
    }

    /** The body, or null when it is longer than {@link #MAX_BODY}. */
    static byte[] readBody(HttpServletRequest req) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > MAX_BODY) {
            return null;
        }
        try (InputStream in = req.getInputStream()) {
            if (declared >= 0) {
                // the usual case: read into a buffer of the declared size (readNBytes(MAX_BODY + 1) would allocate and
                // copy chunks), then make sure nothing follows
                byte[] body = new byte[(int) declared];
                int n = in.readNBytes(body, 0, body.length);
                return n < body.length ? java.util.Arrays.copyOf(body, n) : in.read() < 0 ? body : null;
            }
            byte[] body = in.readNBytes(MAX_BODY + 1);
            return body.length > MAX_BODY ? null : body;
        }
    }

    /** The request as the SDK reads it: the same body, from memory. */
    static HttpServletRequest withBody(HttpServletRequest req, byte[] body) {
        return new HttpServletRequestWrapper(req) {
            @Override
            public ServletInputStream getInputStream() {
                ByteArrayInputStream in = new ByteArrayInputStream(body);
                return new ServletInputStream() {
                    @Override
                    public boolean isFinished() {
                        return in.available() == 0;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new IllegalStateException("the MCP body is read from memory, synchronously");
                    }

                    @Override
                    public int read() {
                        return in.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        return in.read(b, off, len);
                    }
                };
            }

            @Override
            public BufferedReader getReader() {
                return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                        StandardCharsets.UTF_8));
            }
        };
    }

    /** The response whose writer also feeds the tap. */
    HttpServletResponse teed(HttpServletResponse resp) {
        return new HttpServletResponseWrapper(resp) {
            private PrintWriter writer;

            @Override
            public synchronized PrintWriter getWriter() throws IOException {
                if (writer == null) {
                    writer = new PrintWriter(new Tee(resp.getWriter()), false);
                }
                return writer;
            }
        };
    }

    /**
     * The servlet returned: a call still waiting for its answer is audited now, or, when the SDK streams the answer
     * asynchronously, when that stream ends.
     */
    void end(HttpServletRequest req, HttpServletResponse resp) {
        if (tap.waiting() && req.isAsyncStarted()) {
            req.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    close(resp);
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    close(resp);
                }

                @Override
                public void onError(AsyncEvent event) {
                    close(resp);
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    // the same request: nothing to do
                }
            });
        } else {
            close(resp);
        }
    }

    private synchronized void close(HttpServletResponse resp) {
        if (!overflow && length > 0 && line[0] == '{') {
            tap.response(line, 0, length); // a JSON body without a line end: the SDK's error answers
        }
        length = 0;
        int status = resp.getStatus();
        tap.finish("error", status >= 400 ? status : 0);
    }

    /** Splits what the SDK writes into lines and hands an SSE {@code data:} line or a JSON line to the tap. */
    private synchronized void feed(char[] c, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (c[i] == '\n') {
                keep(c, start, i - start);
                if (!overflow) {
                    line();
                }
                length = 0;
                overflow = false;
                start = i + 1;
            }
        }
        keep(c, start, off + len - start);
    }

    /** {@link #feed(char[], int, int)} of a string's chars, without copying them into an array first. */
    private synchronized void feed(String c, int off, int len) {
        int start = off;
        for (int nl = c.indexOf('\n', off, off + len); nl >= 0; nl = c.indexOf('\n', start, off + len)) {
            if (room(nl - start)) {
                c.getChars(start, nl, line, length);
                length += nl - start;
            }
            if (!overflow) {
                line();
            }
            length = 0;
            overflow = false;
            start = nl + 1;
        }
        if (room(off + len - start)) {
            c.getChars(start, off + len, line, length);
            length += off + len - start;
        }
    }

    private void keep(char[] c, int off, int len) {
        if (room(len)) {
            System.arraycopy(c, off, line, length, len);
            length += len;
        }
    }

    /** Whether {@code len} more chars are kept in the line (which grows for them), false past the limit. */
    private boolean room(int len) {
        if (overflow || len == 0) {
            return false;
        }
        if (length + len > LineTap.MAX_LINE) {
            overflow = true;
            length = 0;
            return false;
        }
        if (length + len > line.length) {
            line = java.util.Arrays.copyOf(line, Math.min(LineTap.MAX_LINE, Math.max(length + len,
                    Math.max(512, line.length * 2))));
        }
        return true;
    }

    private void line() {
        if (length >= 6 && line[0] == 'd' && line[1] == 'a' && line[2] == 't' && line[3] == 'a' && line[4] == ':'
                && line[5] == ' ') {
            tap.response(line, 6, length - 6);
        } else if (length > 0 && line[0] == '{') {
            tap.response(line, 0, length);
        }
    }

    /** Writes through to the response and feeds the tap; reports the response's errors (a gone client). */
    private final class Tee extends Writer {
        private final PrintWriter out;

        Tee(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(char[] c, int off, int len) throws IOException {
            out.write(c, off, len);
            feed(c, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            out.write(str, off, len);
            feed(str, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            check();
        }

        @Override
        public void close() {
            out.close();
        }

        private void check() throws IOException {
            if (out.checkError()) {
                throw new IOException("the MCP client went away");
            }
        }
    }
}
