package dev.engram.apps.observers;

import dev.engram.observe.api.FailedUpload;
import dev.engram.observe.api.Ingest;
import dev.engram.observe.api.IngestException;
import dev.engram.observe.api.Observer;
import dev.engram.observe.api.Observers;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The observers as JSON for the owner: key prefix only (never a key), freshness, counters, the latest status and its
 * age ({@code status_age_ms}).
 */
final class ObserverViews {
    private ObserverViews() {
    }

    static List<Map<String, Object>> list(Observers observers, Ingest ingest) {
        long now = System.currentTimeMillis();
        Map<String, Map<String, Object>> status = ingest.latestStatus();
        return observers.list().stream().map(o -> {
            // a status kept from before a revoke in another process (engram observer revoke) is not shown either
            Map<String, Object> m = view(o, now, o.revoked() ? null : status.get(o.prefix()));
            m.put("failed_uploads", observers.failedUploads(o.prefix()).size());
            return m;
        }).toList();
    }

    /** A failed upload: {day, segment, at, bytes, files, failed_path, reason, kept}. */
    static Map<String, Object> failed(FailedUpload f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("day", f.day());
        m.put("segment", f.segment());
        m.put("at", f.at());
        m.put("bytes", f.bytes());
        m.put("files", f.files());
        m.put("failed_path", f.failedPath());
        m.put("reason", f.reason());
        m.put("kept", f.kept());
        return m;
    }

    static Map<String, Object> view(Observer o, long now, Map<String, Object> status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key_prefix", o.prefix());
        m.put("name", o.name());
        m.put("created_at", o.createdAt());
        m.put("enabled", o.enabled());
        m.put("revoked", o.revoked());
        m.put("revoked_at", o.revokedAt());
        m.put("last_seen", o.lastSeen());
        if (o.lastSeen() > 0) { // by the server's clock, as status_age_ms: the page says "seen 5 min ago"
            m.put("last_seen_age_ms", Math.max(0, now - o.lastSeen()));
        }
        m.put("last_segment", o.lastSegment());
        m.put("freshness", o.revoked() ? "revoked" : o.freshness(now));
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("segments_received", o.segmentsReceived());
        stats.put("bytes_received", o.bytesReceived());
        stats.put("segments_observed", o.segmentsObserved());
        stats.put("duplicates_rejected", o.duplicatesRejected());
        m.put("stats", stats);
        if (status != null) {
            m.put("status", status);
            // how old the status is, by the server's clock (the browser's may be off): the page dims and dates a
            // status that is not live
            if (status.get("received_at") instanceof Number at) {
                m.put("status_age_ms", Math.max(0, now - at.longValue()));
            }
        }
        return m;
    }

    static IngestException unknown(Context ctx) {
        return new IngestException(404, "Unknown observer", "not_found", "no single observer has the key prefix '"
                + ctx.pathParam("prefix").replaceAll("[^A-Za-z0-9_-]", "?") + "' (give 4 to 8 characters of it, or"
                + " the whole key)");
    }
}
