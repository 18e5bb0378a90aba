package dev.engram.apps.observers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A streaming reader of a {@code multipart/form-data} body: {@link #next()} gives the parts one after the other,
 * each with its headers and an {@link InputStream} of its content that ends at the next boundary. Nothing is held in
 * memory beyond one buffer ({@value #BUFFER} bytes) and one part's headers (at most {@value #MAX_HEADERS} bytes), so
 * a 500 MB file flows straight from the socket to its staging file. A body that ends without its closing boundary
 * is a {@link MalformedException}. Not thread-safe: one request thread reads it.
 */
final class MultipartReader {
    static final int BUFFER = 64 * 1024;
    static final int MAX_HEADERS = 16 * 1024;
    private final InputStream in;
    private final byte[] delimiter; // CRLF "--" boundary
    private final int[] shift = new int[256]; // Horspool: how far the delimiter may move past a byte
    private final byte[] buf;
    private int pos;
    private int lim;
    // What find() learnt, kept until pos moves past it: no delimiter starts in [pos, clearTo), and one starts at
    // foundAt when foundAt >= pos. A part read in pieces (a one-byte peek, then the rest) is then scanned only once.
    private int clearTo;
    private int foundAt = -1;
    private boolean eof;
    private boolean done;
    private PartStream current;

    /** A body that is not well-formed multipart. */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    /** A form field or a part's headers longer than the reader allows (a size limit: 413, not a malformed body). */
    static final class TooLongException extends IOException {
        TooLongException(String message) {
            super(message);
        }
    }

    /** One part: its form field name, file name (for file parts), content type, and content (read it or skip it). */
    record Part(String name, Optional<String> filename, String contentType, InputStream content) {
        String text(int max) throws IOException {
            // fields are short (day, segment, meta): start small instead of readNBytes' 8 KiB chunks
            byte[] b = new byte[Math.min(max + 1, 512)];
            int n = 0;
            int r;
            while ((r = content.read(b, n, b.length - n)) > 0) {
                n += r;
                if (n > max) {
                    throw new TooLongException("form field '" + name + "' is longer than " + max + " bytes");
                }
                if (n == b.length) {
                    b = Arrays.copyOf(b, Math.min(max + 1, b.length * 2));
                }
            }
            return new String(b, 0, n, StandardCharsets.UTF_8);
        }
    }

    MultipartReader(InputStream in, String boundary) {
        this(in, boundary, null);
    }

    /**
     * A reader that reads through {@code reuse} when it is large enough ({@link #bufferFor} of this boundary; its
     * content is ignored), otherwise through a buffer of its own; the caller must not use {@code reuse} meanwhile.
     */
    MultipartReader(InputStream in, String boundary, byte[] reuse) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int size = bufferFor(delimiter.length);
        this.buf = reuse != null && reuse.length >= size ? reuse : new byte[size];
        Arrays.fill(shift, delimiter.length);
        for (int j = 0; j < delimiter.length - 1; j++) {
            shift[delimiter[j] & 0xff] = delimiter.length - 1 - j;
        }
        // the body starts with "--boundary" (after an optional preamble): a virtual CRLF makes it a delimiter too
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** The buffer size a reader needs for a delimiter of this length. */
    static int bufferFor(int delimiterLength) {
        return BUFFER + delimiterLength + 4;
    }

    /** The buffer this reader reads through (to hand it to a later reader once this one is done). */
    byte[] buffer() {
        return buf;
    }

    /** The boundary of a {@code multipart/form-data} content type, or empty when the type is something else. */
    static Optional<String> boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        for (String p : contentType.split(";")) {
            String t = p.strip();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = t.substring(9);
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() || b.length() > 200 ? Optional.empty() : Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** The next part (the previous one's unread content is skipped), or empty after the closing boundary. */
    Optional<Part> next() throws IOException {
        if (current == null) {
            skipToDelimiter(); // the preamble
        } else {
            current.skipAll();
        }
        if (done) {
            return Optional.empty();
        }
        // after a delimiter: "--" ends the body, CRLF starts a part
        fill(2);
        if (lim - pos < 2) {
            throw new MalformedException("the body ends right after a boundary");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            done = true;
            return Optional.empty();
        }
        skipLineEnd();
        Map<String, String> headers = headers();
        String disposition = headers.getOrDefault("content-disposition", "");
        String name = param(disposition, "name").orElse("");
        Optional<String> filename = param(disposition, "filename*").map(MultipartReader::extended)
                .or(() -> param(disposition, "filename"));
        current = new PartStream();
        return Optional.of(new Part(name, filename, headers.getOrDefault("content-type", ""), current));
    }

    private void skipToDelimiter() throws IOException {
        PartStream preamble = new PartStream();
        preamble.skipAll();
    }

    private void skipLineEnd() throws IOException {
        // transport padding (spaces, tabs) may precede the CRLF
        while (true) {
            fill(1);
            if (lim == pos) {
                throw new MalformedException("the body ends inside a boundary line");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                return;
            }
            if (b != '\r' && b != ' ' && b != '\t') {
                throw new MalformedException("unexpected bytes after a boundary");
            }
        }
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            StringBuilder line = new StringBuilder();
            while (true) {
                fill(1);
                if (lim == pos) {
                    throw new MalformedException("the body ends inside a part's headers");
                }
                byte b = buf[pos++];
                if (++total > MAX_HEADERS) {
                    throw new TooLongException("a part's headers are longer than " + MAX_HEADERS + " bytes");
                }
                if (b == '\n') {
                    break;
                }
                line.append((char) (b & 0xff));
            }
            int end = line.length();
            if (end > 0 && line.charAt(end - 1) == '\r') {
                line.setLength(end - 1);
            }
            if (line.isEmpty()) {
                return out;
            }
            int colon = line.indexOf(":");
            if (colon > 0) {
                String value = new String(line.substring(colon + 1).strip().getBytes(StandardCharsets.ISO_8859_1),
                        StandardCharsets.UTF_8);
                out.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), value);
            }
        }
    }

    /** A parameter of a header value such as {@code form-data; name="files"; filename="a.flac"}. */
    static Optional<String> param(String header, String key) {
        int i = 0;
        String lower = header.toLowerCase(Locale.ROOT);
        while (true) {
            int at = lower.indexOf(key.toLowerCase(Locale.ROOT) + "=", i);
            if (at < 0) {
                return Optional.empty();
            }
            boolean start = at == 0 || lower.charAt(at - 1) == ';' || lower.charAt(at - 1) == ' '
                    || lower.charAt(at - 1) == '\t';
            int v = at + key.length() + 1;
            if (!start) {
                i = v;
                continue;
            }
            if (v < header.length() && header.charAt(v) == '"') {
                StringBuilder sb = new StringBuilder();
                for (int j = v + 1; j < header.length(); j++) {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) {
                        sb.append(header.charAt(++j));
                    } else if (c == '"') {
                        return Optional.of(sb.toString());
                    } else {
                        sb.append(c);
                    }
                }
                return Optional.of(sb.toString());
            }
            int semi = header.indexOf(';', v);
            return Optional.of(header.substring(v, semi < 0 ? header.length() : semi).strip());
        }
    }

    /** An RFC 5987 value {@code utf-8''a%20b.flac}. */
    private static String extended(String v) {
        int q = v.indexOf("''");
        String enc = q < 0 ? v : v.substring(q + 2);
        try {
            return java.net.URLDecoder.decode(enc.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return enc;
        }
    }

    /** Reads until at least {@code n} bytes are buffered after pos, or the input ends. */
    private void fill(int n) throws IOException {
        if (lim - pos >= n || eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            clearTo = Math.max(0, clearTo - pos);
            foundAt = foundAt >= pos ? foundAt - pos : -1;
            pos = 0;
        }
        while (lim - pos < n && !eof) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
    }

    /**
     * The first delimiter at or after pos, or -1: Horspool's search, which looks at about one byte in
     * {@code delimiter.length} of a file's content (a byte-by-byte scan was a tenth of an upload's CPU), and only at
     * bytes no earlier call has ruled out.
     */
    private int find() {
        if (foundAt >= pos) {
            return foundAt;
        }
        int m = delimiter.length;
        byte end = delimiter[m - 1];
        int last = lim - m;
        int i = Math.max(pos, clearTo);
        while (i <= last) {
            byte b = buf[i + m - 1];
            if (b == end && Arrays.equals(buf, i, i + m - 1, delimiter, 0, m - 1)) {
                foundAt = i;
                return i;
            }
            i += shift[b & 0xff];
        }
        // every start up to last was looked at or skipped by a safe shift; later ones need bytes not yet read
        clearTo = Math.max(clearTo, last + 1);
        return -1;
    }

    /** A part's content: ends at the next delimiter, which it consumes. */
    private final class PartStream extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                int at = find();
                if (at == pos) {
                    pos += delimiter.length;
                    ended = true;
                    return -1;
                }
                int safe = at >= 0 ? at - pos : lim - pos - (delimiter.length - 1);
                if (safe > 0) {
                    int n = Math.min(safe, len);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                    return n;
                }
                if (eof) {
                    throw new MalformedException("the body ended before the closing boundary (an interrupted"
                            + " upload?)");
                }
                fill(Math.max(delimiter.length, Math.min(BUFFER, lim - pos + BUFFER / 2)));
            }
        }

        /** Reads past the rest of this part without copying it anywhere. */
        void skipAll() throws IOException {
            while (!ended) {
                int at = find();
                if (at == pos) {
                    pos += delimiter.length;
                    ended = true;
                    return;
                }
                int safe = at >= 0 ? at - pos : lim - pos - (delimiter.length - 1);
                if (safe > 0) {
                    pos += safe;
                } else if (eof) {
                    throw new MalformedException("the body ended before the closing boundary (an interrupted"
                            + " upload?)");
                } else {
                    fill(Math.max(delimiter.length, Math.min(BUFFER, lim - pos + BUFFER / 2)));
                }
            }
        }
    }
}
