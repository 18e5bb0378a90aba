package dev.engram.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frozen handler lookup: handlers by {@code (tract, event)} pattern, in registration order. A lookup returns the
 * handlers of {@code (t,e)}, then {@code (t,*)}, then {@code (*,e)}, then {@code (*,*)}, as in the reference; a handler
 * declared for several matching patterns appears once per match. Results are cached per {@code (tract, event)} up to
 * {@link #CACHE_LIMIT} distinct pairs (beyond that they are computed each time).
 */
final class DispatchTable {
    static final int CACHE_LIMIT = 4096;
    static final DispatchTable EMPTY = new DispatchTable(List.of());
    private static final String ANY = "*";

    private final Map<Key, List<Handler>> byPattern;
    private final List<Handler> all;
    private final Map<Key, List<Handler>> cache = new ConcurrentHashMap<>();

    private record Key(String tract, String event) {
    }

    DispatchTable(List<Handler> handlers) {
        Map<Key, List<Handler>> map = new LinkedHashMap<>();
        for (Handler h : handlers) {
            map.computeIfAbsent(new Key(h.tract(), h.event()), k -> new ArrayList<>()).add(h);
        }
        Map<Key, List<Handler>> frozen = new LinkedHashMap<>();
        map.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        this.byPattern = Map.copyOf(frozen);
        this.all = List.copyOf(handlers);
    }

    List<Handler> handlersFor(String tract, String event) {
        Key key = new Key(tract, event);
        List<Handler> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        List<Handler> result = new ArrayList<>();
        add(result, tract, event);
        add(result, tract, ANY);
        add(result, ANY, event);
        add(result, ANY, ANY);
        List<Handler> frozen = List.copyOf(result);
        if (cache.size() < CACHE_LIMIT) {
            cache.put(key, frozen);
        }
        return frozen;
    }

    private void add(List<Handler> into, String tract, String event) {
        into.addAll(byPattern.getOrDefault(new Key(tract, event), List.of()));
    }

    /** Every registration (one per handler and pattern). */
    List<Handler> all() {
        return all;
    }

    DispatchTable plus(List<Handler> more) {
        List<Handler> combined = new ArrayList<>(all);
        combined.addAll(more);
        return new DispatchTable(combined);
    }
}
