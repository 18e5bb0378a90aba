package dev.engram.observe.sense;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.core.json.JsonFactory;

/**
 * The handler of files that are already text (tmux and screen {@code *.jsonl} from observers): checks, without
 * changing anything, that the file is UTF-8 JSON lines whose every non-blank line is an object, within the size
 * limits; the first problem is the error. Lines end at {@code \n}, {@code \r} or {@code \r\n} and a line is blank
 * when {@link String#isBlank}, as {@link java.io.BufferedReader#readLine} splits them.
 *
 * <p>Streaming and cheap: the file is read into one buffer kept per thread (a line longer than it grows it, and a
 * buffer grown past {@link #KEEP} is not kept), each line's bytes are checked as UTF-8 (strictly, as the JDK's
 * decoder) and fed to one non-blocking Jackson parser per file that only walks the tokens: no tree, no String per
 * line, no string value decoded into a String.
 */
final class TextCheck {
    static final long MAX_FILE = 64L * 1024 * 1024;
    static final int MAX_LINE = 16 * 1024 * 1024;
    static final int BUFFER = 32 * 1024;
    static final int KEEP = 1024 * 1024;
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);

    private TextCheck() {
    }

    /** Empty when the file is valid JSON lines; otherwise what is wrong, naming the line. */
    static Optional<String> problem(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE) {
                return Optional.of("is " + size + " bytes, over the " + MAX_FILE + "-byte limit; not checked");
            }
            byte[] buf = BUFFERS.get();
            try (InputStream in = Files.newInputStream(file);
                 JsonParser parser = JSON.createNonBlockingByteArrayParser(ObjectReadContext.empty())) {
                Lines lines = new Lines(parser);
                int filled = 0; // bytes in buf, from a line's start
                boolean eof = false;
                while (!eof) {
                    if (filled == buf.length) { // one line longer than the buffer
                        byte[] bigger = new byte[(int) Math.min((long) buf.length * 2, MAX_FILE + 1)];
                        System.arraycopy(buf, 0, bigger, 0, filled);
                        buf = bigger;
                    }
                    int n = in.read(buf, filled, buf.length - filled);
                    eof = n < 0;
                    int end = eof ? filled : filled + n;
                    int start = 0;
                    for (int i = filled; i < end; i++) {
                        byte b = buf[i];
                        if (b == '\n' || b == '\r') {
                            if (lines.pendingLf && b == '\n' && i == start) { // the \n of a \r\n
                                lines.pendingLf = false;
                                start = i + 1;
                                continue;
                            }
                            Optional<String> p = lines.line(buf, start, i, b == '\r');
                            if (p.isPresent()) {
                                return p;
                            }
                            start = i + 1;
                        } else {
                            lines.pendingLf = false;
                        }
                    }
                    if (eof && start < end) {
                        Optional<String> p = lines.line(buf, start, end, false);
                        if (p.isPresent()) {
                            return p;
                        }
                        start = end;
                    }
                    System.arraycopy(buf, start, buf, 0, end - start);
                    filled = end - start;
                }
            } finally {
                if (buf.length <= KEEP) {
                    BUFFERS.set(buf);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
    }

    /** The lines of one file, checked one by one. */
    private static final class Lines {
        private static final byte[] NEWLINE = {'\n'};
        private final JsonParser parser;
        private final ByteArrayFeeder feeder;
        private int number;
        boolean pendingLf; // the last line ended with \r: a \n right after it ends nothing

        Lines(JsonParser parser) {
            this.parser = parser;
            this.feeder = (ByteArrayFeeder) parser.nonBlockingInputFeeder();
        }

        /** Checks the line {@code buf[from, to)}; {@code cr}: it ended with {@code \r}. */
        Optional<String> line(byte[] buf, int from, int to, boolean cr) {
            number++;
            pendingLf = cr;
            depth = 0;
            values = 0;
            first = null;
            int chars = utf16Length(buf, from, to);
            if (chars < 0) {
                return Optional.of("line " + number + " is not valid UTF-8");
            }
            if (blank(buf, from, to)) {
                return Optional.empty();
            }
            if (chars > MAX_LINE) {
                return Optional.of("line " + number + " is longer than " + MAX_LINE + " characters");
            }
            int j = from;
            while (j < to && (buf[j] == ' ' || buf[j] == '\t')) {
                j++;
            }
            if (to - j >= 3 && (buf[j] & 0xff) == 0xef && (buf[j + 1] & 0xff) == 0xbb && (buf[j + 2] & 0xff) == 0xbf) {
                // the non-blocking parser skips a byte order mark where a value starts; a line is JSON without one
                return Optional.of("line " + number + " is not valid JSON (Unexpected character ('\uFEFF' (code 65279"
                        + " / 0xfeff)): expected a valid value (JSON String, Number, Array, Object or token 'null',"
                        + " 'true' or 'false'))");
            }
            try {
                feeder.feedInput(buf, from, to);
                Optional<String> p = tokens(false);
                if (p.isPresent()) {
                    return p;
                }
                feeder.feedInput(NEWLINE, 0, 1); // ends a number or literal at the line's end
                return tokens(true);
            } catch (JacksonException e) {
                return Optional.of("line " + number + " is not valid JSON (" + e.getOriginalMessage() + ")");
            }
        }

        private int depth;
        private int values;
        private JsonToken first;

        /** Walks the tokens fed so far; at the line's end, what the line held must be exactly one object. */
        private Optional<String> tokens(boolean lineEnd) {
            for (JsonToken t; (t = parser.nextToken()) != JsonToken.NOT_AVAILABLE && t != null; ) {
                if (depth == 0) {
                    values++;
                    if (values == 1) {
                        first = t;
                    } else {
                        return Optional.of("line " + number + " is not valid JSON (Trailing token (`JsonToken."
                                + t.name() + "`) found after value)");
                    }
                }
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
            }
            if (!lineEnd) {
                return Optional.empty();
            }
            JsonToken was = first;
            if (depth > 0) {
                return Optional.of("line " + number + " is not valid JSON (Unexpected end-of-input: the line ends"
                        + " inside a value)");
            }
            return was == JsonToken.START_OBJECT ? Optional.empty()
                    : Optional.of("line " + number + " is not a JSON object");
        }

        /**
         * The UTF-16 length of UTF-8 bytes, or -1 when they are not valid UTF-8 (checked as strictly as the JDK's
         * decoder: no overlong forms, no surrogates, nothing past U+10FFFF, no cut sequence).
         */
        static int utf16Length(byte[] b, int from, int to) {
            int chars = 0;
            int i = from;
            while (i < to) {
                int c = b[i] & 0xff;
                if (c < 0x80) {
                    i++;
                    chars++;
                    continue;
                }
                int more;
                int lo = 0x80;
                int hi = 0xbf;
                if (c >= 0xc2 && c <= 0xdf) {
                    more = 1;
                } else if (c >= 0xe0 && c <= 0xef) {
                    more = 2;
                    lo = c == 0xe0 ? 0xa0 : 0x80;
                    hi = c == 0xed ? 0x9f : 0xbf;
                } else if (c >= 0xf0 && c <= 0xf4) {
                    more = 3;
                    lo = c == 0xf0 ? 0x90 : 0x80;
                    hi = c == 0xf4 ? 0x8f : 0xbf;
                } else {
                    return -1;
                }
                if (i + more >= to) { // cut short
                    return -1;
                }
                int second = b[i + 1] & 0xff;
                if (second < lo || second > hi) {
                    return -1;
                }
                for (int k = 2; k <= more; k++) {
                    if ((b[i + k] & 0xc0) != 0x80) {
                        return -1;
                    }
                }
                i += more + 1;
                chars += more == 3 ? 2 : 1;
            }
            return chars;
        }

        /** As {@link String#isBlank}: only whitespace (non-ASCII whitespace decoded, the rare case). */
        private static boolean blank(byte[] buf, int from, int to) {
            boolean ascii = true;
            for (int i = from; i < to; i++) {
                int c = buf[i] & 0xff;
                if (c >= 0x80) {
                    ascii = false;
                } else if (!Character.isWhitespace(c)) {
                    return false;
                }
            }
            return ascii || new String(buf, from, to - from, StandardCharsets.UTF_8).isBlank();
        }
    }
}
