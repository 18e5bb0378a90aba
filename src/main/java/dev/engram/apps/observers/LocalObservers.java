package dev.engram.apps.observers;

import dev.engram.observe.api.ObserverStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The observers on this computer that put {@code observe.status} straight on the bus (the local tmux observer,
 * {@code engram observe tmux}) instead of relaying it through ingest with a key: the latest status of each, by its
 * {@code observer} name, for the Observers app's live view. In memory only (a status comes every 10 s); bounded to
 * {@value #MAX} names, the longest silent one is forgotten first. Thread-safe.
 */
final class LocalObservers {
    static final int MAX = 32;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Map<String, Seen> latest = new LinkedHashMap<>();

    private record Seen(String name, Map<String, Object> status, long at) {
    }

    /** Keeps the status's well-typed known fields only ({@link ObserverStatus}): any bus client may send one. */
    synchronized void update(String name, ObjectNode status, long now) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = JSON.convertValue(status, LinkedHashMap.class);
        latest.remove(name);
        latest.put(name, new Seen(name, ObserverStatus.of(fields).fields(), now));
        while (latest.size() > MAX) {
            latest.remove(latest.keySet().iterator().next());
        }
    }

    /**
     * Each local observer: {@code name, host, platform, stream, last_seen, freshness} (connected &lt; 30 s, stale &lt;
     * 120 s, else disconnected; {@code stopped} after its last status said it no longer captures), {@code status} and
     * {@code status_age_ms}.
     */
    synchronized List<Map<String, Object>> views(long now) {
        List<Seen> all = new ArrayList<>(latest.values());
        all.sort(Comparator.comparing(Seen::name));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Seen s : all) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("host", text(s.status().get("host")));
            m.put("platform", text(s.status().get("platform")));
            m.put("stream", text(s.status().get("stream")));
            m.put("last_seen", s.at());
            long age = now - s.at();
            boolean stopped = s.status().get("tmux") instanceof Map<?, ?> t && Boolean.FALSE.equals(t.get("capturing"));
            m.put("freshness", stopped ? "stopped" : age < 30_000 ? "connected" : age < 120_000 ? "stale"
                    : "disconnected");
            m.put("status", s.status());
            m.put("status_age_ms", Math.max(0, age));
            out.add(m);
        }
        return out;
    }

    private static String text(Object v) {
        return v instanceof String t ? t : "";
    }
}
