package dev.engram.convey;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side login sessions: random 256-bit ids, forgotten after 30 days idle; at most {@code cap} sessions (the
 * least recently used goes first). In memory only: a restart logs everyone out. Thread-safe.
 */
final class Sessions {
    static final Duration IDLE = Duration.ofDays(30);
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private final int cap;
    private final Clock clock;

    Sessions(int cap, Clock clock) {
        this.cap = cap;
        this.clock = clock;
    }

    synchronized String create() {
        long now = clock.millis();
        lastSeen.values().removeIf(t -> now - t > IDLE.toMillis());
        while (lastSeen.size() >= cap) {
            lastSeen.entrySet().stream().min(Comparator.comparingLong(Map.Entry::getValue))
                    .ifPresent(e -> lastSeen.remove(e.getKey()));
        }
        String id = Tokens.random();
        lastSeen.put(id, now);
        return id;
    }

    /** Whether the id names a live session; refreshes its idle time. */
    boolean touch(Optional<String> id) {
        if (id.isEmpty() || !Tokens.wellFormed(id.get())) {
            return false;
        }
        long now = clock.millis();
        Long seen = lastSeen.computeIfPresent(id.get(), (k, t) -> now - t > IDLE.toMillis() ? null : now);
        return seen != null;
    }

    void remove(Optional<String> id) {
        id.ifPresent(lastSeen::remove);
    }

    int size() {
        return lastSeen.size();
    }
}
