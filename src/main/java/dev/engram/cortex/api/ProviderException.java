package dev.engram.cortex.api;

import java.util.Objects;

/**
 * A provider call that failed, with a message the owner can act on (which provider, which model, what to change) and
 * never a key: thrown by the models {@link Providers} hands out (from {@code chat}, or given to a streaming handler's
 * {@code onError}). Rate limits and unavailable providers have already been retried with backoff when this is thrown.
 */
public class ProviderException extends RuntimeException {

    /** What went wrong, for callers that react differently (a run's {@code error} event names it). */
    public enum Reason {
        /** The key is missing, wrong or lacks the right (HTTP 401/403). */
        AUTHENTICATION,
        /** The provider knows no such model, or the base URL is wrong (HTTP 404). */
        UNKNOWN_MODEL,
        /** Still rate limited after the retries (HTTP 429). */
        RATE_LIMITED,
        /** No answer within the configured time. */
        TIMEOUT,
        /** The provider could not be reached, or answered 5xx after the retries. */
        UNAVAILABLE,
        /** The provider refused the request as invalid (other HTTP 4xx). */
        REJECTED
    }

    private final String provider;
    private final Reason reason;
    private final int status;

    /**
     * @param status the HTTP status, or -1 when there was no answer
     */
    public ProviderException(String provider, Reason reason, int status, String message) {
        super(message);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.status = status;
    }

    public String provider() {
        return provider;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status of the last answer, or -1 when there was none (timeout, unreachable). */
    public int status() {
        return status;
    }
}
