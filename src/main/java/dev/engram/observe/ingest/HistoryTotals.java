package dev.engram.observe.ingest;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An observer's received and observed counts as its upload history says them: the history is the record, the
 * counters file only a cache of it. Each day's totals are kept in the counters file with the size its history file
 * had when they were counted; a day whose file has another size now (uploads or {@code observed} lines since, or a
 * crash before the counters were saved) is counted again from its file. So a kill -9 loses no count of what was
 * received, and a start reads only the days that changed since the last count. Not thread-safe: used while one
 * {@link Stats} is loaded.
 */
final class HistoryTotals {
    /** One day's counts and the size of the history file they were counted from. */
    record DayTotals(long size, long received, long bytes, long observed, long lastTs, String lastSegment) {
        ObjectNode encode(ObjectNode o) {
            o.put("size", size);
            o.put("received", received);
            o.put("bytes", bytes);
            o.put("observed", observed);
            o.put("last_ts", lastTs);
            o.put("last_segment", lastSegment);
            return o;
        }

        static DayTotals decode(JsonNode o) {
            return new DayTotals(o.path("size").asLong(-1), o.path("received").asLong(0), o.path("bytes").asLong(0),
                    o.path("observed").asLong(0), o.path("last_ts").asLong(0), o.path("last_segment").asString(""));
        }
    }

    /** The sums over every day, and the latest upload ({@code day/segment} and its time). */
    record Sums(long received, long bytes, long observed, long lastTs, String lastSegment) {
    }

    private HistoryTotals() {
    }

    /**
     * Every history day of {@code prefix}: the cached totals where its file still has the size they were counted
     * from, else counted again from the file. Returns the days' totals (to cache), newest counts included.
     */
    static Map<String, DayTotals> count(History history, String prefix, Map<String, DayTotals> cached) {
        Map<String, DayTotals> out = new LinkedHashMap<>();
        for (String day : history.days(prefix).reversed()) {
            long size = history.size(prefix, day);
            DayTotals c = cached.get(day);
            out.put(day, c != null && c.size() == size ? c : countDay(history, prefix, day, size));
        }
        return out;
    }

    /** The sums of {@link #count}'s days. */
    static Sums sum(Map<String, DayTotals> days) {
        long received = 0;
        long bytes = 0;
        long observed = 0;
        long lastTs = 0;
        String last = "";
        for (Map.Entry<String, DayTotals> e : days.entrySet()) {
            DayTotals d = e.getValue();
            received += d.received();
            bytes += d.bytes();
            observed += d.observed();
            if (d.received() > 0 && d.lastTs() >= lastTs) {
                lastTs = d.lastTs();
                last = e.getKey() + "/" + d.lastSegment();
            }
        }
        return new Sums(received, bytes, observed, lastTs, last);
    }

    private static DayTotals countDay(History history, String prefix, String day, long size) {
        long received = 0;
        long bytes = 0;
        long lastTs = 0;
        String lastSegment = "";
        Set<String> observed = new HashSet<>();
        for (ObjectNode r : history.read(prefix, day)) {
            String segment = r.path("segment").asString("");
            if ("observed".equals(r.path("type").asString(""))) {
                observed.add(segment); // an older history may say it twice
            } else if (r.has("files")) {
                received++;
                for (JsonNode f : r.get("files")) {
                    bytes += f.path("size").asLong(0);
                }
                long ts = r.path("ts").asLong(0);
                if (ts >= lastTs) {
                    lastTs = ts;
                    lastSegment = segment;
                }
            }
        }
        return new DayTotals(size, received, bytes, observed.size(), lastTs, lastSegment);
    }
}
