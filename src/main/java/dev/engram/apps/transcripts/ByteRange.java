package dev.engram.apps.transcripts;

import java.util.Optional;
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
        Optional<Long> a = number(m.group(1));
        Optional<Long> b = number(m.group(2));
        if ((!m.group(1).isEmpty() && a.isEmpty()) || (!m.group(2).isEmpty() && b.isEmpty())) {
            return new Unsatisfiable();
        }
        if (a.isEmpty()) {
            long suffix = b.get();
            if (suffix == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Part(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long first = a.get();
        if (first >= size) {
            return new Unsatisfiable();
        }
        long last = b.map(v -> Math.min(v, size - 1)).orElse(size - 1);
        if (last < first) {
            return new Whole();
        }
        return new Part(new ByteRange(first, last));
    }

    private static Optional<Long> number(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }
}
