package dev.engram.callosum;

import dev.engram.callosum.InvalidMessageException.Reason;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Validates one received line with a streaming parse (no tree is built) and produces the bytes to broadcast: the
 * line as sent, with {@code ,"ts":N} spliced in before the closing brace when {@code ts} is absent.
 */
final class WireLine {
    private WireLine() {
    }

    /** The bytes to broadcast (ending in a newline); throws {@link InvalidMessageException} when the line is not valid. */
    static byte[] accept(byte[] buf, int off, int len, long nowMillis) {
        long c = check(buf, off, len);
        int start = start(c);
        int end = end(c);
        if (hasTs(c)) {
            byte[] out = new byte[end - start + 1];
            System.arraycopy(buf, start, out, 0, end - start);
            out[out.length - 1] = '\n';
            return out;
        }
        byte[] ts = (",\"ts\":" + nowMillis + "}\n").getBytes(StandardCharsets.US_ASCII);
        int body = end - 1 - start; // everything before the closing brace
        byte[] out = new byte[body + ts.length];
        System.arraycopy(buf, start, out, 0, body);
        System.arraycopy(ts, 0, out, body, ts.length);
        return out;
    }

    /**
     * Validates a line without allocating a result: returns the trimmed line's start and end and whether it has a
     * {@code ts} field, packed (read them with {@link #start}, {@link #end}, {@link #hasTs}). To broadcast, send
     * {@code buf[start, end)} plus a newline when it has {@code ts}, else {@code buf[start, end - 1)} plus
     * {@link #tsTail}.
     */
    static long check(byte[] buf, int off, int len) {
        int start = off;
        int end = off + len;
        while (start < end && isSpace(buf[start])) {
            start++;
        }
        while (end > start && isSpace(buf[end - 1])) {
            end--;
        }
        if (start == end) {
            throw new InvalidMessageException(Reason.BLANK, "blank line");
        }
        for (int i = start; i < Math.min(end, start + 4); i++) {
            if (buf[i] == 0) { // NUL never occurs in UTF-8 JSON; without this the parser would sniff UTF-16/32
                throw new InvalidMessageException(Reason.INVALID_JSON, "not valid JSON (not UTF-8)");
            }
        }
        boolean hasTs = validate(buf, start, end - start);
        return ((long) start << 32) | ((long) end << 1) | (hasTs ? 1 : 0);
    }

    static int start(long checked) {
        return (int) (checked >>> 32);
    }

    static int end(long checked) {
        return (int) ((checked & 0xFFFF_FFFFL) >>> 1);
    }

    static boolean hasTs(long checked) {
        return (checked & 1) != 0;
    }

    /** Writes {@code ,"ts":<nowMillis>}\n} into {@code tail} (at least 32 bytes) and returns its length. */
    static int tsTail(long nowMillis, byte[] tail) {
        byte[] head = TS_HEAD;
        System.arraycopy(head, 0, tail, 0, head.length);
        int n = head.length;
        if (nowMillis < 0) {
            tail[n++] = '-';
            nowMillis = -nowMillis;
        }
        int digits = 1;
        for (long v = nowMillis; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = n + digits - 1; i >= n; i--) {
            tail[i] = (byte) ('0' + nowMillis % 10);
            nowMillis /= 10;
        }
        n += digits;
        tail[n++] = '}';
        tail[n++] = '\n';
        return n;
    }

    private static final byte[] TS_HEAD = ",\"ts\":".getBytes(StandardCharsets.US_ASCII);

    /** Returns whether the object has a {@code ts} field; throws when it is not a valid message. */
    private static boolean validate(byte[] buf, int off, int len) {
        boolean tract = false;
        boolean event = false;
        boolean ts = false;
        try (JsonParser p = Message.MAPPER.createParser(buf, off, len)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new InvalidMessageException(Reason.NOT_AN_OBJECT, "expected a JSON object, got " + t);
            }
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "tract" -> tract = v == JsonToken.VALUE_STRING; // the last duplicate wins, as in Python
                    case "event" -> event = v == JsonToken.VALUE_STRING;
                    case "ts" -> ts = true;
                    default -> { }
                }
                p.skipChildren();
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new InvalidMessageException(Reason.INVALID_JSON, "not valid JSON (trailing content)");
            }
        } catch (JacksonException e) {
            throw new InvalidMessageException(Reason.INVALID_JSON, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!tract || !event) {
            throw new InvalidMessageException(Reason.MISSING_TRACT_OR_EVENT,
                    "a message needs string fields 'tract' and 'event'");
        }
        return ts;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
