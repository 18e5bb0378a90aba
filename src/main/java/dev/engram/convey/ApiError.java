package dev.engram.convey;

/**
 * A request failed in a way the client can act on. Convey answers JSON API requests with
 * {@code {"error": message, "reason_code": reasonCode}} (plus {@code "detail"} when given) and this status, and HTML requests with an error page.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String reasonCode;
    private final String detail;

    public ApiError(int status, String reasonCode, String message) {
        this(status, reasonCode, message, null);
    }

    /** With a {@code detail} (what to do about it), answered as the JSON field {@code detail}. */
    public ApiError(int status, String reasonCode, String message, String detail) {
        super(message);
        this.status = status;
        this.reasonCode = reasonCode;
        this.detail = detail;
    }

    public static ApiError badRequest(String reasonCode, String message) {
        return new ApiError(400, reasonCode, message);
    }

    public static ApiError notFound(String reasonCode, String message) {
        return new ApiError(404, reasonCode, message);
    }

    public int status() {
        return status;
    }

    public String reasonCode() {
        return reasonCode;
    }

    /** What the client can do about it, or null. */
    public String detail() {
        return detail;
    }
}
