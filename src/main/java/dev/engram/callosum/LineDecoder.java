package dev.engram.callosum;

/**
 * Splits a byte stream into lines at {@code '\n'} without decoding it: bytes stay bytes until a whole line is known,
 * so a multi-byte UTF-8 character split across reads is harmless. A line longer than the limit is reported once and
 * then discarded up to its newline without being buffered. Not thread-safe: one decoder per connection.
 */
final class LineDecoder {
    /** Receives decoded lines; {@code buf} is only valid during the call. */
    interface Sink {
        void line(byte[] buf, int off, int len);

        void tooLong();
    }

    private final int maxLineBytes;
    private byte[] pending = new byte[256];
    private int pendingLen;
    private boolean discarding;

    LineDecoder(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Feeds {@code len} bytes; calls the sink for every line completed by them (line bytes exclude the newline). */
    void feed(byte[] buf, int off, int len, Sink sink) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            int n = i - start;
            if (discarding) {
                discarding = false;
            } else if (pendingLen > 0) {
                if (pendingLen + n > maxLineBytes) {
                    sink.tooLong();
                } else {
                    append(buf, start, n);
                    sink.line(pending, 0, pendingLen);
                }
                resetPending();
            } else if (n > maxLineBytes) {
                sink.tooLong();
            } else {
                sink.line(buf, start, n);
            }
            start = i + 1;
        }
        int rest = end - start;
        if (rest > 0 && !discarding) {
            if (pendingLen + rest > maxLineBytes) {
                discarding = true;
                resetPending();
                sink.tooLong();
            } else {
                append(buf, start, rest);
            }
        }
    }

    /** At end of input: a last line without a newline is still delivered (unless it was too long). */
    void finish(Sink sink) {
        if (pendingLen > 0 && !discarding) {
            sink.line(pending, 0, pendingLen);
        }
        resetPending();
        discarding = false;
    }

    /** True when a partial line (or a discarded over-long one) is waiting for its newline. */
    boolean midLine() {
        return pendingLen > 0 || discarding;
    }

    private void append(byte[] buf, int off, int len) {
        if (pendingLen + len > pending.length) {
            int size = Math.max(pendingLen + len, Math.min(maxLineBytes, pending.length * 2));
            pending = java.util.Arrays.copyOf(pending, size);
        }
        System.arraycopy(buf, off, pending, pendingLen, len);
        pendingLen += len;
    }

    private void resetPending() {
        pendingLen = 0;
        if (pending.length > 64 * 1024) {
            pending = new byte[256]; // don't keep a huge buffer after one big line
        }
    }
}
