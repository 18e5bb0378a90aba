package dev.engram.observe.ingest;

import dev.engram.observe.api.IngestException;
import dev.engram.observe.api.Observer;
import dev.engram.observe.api.ObserverStatus;
import dev.engram.observe.api.Protocol;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The events an observer relays ({@code POST .../event}): only its own {@code observe.*} events, with
 * {@code remote}/{@code observer} added, onto the bus, unchanged otherwise (the reference's protocol); the latest
 * {@code observe.status} of each observer is kept for the Observers app, only its well-typed known fields
 * ({@link ObserverStatus}), until the observer is revoked. Thread-safe.
 */
final class StatusRelay {
    /** Events only Engram's own pipeline sends after a segment is durable; a device never relays them. */
    private static final Set<String> PIPELINE_EVENTS = Set.of("observing", "detected", "transcribed", "described",
            "observed");
    private final Announcements bus;
    private final Counters counters;
    private final Map<String, Map<String, Object>> status = new ConcurrentHashMap<>();

    StatusRelay(Announcements bus, Counters counters) {
        this.bus = bus;
        this.counters = counters;
    }

    void relay(Observer observer, Protocol protocol, Map<String, Object> event) {
        Object tract = event.get("tract");
        Object ev = event.get("event");
        if (!(tract instanceof String t) || t.isBlank() || !(ev instanceof String e) || e.isBlank()) {
            throw new IngestException(400, "Missing tract or event", "missing_required_field",
                    "an event needs string fields 'tract' and 'event'");
        }
        if (!t.equals("observe") || PIPELINE_EVENTS.contains(e)) {
            // the reference relays anything; a device key must not start agent runs (cortex.request) or fake the
            // pipeline's own events (observe.observed would make think spend provider calls on nothing)
            throw new IngestException(400, "Event not relayed", "event_not_relayed", "observers may relay their own"
                    + " observe.* events (such as observe.status), not " + t.replaceAll("\\p{Cntrl}", "?") + "."
                    + e.replaceAll("\\p{Cntrl}", "?"));
        }
        Map<String, Object> fields = new LinkedHashMap<>(event);
        fields.remove("tract");
        fields.remove("event");
        fields.put(protocol.field(), observer.name());
        if (t.equals("observe") && e.equals("status")) {
            Stats s = counters.of(observer.prefix());
            synchronized (s) {
                s.lastSeen = System.currentTimeMillis();
            }
            counters.changed(s);
            Map<String, Object> latest = new LinkedHashMap<>(ObserverStatus.of(fields).fields());
            latest.put("received_at", System.currentTimeMillis());
            status.put(observer.prefix(), latest);
        }
        bus.emit(t, e, fields);
    }

    /** Forgets the observer's latest status (revoked: its key sends nothing more, so it would never be replaced). */
    void forget(String prefix) {
        status.remove(prefix);
    }

    Map<String, Map<String, Object>> latest() {
        return Map.copyOf(status);
    }
}
