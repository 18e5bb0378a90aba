package dev.engram.observe.api;

/**
 * One observer as the owner sees it: never its key, only the key's first 8 characters ({@code prefix}).
 *
 * @param lastSeen epoch milliseconds of the last upload or status event, 0 when never seen
 * @param lastSegment {@code YYYYMMDD/HHMMSS_LEN} of the last segment received, or empty text
 */
public record Observer(String prefix, String name, long createdAt, boolean enabled, boolean revoked, long revokedAt,
                       long lastSeen, String lastSegment, long segmentsReceived, long bytesReceived,
                       long segmentsObserved, long duplicatesRejected) {

    /** Whether uploads with this observer's key are accepted (not revoked, not disabled). */
    public boolean active() {
        return enabled && !revoked;
    }

    /** {@code connected} (seen less than 30 s ago), {@code stale} (less than 120 s) or {@code disconnected}. */
    public String freshness(long nowMillis) {
        if (lastSeen <= 0) {
            return "disconnected";
        }
        long age = nowMillis - lastSeen;
        // a little clock skew between request threads is tolerated, as in the reference
        if (age < 30_000) {
            return "connected";
        }
        return age < 120_000 ? "stale" : "disconnected";
    }
}
