package dev.engram.apps.observers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The observers on this computer that put {@code observe.status} straight on the bus (the local tmux observer,
 * {@code engram observe tmux}) instead of relaying it through ingest with a key: the latest status of each, by its
 * {@code observer} name, for the Observers app's live view. In memory only (a status comes every 10 s); bounded to
 * {@value #MAX} names, the longest silent one is forgotten first. Thread-safe.
 */
final class LocalObservers {
    static final int MAX = 32;
    private final Map<String, Seen> latest = new LinkedHashMap<>();

    private record Seen(String name, ObjectNode status, long at) {
    }

    synchronized void update(String name, ObjectNode status, long now) {
        latest.remove(name);
        latest.put(name, new Seen(name, status, now));
        while (latest.size() > MAX) {
            latest.remove(latest.keySet().iterator().next());
        }
    }

    /**
     * Each local observer: {@code name, host, platform, stream, last_seen, freshness} (connected &lt; 30 s, stale &lt;
     * 120 s, else disconnected; {@code stopped} after its last status said it no longer captures) and {@code status}.
     */
    synchronized List<Map<String, Object>> views(long now) {
        List<Seen> all = new ArrayList<>(latest.values());
        all.sort(Comparator.comparing(Seen::name));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Seen s : all) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("host", s.status().path("host").asString(""));
            m.put("platform", s.status().path("platform").asString(""));
            m.put("stream", s.status().path("stream").asString(""));
            m.put("last_seen", s.at());
            long age = now - s.at();
            boolean stopped = s.status().path("tmux").path("capturing").isBoolean()
                    && !s.status().path("tmux").path("capturing").asBoolean();
            m.put("freshness", stopped ? "stopped" : age < 30_000 ? "connected" : age < 120_000 ? "stale"
                    : "disconnected");
            ObjectNode status = s.status().deepCopy();
            status.remove("tract");
            status.remove("event");
            m.put("status", status);
            out.add(m);
        }
        return out;
    }
}
