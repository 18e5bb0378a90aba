package dev.engram.observe.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Observers app shows of an observer's {@code observe.status} (relayed by ingest, or put on the bus by an
 * observer on this computer): only the fields it knows (docs/observe.md: the tmux observers' status and the later
 * protocol's health fields), each only when it has its type. A device may send anything (the reference relays it
 * unchanged, and so does the bus here); the owner's page must never get a {@code "sessions": "not-a-list"} or a
 * {@code "mode": {}} to trip over. Strings longer than {@value #MAX_TEXT} characters are cut, at most
 * {@value #MAX_SESSIONS} session names are kept.
 *
 * @param fields the well-typed known fields, in the event's order; {@code tmux} with its own known fields
 */
public record ObserverStatus(Map<String, Object> fields) {
    public static final int MAX_TEXT = 200;
    public static final int MAX_SESSIONS = 50;
    private static final Set<String> TEXT = Set.of("mode", "host", "platform", "stream", "name", "stream_type",
            "version", "last_error_reason", "observer", "remote");
    /** Whole numbers of at least 0. */
    private static final Set<String> COUNT = Set.of("pending_queue_depth", "recent_error_count");
    /** Seconds (uptime) or seconds since 1970 (last sync): finite numbers of at least 0. */
    private static final Set<String> SECONDS = Set.of("uptime", "last_successful_sync");

    /** Keeps only the well-typed known fields of {@code fields}, whoever builds it. */
    public ObserverStatus {
        fields = Collections.unmodifiableMap(clean(fields));
    }

    /** The status of an event's fields as Jackson reads them (maps, lists, strings, numbers, booleans). */
    public static ObserverStatus of(Map<String, ?> event) {
        return new ObserverStatus(clean(event));
    }

    private static Map<String, Object> clean(Map<String, ?> event) {
        Map<String, Object> out = new LinkedHashMap<>();
        event.forEach((k, v) -> {
            Object c = TEXT.contains(k) ? text(v) : COUNT.contains(k) ? count(v) : SECONDS.contains(k) ? seconds(v)
                    : k.equals("tmux") ? tmux(v) : null;
            if (c != null) {
                out.put(k, c);
            }
        });
        return out;
    }

    private static Map<String, Object> tmux(Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (m.get("capturing") instanceof Boolean b) {
            out.put("capturing", b);
        }
        put(out, "captures", count(m.get("captures")));
        put(out, "sessions", sessions(m.get("sessions")));
        put(out, "window_elapsed_seconds", seconds(m.get("window_elapsed_seconds")));
        return out.isEmpty() ? null : out;
    }

    /** The names among the sessions (a non-string element is left out, not the whole list). */
    private static List<String> sessions(Object v) {
        if (!(v instanceof List<?> l)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            String s = text(o);
            if (s != null && !s.isBlank() && out.size() < MAX_SESSIONS) {
                out.add(s);
            }
        }
        return out;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String text(Object v) {
        if (!(v instanceof String s)) {
            return null;
        }
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }

    private static Long count(Object v) {
        boolean whole = v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger b && b.bitLength() < 64;
        long n = whole ? ((Number) v).longValue() : -1;
        return n >= 0 ? n : null;
    }

    private static Number seconds(Object v) {
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) && d >= 0 ? d : null;
        }
        return count(v);
    }
}
