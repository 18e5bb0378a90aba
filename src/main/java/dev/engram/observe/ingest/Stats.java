package dev.engram.observe.ingest;

import dev.engram.journal.Journal;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One observer's counters (last seen, last segment, segments and bytes received, segments observed, duplicates
 * rejected), kept in memory and written to {@code apps/observers/observers/<prefix>.stats.json} (atomically) at most
 * every {@link #SAVE_EVERY_MS} ms and at stop. The history stays the record of what was received: at load the
 * received, bytes and observed counts (and the last segment) are taken from it ({@link HistoryTotals}, which keeps
 * its per-day counts in the same file), so a crash before a save loses none of them; only the duplicates rejected
 * and the last time seen may lag by the last {@link #SAVE_EVERY_MS} ms. Load an observer's counters before its first
 * history line of this process is written (else that line would be counted twice). Thread-safe.
 */
final class Stats {
    static final long SAVE_EVERY_MS = 2000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String prefix;
    long lastSeen;
    String lastSegment = "";
    long segmentsReceived;
    long bytesReceived;
    long segmentsObserved;
    long duplicatesRejected;
    private long savedAt;
    private boolean dirty;
    /** The history's per-day counts as of the load (saved with the counters: the next load reads only the rest). */
    private Map<String, HistoryTotals.DayTotals> days = Map.of();

    Stats(String prefix) {
        this.prefix = prefix;
    }

    static Stats load(Journal journal, History history, String prefix) {
        Stats s = new Stats(prefix);
        Map<String, HistoryTotals.DayTotals> cached = new HashMap<>();
        journal.readAppFile(KeyStore.APP, KeyStore.DIR, prefix + ".stats.json").ifPresent(text -> {
            try {
                JsonNode o = JSON.readTree(text);
                s.lastSeen = o.path("last_seen").asLong(0);
                s.lastSegment = o.path("last_segment").asString("");
                s.duplicatesRejected = o.path("duplicates_rejected").asLong(0);
                o.path("history_days").properties().forEach(e -> cached.put(e.getKey(),
                        HistoryTotals.DayTotals.decode(e.getValue())));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Stats.class).warn("observer {}: unreadable counters file; the"
                        + " counts are taken from the upload history, duplicates rejected start from zero", prefix);
            }
        });
        s.days = HistoryTotals.count(history, prefix, cached);
        HistoryTotals.Sums sums = HistoryTotals.sum(s.days);
        s.segmentsReceived = sums.received();
        s.bytesReceived = sums.bytes();
        s.segmentsObserved = sums.observed();
        if (sums.lastTs() > 0) {
            s.lastSegment = sums.lastSegment();
            s.lastSeen = Math.max(s.lastSeen, sums.lastTs());
        }
        s.dirty = !s.days.equals(cached); // counted again: keep the new counts for the next load
        return s;
    }

    synchronized void changed(Journal journal) {
        dirty = true;
        long now = System.currentTimeMillis();
        if (now - savedAt >= SAVE_EVERY_MS) {
            save(journal);
        }
    }

    synchronized void save(Journal journal) {
        if (!dirty) {
            return;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("last_seen", lastSeen);
        o.put("last_segment", lastSegment);
        o.put("segments_received", segmentsReceived);
        o.put("bytes_received", bytesReceived);
        o.put("segments_observed", segmentsObserved);
        o.put("duplicates_rejected", duplicatesRejected);
        ObjectNode perDay = o.putObject("history_days");
        days.forEach((day, t) -> t.encode(perDay.putObject(day)));
        journal.writeAppFile(KeyStore.APP, o.toPrettyString() + "\n", KeyStore.DIR, prefix + ".stats.json");
        savedAt = System.currentTimeMillis();
        dirty = false;
    }
}
