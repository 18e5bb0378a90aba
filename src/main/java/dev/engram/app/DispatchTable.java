package dev.engram.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frozen handler lookup: handlers by {@code (tract, event)} pattern, in registration order. A lookup returns the
 * handlers of {@code (t,e)}, then {@code (t,*)}, then {@code (*,e)}, then {@code (*,*)}, as in the reference; a handler
 * declared for several matching patterns appears once per match. {@link #byApp} splits that list per app (each app's
 * handlers in the same order) for the app lanes. Results are cached per {@code (tract, event)} up to
 * {@link #CACHE_LIMIT} distinct pairs (beyond that they are computed each time).
 */
final class DispatchTable {
    static final int CACHE_LIMIT = 4096;
    static final DispatchTable EMPTY = new DispatchTable(List.of());
    private static final String ANY = "*";

    private final Map<Key, List<Handler>> byPattern;
    private final List<Handler> all;
    private final Map<Key, Lookup> cache = new ConcurrentHashMap<>();

    private record Key(String tract, String event) {
    }

    private record Lookup(List<Handler> all, Map<String, List<Handler>> byApp) {
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
        return lookup(tract, event).all();
    }

    /** The handlers of {@code (tract, event)} per app, apps in order of their first handler. */
    Map<String, List<Handler>> byApp(String tract, String event) {
        return lookup(tract, event).byApp();
    }

    private Lookup lookup(String tract, String event) {
        Key key = new Key(tract, event);
        Lookup cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        List<Handler> result = new ArrayList<>();
        add(result, tract, event);
        add(result, tract, ANY);
        add(result, ANY, event);
        add(result, ANY, ANY);
        Map<String, List<Handler>> perApp = new LinkedHashMap<>();
        for (Handler h : result) {
            perApp.computeIfAbsent(h.app(), a -> new ArrayList<>()).add(h);
        }
        Map<String, List<Handler>> frozenPerApp = new LinkedHashMap<>();
        perApp.forEach((a, hs) -> frozenPerApp.put(a, List.copyOf(hs)));
        Lookup lookup = new Lookup(List.copyOf(result), java.util.Collections.unmodifiableMap(frozenPerApp));
        if (cache.size() < CACHE_LIMIT) {
            cache.put(key, lookup);
        }
        return lookup;
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
