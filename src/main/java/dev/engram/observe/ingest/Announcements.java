package dev.engram.observe.ingest;

import dev.engram.callosum.Emitter;
import dev.engram.journal.CommittedSegment;
import dev.engram.journal.StoredFile;
import dev.engram.observe.api.Protocol;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest's side of the bus: {@code observe.observing} for each stored segment and the observers' relayed events.
 * An {@code observe.observing} the bus did not take is kept (oldest first, at most {@link #MAX_UNSENT}; past that the
 * oldest is dropped, counted and logged) and sent again before any later event and by {@link #resend()}, so a
 * stored segment is announced even when the bus was briefly away. Other events that fail are only counted. Never
 * throws: the upload it announces is already durable and answered. Thread-safe.
 */
final class Announcements {
    private static final Logger LOG = LoggerFactory.getLogger(Announcements.class);
    static final int MAX_UNSENT = 10_000;
    private final Emitter bus;
    private final ArrayDeque<Map<String, Object>> unsent = new ArrayDeque<>();
    private final AtomicLong unsentDropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** {@code unsent.size()}, readable without the lock: the common case (nothing kept) takes no lock per upload. */
    private volatile int waiting;

    Announcements(Emitter bus) {
        this.bus = bus;
    }

    /**
     * {@code observe.observing} {segment, day, files, remote|observer, host?, platform?, stream, meta? (later
     * protocol)} of a committed upload; {@code meta} is the upload's merged meta (host and platform included).
     */
    void observing(Protocol protocol, String observerName, String day, CommittedSegment done, String stream,
                   Map<String, Object> meta) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("segment", done.segment().key().key());
        ev.put("day", day);
        ev.put("files", done.files().stream().map(StoredFile::name).toList());
        ev.put(protocol.field(), observerName);
        Object host = meta.get("host");
        Object platform = meta.get("platform");
        if (host != null) {
            ev.put("host", host);
        }
        if (platform != null) {
            ev.put("platform", platform);
        }
        ev.put("stream", stream);
        if (protocol == Protocol.OBSERVER) {
            Map<String, Object> m = new LinkedHashMap<>(meta);
            m.put("stream", stream);
            ev.put("meta", m);
        }
        emit("observe", "observing", ev);
    }

    /** Sends one event, after the kept announcements; a failed {@code observe.observing} is kept for later. */
    void emit(String tract, String event, Map<String, Object> fields) {
        boolean observing = tract.equals("observe") && event.equals("observing");
        boolean sent = resend() && send(tract, event, fields);
        if (!sent && observing) {
            synchronized (unsent) {
                if (unsent.size() >= MAX_UNSENT) {
                    unsent.removeFirst();
                    LOG.warn("{} observe.observing announcements dropped: the bus took none of the last {}",
                            unsentDropped.incrementAndGet(), MAX_UNSENT);
                }
                unsent.addLast(fields);
                waiting = unsent.size();
            }
        }
        if (!sent) {
            long n = failures.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.warn("{}.{} could not be sent to the bus ({} so far): is the bus running?", tract, event, n);
            }
        }
    }

    /** Sends the announcements the bus did not take before; true when none is left. */
    boolean resend() {
        if (waiting == 0) {
            return true;
        }
        synchronized (unsent) {
            while (!unsent.isEmpty()) {
                if (!send("observe", "observing", unsent.getFirst())) {
                    return false;
                }
                unsent.removeFirst();
                waiting = unsent.size();
            }
            return true;
        }
    }

    /** Stored segments whose {@code observe.observing} is still waiting for the bus. */
    int unsent() {
        synchronized (unsent) {
            return unsent.size();
        }
    }

    /** Events that could not be sent (no bus, queue full). */
    long failures() {
        return failures.get();
    }

    private boolean send(String tract, String event, Map<String, Object> fields) {
        try {
            return bus.emit(tract, event, fields);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
