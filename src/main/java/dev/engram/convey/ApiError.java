package dev.engram.convey;

/**
 * A request failed in a way the client can act on. Convey answers JSON API requests with
 * {@code {"error": message, "reason_code": reasonCode}} and this status, and HTML requests with an error page.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String reasonCode;

    public ApiError(int status, String reasonCode, String message) {
        super(message);
        this.status = status;
        this.reasonCode = reasonCode;
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
}
