package dev.engram.callosum;

/** A line or object is not a valid Callosum message; {@link #reason()} classifies it for the drop counters. */
public final class InvalidMessageException extends RuntimeException {
    public enum Reason { INVALID_JSON, NOT_AN_OBJECT, MISSING_TRACT_OR_EVENT, TOO_LONG, BLANK }

    private final Reason reason;

    public InvalidMessageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
