package dev.engram.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The floor handlers' lean streaming multipart splitter (well-formed bench bodies only): {@link #next()} gives the
 * next part's file name ("" for a field, null at the end), {@link #copy} streams its content. The delimiter is found
 * with Horspool's search, as Engram's own reader does (the naive scan this floor had before round 10 cost it about a
 * third of its request threads' time, so it understated what a bare handler can do).
 */
final class FloorParts {
    private static final byte[] HEADERS_END = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private final InputStream in;
    private final byte[] delimiter;
    private final int[] delimiterShift;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private boolean eof;

    FloorParts(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.delimiterShift = shift(delimiter);
        buf[0] = '\r'; // the body starts with "--boundary": a virtual CRLF makes it a delimiter too
        buf[1] = '\n';
        lim = 2;
    }

    /** Skips to after the next delimiter and reads the part's headers; null after the closing delimiter. */
    String next() throws IOException {
        copy(null, null);
        pos += delimiter.length;
        fill(4);
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            return null;
        }
        pos += 2;
        fill(buf.length - 1);
        int end = indexOf(HEADERS_END, shift(HEADERS_END), pos);
        if (end < 0) {
            throw new IOException("part headers too long");
        }
        String headers = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
        pos = end + 4;
        int f = headers.indexOf("filename=\"");
        return f < 0 ? "" : headers.substring(f + 10, headers.indexOf('"', f + 10));
    }

    /** Streams content up to the next delimiter into {@code ch} (and {@code sha}), or drops it when null. */
    void copy(FileChannel ch, MessageDigest sha) throws IOException {
        while (true) {
            fill(delimiter.length);
            int d = indexOf(delimiter, delimiterShift, pos);
            int upTo = d >= 0 ? d : Math.max(pos, lim - delimiter.length + 1);
            if (d < 0 && eof) {
                throw new IOException("body ends without its closing boundary");
            }
            if (upTo > pos && ch != null) {
                sha.update(buf, pos, upTo - pos);
                ByteBuffer b = ByteBuffer.wrap(buf, pos, upTo - pos);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            pos = upTo;
            if (d >= 0) {
                return;
            }
            compact();
            fill(lim + 1 > buf.length ? buf.length : lim + 1);
        }
    }

    private void compact() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
    }

    /** Reads until at least {@code want} bytes are buffered past pos (or the buffer is full, or the body ends). */
    private void fill(int want) throws IOException {
        if (lim - pos >= want) {
            return;
        }
        compact();
        while (!eof && lim - pos < want && lim < buf.length) {
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
            } else {
                lim += n;
            }
        }
    }

    /** Horspool's bad-character shifts of {@code what}. */
    private static int[] shift(byte[] what) {
        int[] shift = new int[256];
        Arrays.fill(shift, what.length);
        for (int j = 0; j < what.length - 1; j++) {
            shift[what[j] & 0xff] = what.length - 1 - j;
        }
        return shift;
    }

    /** The first occurrence of {@code what} in the buffer at or after {@code from}, or -1. */
    private int indexOf(byte[] what, int[] shift, int from) {
        int m = what.length;
        byte end = what[m - 1];
        int i = from;
        while (i <= lim - m) {
            byte b = buf[i + m - 1];
            if (b == end && Arrays.equals(buf, i, i + m - 1, what, 0, m - 1)) {
                return i;
            }
            i += shift[b & 0xff];
        }
        return -1;
    }
}
