package dev.engram.observe.ingest;

import dev.engram.journal.Journal;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One observer's counters (last seen, last segment, segments and bytes received, segments observed, duplicates
 * rejected), kept in memory and written to {@code apps/observers/observers/<prefix>.stats.json} (atomically) at most
 * every {@link #SAVE_EVERY_MS} ms and at stop: the history stays the record of what was received, these are for
 * display. Thread-safe.
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

    Stats(String prefix) {
        this.prefix = prefix;
    }

    static Stats load(Journal journal, String prefix) {
        Stats s = new Stats(prefix);
        journal.readAppFile(KeyStore.APP, KeyStore.DIR, prefix + ".stats.json").ifPresent(text -> {
            try {
                JsonNode o = JSON.readTree(text);
                s.lastSeen = o.path("last_seen").asLong(0);
                s.lastSegment = o.path("last_segment").asString("");
                s.segmentsReceived = o.path("segments_received").asLong(0);
                s.bytesReceived = o.path("bytes_received").asLong(0);
                s.segmentsObserved = o.path("segments_observed").asLong(0);
                s.duplicatesRejected = o.path("duplicates_rejected").asLong(0);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Stats.class).warn("observer {}: unreadable counters file, starting"
                        + " from zero", prefix);
            }
        });
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
        journal.writeAppFile(KeyStore.APP, o.toPrettyString() + "\n", KeyStore.DIR, prefix + ".stats.json");
        savedAt = System.currentTimeMillis();
        dirty = false;
    }
}
