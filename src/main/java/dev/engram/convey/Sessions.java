package dev.engram.convey;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side login sessions: random 256-bit ids, forgotten after 30 days idle; at most {@code cap} sessions (the
 * least recently used goes first). Each session remembers a fingerprint of the password it was opened with, so
 * changing the password ends every session. In memory only: a restart logs everyone out. Thread-safe.
 */
final class Sessions {
    static final Duration IDLE = Duration.ofDays(30);
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final int cap;
    private final Clock clock;

    private record Session(long lastSeen, String credential) {
    }

    Sessions(int cap, Clock clock) {
        this.cap = cap;
        this.clock = clock;
    }

    /** Opens a session for the holder of {@code credential} (see {@link Passwords#fingerprint}). */
    synchronized String create(String credential) {
        long now = clock.millis();
        sessions.values().removeIf(s -> now - s.lastSeen() > IDLE.toMillis());
        while (sessions.size() >= cap) {
            sessions.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().lastSeen()))
                    .ifPresent(e -> sessions.remove(e.getKey()));
        }
        String id = Tokens.random();
        sessions.put(id, new Session(now, credential));
        return id;
    }

    /**
     * Whether the id names a live session opened with the current credential; refreshes its idle time. A session
     * of an older password, or idle too long, is forgotten.
     */
    boolean touch(Optional<String> id, String credential) {
        if (id.isEmpty() || !Tokens.wellFormed(id.get())) {
            return false;
        }
        long now = clock.millis();
        Session s = sessions.computeIfPresent(id.get(), (k, old) ->
                now - old.lastSeen() > IDLE.toMillis() || !old.credential().equals(credential) ? null
                        : new Session(now, old.credential()));
        return s != null;
    }

    void remove(Optional<String> id) {
        id.ifPresent(sessions::remove);
    }

    int size() {
        return sessions.size();
    }
}
