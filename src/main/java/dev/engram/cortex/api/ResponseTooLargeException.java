package dev.engram.cortex.api;

/**
 * A response body was longer than the caller's limit ({@link Outbound#sendBounded}): the body was cut off (the
 * connection cancelled) before it was held whole, so a broken or hostile endpoint cannot exhaust the heap.
 */
public final class ResponseTooLargeException extends RuntimeException {
    private final long limit;

    public ResponseTooLargeException(String host, long limit) {
        super(host + " answered more than " + limit + " bytes; the answer was cut off");
        this.limit = limit;
    }

    /** The limit in bytes that the body passed. */
    public long limit() {
        return limit;
    }
}
