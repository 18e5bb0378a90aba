package dev.engram.convey;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts login attempts per client address: after {@code max} failures within the window, logins are refused. An
 * attempt is counted as a failure before the password is checked ({@link #tryAcquire}) and forgiven only when it
 * succeeds, so concurrent attempts cannot get past the limit while the slow hash runs.
 */
final class LoginLimiter {
    private static final int MAX_CLIENTS = 10_000;
    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new HashMap<>();

    LoginLimiter(int max, Duration window, Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** Seconds until the client may try again, or 0 when it may try now. */
    synchronized long retryAfterSeconds(String client) {
        Deque<Long> times = prune(client);
        if (times.size() < max) {
            return 0;
        }
        long wait = times.peekFirst() + window.toMillis() - clock.millis();
        return Math.max(1, (wait + 999) / 1000);
    }

    /**
     * Reserves one attempt: 0 when the client may try now (the attempt is counted as a failure until
     * {@link #succeeded}), else the seconds until it may try again (nothing counted).
     */
    synchronized long tryAcquire(String client) {
        long wait = retryAfterSeconds(client);
        if (wait == 0) {
            failed(client);
        }
        return wait;
    }

    synchronized void failed(String client) {
        if (failures.size() >= MAX_CLIENTS && !failures.containsKey(client)) {
            failures.clear();
        }
        prune(client).addLast(clock.millis());
    }

    synchronized void succeeded(String client) {
        failures.remove(client);
    }

    private Deque<Long> prune(String client) {
        Deque<Long> times = failures.computeIfAbsent(client, k -> new ArrayDeque<>());
        long oldest = clock.millis() - window.toMillis();
        while (!times.isEmpty() && times.peekFirst() < oldest) {
            times.removeFirst();
        }
        return times;
    }
}
