package dev.engram.apps.transcripts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One satisfiable byte range of a file of {@code size} bytes, from an HTTP {@code Range} header. Only single ranges
 * are honoured; a header this class does not understand (other units, several ranges) is ignored, so the whole file is
 * sent, as RFC 9110 allows.
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    long length() {
        return last - first + 1;
    }

    /** What a Range header asks for. */
    sealed interface Request permits Whole, Part, Unsatisfiable {
    }

    record Whole() implements Request {
    }

    record Part(ByteRange range) implements Request {
    }

    record Unsatisfiable() implements Request {
    }

    static Request parse(String header, long size) {
        if (header == null || header.isBlank()) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new Whole();
        }
        if (m.group(1).isEmpty()) {
            // A suffix: the last n bytes; a suffix longer than the file is the whole file (RFC 9110 §14.1.1).
            long suffix = number(m.group(2));
            if (suffix == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Part(new ByteRange(size - Math.min(suffix, size), size - 1));
        }
        long first = number(m.group(1));
        if (first >= size) {
            return new Unsatisfiable();
        }
        // A last-byte-pos at or past the end of the file means "to the end" (RFC 9110 §14.1.2).
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(number(m.group(2)), size - 1);
        if (last < first) {
            return new Whole();
        }
        return new Part(new ByteRange(first, last));
    }

    /**
     * A non-empty run of digits as a number; leading zeros are digits like any other, and a value too large for a
     * {@code long} is {@link Long#MAX_VALUE}, which is past the end of any file and caps like one.
     */
    private static long number(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 18) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(significant);
    }
}
