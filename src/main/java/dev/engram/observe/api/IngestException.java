package dev.engram.observe.api;

import java.util.Map;

/**
 * A refused ingest request: the HTTP {@code status}, the reference's {@code error} text (e.g. "Missing segment"), a
 * {@code reasonCode} of the later protocol (e.g. {@code missing_required_field}), a {@code detail} saying what was
 * wrong and how to fix it, and any extra response fields (e.g. {@code failed_path}). Nothing was written.
 */
public final class IngestException extends RuntimeException {
    private final int status;
    private final String error;
    private final String reasonCode;
    private final Map<String, Object> extra;

    public IngestException(int status, String error, String reasonCode, String detail) {
        this(status, error, reasonCode, detail, Map.of());
    }

    public IngestException(int status, String error, String reasonCode, String detail, Map<String, Object> extra) {
        super(detail);
        this.status = status;
        this.error = error;
        this.reasonCode = reasonCode;
        this.extra = Map.copyOf(extra);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String reasonCode() {
        return reasonCode;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extra() {
        return extra;
    }
}
